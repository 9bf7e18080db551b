/**
 * HTTP for 三色预警 and 重点关注: `/api/risk/tasks/...` (the card, setting a colour by hand),
 * `/api/risk/watch/...` (the watch list) and `/api/risk/rules/...` (versions, draft, preview,
 * publish). Thin: parse → authorise (policy.ts) → command → present.
 */
import {
  addWatchBody,
  closeWatchBody,
  previewRiskBody,
  publishRiskRulesBody,
  reviewWatchBody,
  saveRiskDraftBody,
  setRiskColourBody,
  taskId,
  watchId,
  watchListQuery,
  watchResponsibleBody,
} from '@jqtb/shared'
import type Router from '@koa/router'
import type { Context } from 'koa'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { parse } from '../infra/validate'
import { actorOf } from '../kernel/actor'
import { describeRoute } from '../openapi/registry'
import { taskDeps } from '../tasks/log'
import { addToWatch, closeWatch, publishRiskRuleVersion, reviewWatch, saveRiskRulesDraft, setColourByHand, setResponsible } from './commands'
import { assertKeepsWatch, assertRiskAdmin } from './policy'
import { previewRiskRules } from './preview'
import { riskCardOf, riskRulesOverview, riskRuleVersions, watchDetailOf, watchKeepers, watchListOf } from './queries'
import { riskRulesAt } from './rule-versions'

const idParams = z.object({ id: taskId }).strict()
const watchParams = z.object({ id: watchId }).strict()

/** Rule-form errors name the field in Chinese already: say 预警规则有误 instead of echoing the JSON path. */
function parseRules<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  try {
    return parse(schema, input)
  } catch (err) {
    const first = ((err as AppError).details as { fields?: Array<{ path: string; message: string }> } | undefined)?.fields?.[0]
    if (err instanceof AppError && first?.path.startsWith('rules.')) throw new AppError('VALIDATION_FAILED', `预警规则有误：${first.message}`, err.details)
    throw err
  }
}

