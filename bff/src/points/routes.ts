/**
 * HTTP for 奖惩考核: `/api/points/...` (ledger, leaderboards, export, appeals) and `/api/rules/...`
 * (versions, draft, preview, publish). Thin: parse → authorise (policy.ts) → command → present.
 */
import {
  appealListQuery,
  boardQuery,
  createAppealBody,
  decideAppealBody,
  exportQuery,
  ledgerQuery,
  previewBody,
  publishRulesBody,
  saveDraftBody,
  taskIdParam,
} from '@jqtb/shared'
import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { taskDeps } from '../tasks/log'
import { createAppeal, decideAppeal, publishRuleVersion, saveRulesDraft } from './commands'
import { buildAssessmentWorkbook } from './export'
import { assertAdmin, assertCanExport } from './policy'
import { previewRules } from './preview'
import { leaderboard, listAppeals, personPoints, rulesOverview, ruleVersions, taskPoints } from './queries'

/** Rule-form errors name the field in Chinese already: say 规则有误 instead of echoing the JSON path. */
function parseRules<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  try {
    return parse(schema, input)
  } catch (err) {
    const fields = (err as AppError).details as { fields?: Array<{ path: string; message: string }> } | undefined
    const first = fields?.fields?.[0]
    if (err instanceof AppError && first?.path.startsWith('rules.')) throw new AppError('VALIDATION_FAILED', `规则有误：${first.message}`, err.details)
    throw err
  }
}

const userIdParam = z.string().min(1).max(100)
const entryIdParam = z.string().min(1).max(300)

export function pointsRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)

  describeRoute(router, {
    method: 'get',
    path: '/api/points/me',
    tag: 'points',
    summary: '我的积分：本期总分（含封顶说明）与每一条积分记录及原因',
    query: ledgerQuery,
    response: 'PersonPointsView',
  })
  router.get('/api/points/me', auth, async (ctx) => {
    const user = currentUser(ctx)
    const q = parse(ledgerQuery, ctx.query)
    ctx.body = await personPoints(deps, user, user.id, q.period)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/points/people/:userId',
    tag: 'points',
    summary: '某人的积分明细（管理员、社治中心、本部门负责人、本社区干部）',
    query: ledgerQuery,
    response: 'PersonPointsView',
    errors: [403, 404],
  })
  router.get('/api/points/people/:userId', auth, async (ctx) => {
    const q = parse(ledgerQuery, ctx.query)
    ctx.body = await personPoints(deps, currentUser(ctx), parse(userIdParam, ctx.params.userId), q.period)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/points/leaderboard',
    tag: 'points',
    summary: '排行榜：个人、网格、村/社区、部门',
    query: boardQuery,
    response: 'BoardView',
  })
  router.get('/api/points/leaderboard', auth, async (ctx) => {
    const q = parse(boardQuery, ctx.query)
    ctx.body = await leaderboard(deps, currentUser(ctx), q.period, q.board)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/points/export',
    tag: 'points',
    summary: '导出月度考核表（.xlsx）：管理员与社治中心为全部，部门负责人为本部门',
    query: exportQuery,
    response: '考核表',
    binary: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    errors: [403],
  })
  router.get('/api/points/export', auth, async (ctx) => {
    const scope = assertCanExport(currentUser(ctx))
    const q = parse(exportQuery, ctx.query)
    const { buffer, filename } = await buildAssessmentWorkbook(deps, q.period, scope)
    ctx.set('Content-Disposition', `attachment; filename="assessment.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    ctx.body = buffer
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/points/tasks/:taskId',
    tag: 'points',
    summary: '一件工单产生的积分记录与申诉（工单详情的积分时间线）',
    response: 'TaskPointsView',
    errors: [403, 404],
  })
  router.get('/api/points/tasks/:taskId', auth, async (ctx) => {
    ctx.body = await taskPoints(taskDeps(deps), currentUser(ctx), parse(taskIdParam, ctx.params.taskId))
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/points/appeals',
    tag: 'points',
    summary: '对自己的一条扣分提出申诉（每条一次，扣分后 30 天内）',
    body: createAppealBody,
    bodyName: 'CreateAppealBody',
    response: 'AppealView',
    status: 201,
    errors: [400, 403, 404, 409, 422],
  })
  router.post('/api/points/appeals', auth, async (ctx) => {
    const body = parse(createAppealBody, ctx.request.body)
    ctx.status = 201
    ctx.body = await createAppeal(taskDeps(deps), currentUser(ctx), body)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/points/appeals',
    tag: 'points',
    summary: '申诉列表，新到旧分页（管理员：全部；其他人：自己的）',
    query: appealListQuery,
    response: 'AppealListView',
    errors: [400],
  })
  router.get('/api/points/appeals', auth, async (ctx) => {
    const q = parse(appealListQuery, ctx.query)
    ctx.body = await listAppeals(deps, currentUser(ctx), q)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/points/appeals/:entryId/decide',
    tag: 'points',
    summary: '处理申诉：维持原扣分，或申诉成立（写入冲正记录）',
    body: decideAppealBody,
    bodyName: 'DecideAppealBody',
    response: 'AppealView',
    errors: [400, 403, 404, 409],
  })
  router.post('/api/points/appeals/:entryId/decide', auth, async (ctx) => {
    const body = parse(decideAppealBody, ctx.request.body)
    ctx.body = await decideAppeal(taskDeps(deps), currentUser(ctx), parse(entryIdParam, ctx.params.entryId), body)
  })

  // ---------------------------------------------------------------------------------------------
  // Rules

  describeRoute(router, { method: 'get', path: '/api/rules', tag: 'rules', summary: '考核规则：现行版本、最新版本、草稿（管理员）', response: 'RulesOverview' })
  router.get('/api/rules', auth, async (ctx) => {
    ctx.body = await rulesOverview(deps, currentUser(ctx))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/rules/versions',
    tag: 'rules',
    summary: '规则版本历史（新到旧），含每版改动',
    response: '{ items: RuleVersionView[] }',
  })
  router.get('/api/rules/versions', auth, async (ctx) => {
    ctx.body = { items: await ruleVersions(deps) }
  })

  describeRoute(router, {
    method: 'put',
    path: '/api/rules/draft',
    tag: 'rules',
    summary: '保存规则草稿（管理员）；他人已保存时 409',
    body: saveDraftBody,
    bodyName: 'SaveRulesDraftBody',
    response: 'RuleDraftView',
    errors: [400, 403, 409],
  })
  router.put('/api/rules/draft', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user)
    ctx.body = await saveRulesDraft(deps, user, parseRules(saveDraftBody, ctx.request.body))
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/rules/preview',
    tag: 'rules',
    summary: '预览：按草稿重算上一考核期，列出得分增加和减少的人员、网格、部门（管理员）',
    body: previewBody,
    bodyName: 'PreviewRulesBody',
    response: 'RulePreviewView',
    errors: [400, 403],
  })
  router.post('/api/rules/preview', auth, async (ctx) => {
    assertAdmin(currentUser(ctx), '预览考核规则')
    const body = parseRules(previewBody, ctx.request.body)
    ctx.body = await previewRules(taskDeps(deps), body.rules, body.period)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/rules/publish',
    tag: 'rules',
    summary: '发布新版本规则（管理员）：生效日期为今天以后的某日，或不填则 1 分钟后生效；他人先发布时 409',
    body: publishRulesBody,
    bodyName: 'PublishRulesBody',
    response: 'RuleVersionView',
    status: 201,
    errors: [400, 403, 409, 422],
  })
  router.post('/api/rules/publish', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user)
    const body = await publishRuleVersion(deps, user, parseRules(publishRulesBody, ctx.request.body))
    ctx.status = 201
    ctx.body = body
  })
}