export function riskRoutes(router: Router, appDeps: AppDeps) {
  const auth = requireAuth(appDeps)
  const deps = taskDeps(appDeps)
  const now = () => deps.clock.now()
  const rules = async () => (await riskRulesAt(deps.db, now())).rules
  /** the watch list's keepers only (the rules name the 派出所) */
  const keeper = async (ctx: Context, what?: string) => {
    const user = currentUser(ctx)
    const r = await rules()
    assertKeepsWatch(user, r, what)
    return { user, rules: r }
  }

  describeRoute(router, {
    method: 'get',
    path: '/api/risk/tasks/:id',
    tag: 'risk',
    summary: '工单的风险卡片「为什么是红色」：颜色、由谁决定、按现行规则的评分与每一项原因、变化记录；关联案件仅社治中心和派出所可见',
    response: 'RiskCardView',
    errors: [400, 403, 404],
  })
  router.get('/api/risk/tasks/:id', auth, async (ctx) => {
    const { id } = parse(idParams, { id: ctx.params.id })
    ctx.body = await riskCardOf(deps, currentUser(ctx), id)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/risk/tasks/:id/colour',
    tag: 'risk',
    summary: '人工设定预警颜色（社治中心、派出所；须填理由，记入工单时间线）；人工红色不会被系统降低',
    body: setRiskColourBody,
    bodyName: 'SetRiskColourBody',
    response: 'RiskCardView',
    errors: [400, 403, 404, 409],
  })
  router.post('/api/risk/tasks/:id/colour', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { id } = parse(idParams, { id: ctx.params.id })
    const body = parse(setRiskColourBody, ctx.request.body ?? {})
    await setColourByHand(deps, user, id, body.colour, body.reason)
    ctx.body = await riskCardOf(deps, user, id)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/risk/watch',
    tag: 'risk',
    summary: '重点关注（民转刑）名单：当事人与地址，按颜色和评分排序（社治中心、派出所）',
    query: watchListQuery,
    response: 'WatchListView',
    errors: [400, 403],
  })
  router.get('/api/risk/watch', auth, async (ctx) => {
    await keeper(ctx)
    const q = parse(watchListQuery, ctx.query)
    ctx.set('cache-control', 'no-store')
    ctx.body = await watchListOf(deps, q)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/risk/watch/:id',
    tag: 'risk',
    summary: '重点关注对象详情：评分、趋势、每件关联案件及来源渠道、最近联系、跟进责任人、复核与销号记录',
    response: 'WatchDetailView',
    errors: [400, 403, 404],
  })
  router.get('/api/risk/watch/:id', auth, async (ctx) => {
    await keeper(ctx)
    const { id } = parse(watchParams, { id: ctx.params.id })
    ctx.set('cache-control', 'no-store')
    ctx.body = await watchDetailOf(deps, id)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/risk/watch',
    tag: 'risk',
    summary: '人工列入重点关注：当事人（姓名与电话）或地址，须填理由（社治中心、派出所）',
    body: addWatchBody,
    bodyName: 'AddWatchBody',
    response: 'WatchDetailView',
    status: 201,
    errors: [400, 403, 409, 422],
  })
  router.post('/api/risk/watch', auth, async (ctx) => {
    const { user, rules: r } = await keeper(ctx, '列入重点关注')
    const body = parse(addWatchBody, ctx.request.body ?? {})
    const sid = await addToWatch(deps, user, body, r)
    ctx.status = 201
    ctx.body = await watchDetailOf(deps, sid)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/risk/watch/:id/close',
    tag: 'risk',
    summary: '销号：须填理由，且须平稳满规定天数、没有未办结的红色预警案件',
    body: closeWatchBody,
    bodyName: 'CloseWatchBody',
    response: 'WatchDetailView',
    errors: [400, 403, 404, 409, 422],
  })
  router.post('/api/risk/watch/:id/close', auth, async (ctx) => {
    const { user, rules: r } = await keeper(ctx, '销号')
    const { id } = parse(watchParams, { id: ctx.params.id })
    const body = parse(closeWatchBody, ctx.request.body ?? {})
    await closeWatch(deps, user, id, body.reason, r)
    ctx.body = await watchDetailOf(deps, id)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/risk/watch/:id/review',
    tag: 'risk',
    summary: '每周复核：记录复核情况',
    body: reviewWatchBody,
    bodyName: 'ReviewWatchBody',
    response: 'WatchDetailView',
    errors: [400, 403, 404, 422],
  })
  router.post('/api/risk/watch/:id/review', auth, async (ctx) => {
    const { user, rules: r } = await keeper(ctx, '复核重点关注对象')
    const { id } = parse(watchParams, { id: ctx.params.id })
    const body = parse(reviewWatchBody, ctx.request.body ?? {})
    await reviewWatch(deps, user, id, body.note, r)
    ctx.body = await watchDetailOf(deps, id)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/risk/watch/:id/responsible',
    tag: 'risk',
    summary: '指定跟进责任人（派出所或社治中心的人员）',
    body: watchResponsibleBody,
    bodyName: 'WatchResponsibleBody',
    response: 'WatchDetailView',
    errors: [400, 403, 404, 422],
  })
  router.post('/api/risk/watch/:id/responsible', auth, async (ctx) => {
    const { user, rules: r } = await keeper(ctx, '指定跟进责任人')
    const { id } = parse(watchParams, { id: ctx.params.id })
    const body = parse(watchResponsibleBody, ctx.request.body ?? {})
    await setResponsible(deps, user, id, body.userId, r)
    ctx.body = await watchDetailOf(deps, id)
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/risk/watch-keepers',
    tag: 'risk',
    summary: '可指定为跟进责任人的人员（派出所、社治中心）',
    response: 'AssigneeList',
    errors: [403],
  })
  router.get('/api/risk/watch-keepers', auth, async (ctx) => {
    const { rules: r } = await keeper(ctx)
    ctx.body = { items: await watchKeepers(deps, r) }
  })

  // ---------------------------------------------------------------------------------------------
  // Rules

  describeRoute(router, {
    method: 'get',
    path: '/api/risk/rules',
    tag: 'risk',
    summary: '预警规则：现行版本、最新版本、草稿（管理员）',
    response: 'RiskRulesOverview',
  })
  router.get('/api/risk/rules', auth, async (ctx) => {
    ctx.body = await riskRulesOverview(deps, currentUser(ctx))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/risk/rules/versions',
    tag: 'risk',
    summary: '预警规则版本历史（新到旧），含每版改动',
    response: 'RiskRuleVersionList',
  })
  router.get('/api/risk/rules/versions', auth, async (ctx) => {
    ctx.body = { items: await riskRuleVersions(deps) }
  })

  describeRoute(router, {
    method: 'put',
    path: '/api/risk/rules/draft',
    tag: 'risk',
    summary: '保存预警规则草稿（管理员）；他人已保存时 409',
    body: saveRiskDraftBody,
    bodyName: 'SaveRiskDraftBody',
    response: 'RiskRuleDraftView',
    errors: [400, 403, 409],
  })
  router.put('/api/risk/rules/draft', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertRiskAdmin(user)
    ctx.body = await saveRiskRulesDraft(deps, actorOf(user), parseRules(saveRiskDraftBody, ctx.request.body))
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/risk/rules/preview',
    tag: 'risk',
    summary: '预览：按草稿重算近 90 天的案件，列出颜色会改变的案件及原因（管理员）',
    body: previewRiskBody,
    bodyName: 'PreviewRiskRulesBody',
    response: 'RiskPreviewView',
    errors: [400, 403],
  })
  router.post('/api/risk/rules/preview', auth, async (ctx) => {
    assertRiskAdmin(currentUser(ctx), '预览预警规则')
    const body = parseRules(previewRiskBody, ctx.request.body)
    ctx.body = await previewRiskRules(deps, body.rules)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/risk/rules/publish',
    tag: 'risk',
    summary: '发布新版本预警规则（管理员）：指定今天以后的生效日期，或不填则 1 分钟后生效；他人先发布时 409',
    body: publishRiskRulesBody,
    bodyName: 'PublishRiskRulesBody',
    response: 'RiskRuleVersionView',
    status: 201,
    errors: [400, 403, 409, 422],
  })
  router.post('/api/risk/rules/publish', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertRiskAdmin(user)
    const body = parseRules(publishRiskRulesBody, ctx.request.body)
    ctx.status = 201
    ctx.body = await publishRiskRuleVersion(deps, actorOf(user), body)
  })
}
