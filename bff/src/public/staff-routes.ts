/** The centre's endpoints for public cases: the desk's lookup by case code, accepting into a task, 回访. */
import { answerConsultBody, caseCode, departmentCode, phoneFollowupBody, resolveFollowupBody, territoryCode } from '@jqtb/shared'
import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { answerQuestion, questionForStaff, questionQueue, questionToDispute } from './consultations'
import { acceptCase, recordPhoneFollowup, resolveFollowup } from './desk'
import { decideMediatorRequest } from './mediator-choice'
import { assertAnswerConsultations, assertCentreAct, assertCentreDesk } from './policy'
import { followupQueue, lookupCase } from './queries'

const TAG = 'public-desk'
const codeParam = z.object({ code: caseCode }).strict()
const questionParam = z.object({ id: z.string().regex(/^Q[0-9A-F]{15}$/, '咨询编号格式不正确') }).strict()
const acceptBody = z.object({ department: departmentCode.optional(), territory: territoryCode.optional() }).strict()
const decideBody = z.object({ decision: z.enum(['confirm', 'decline']), reason: z.string().trim().max(200).optional() }).strict()

export function staffRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)

  describeRoute(router, {
    method: 'get',
    path: '/api/public-cases/:code',
    tag: TAG,
    summary: '接待窗口扫码或输入案件码，打开群众上报的案件（社治中心、管理员）',
    response: 'StaffPublicCaseView',
    errors: [400, 403, 404],
  })
  router.get('/api/public-cases/:code', auth, async (ctx) => {
    assertCentreDesk(currentUser(ctx))
    ctx.body = await lookupCase(deps, parse(codeParam, ctx.params).code)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/public-cases/:code/accept',
    tag: TAG,
    summary: '受理群众上报：建工单（来源编号 = 案件码，可同时分派部门；地点不能确定到村社时须指定属地 territory）；重复受理回答同一工单',
    body: acceptBody,
    bodyName: 'AcceptPublicCaseRequest',
    response: '{ taskId }',
    errors: [400, 403, 404, 422],
  })
  router.post('/api/public-cases/:code/accept', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCentreAct(user)
    ctx.body = await acceptCase(deps, user, parse(codeParam, ctx.params).code, parse(acceptBody, ctx.request.body ?? {}))
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/public-cases/:code/mediator',
    tag: TAG,
    summary: '群众选择的调解员：确认（登记为当事人指定调解员）或说明不能安排的原因',
    body: decideBody,
    bodyName: 'DecideMediatorRequest',
    response: '{ state }',
    errors: [400, 403, 404, 422],
  })
  router.post('/api/public-cases/:code/mediator', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCentreAct(user)
    ctx.body = await decideMediatorRequest(deps, user, parse(codeParam, ctx.params).code, parse(decideBody, ctx.request.body ?? {}))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/followups',
    tag: TAG,
    summary: '回访队列：到期未评价的电话回访、不满意件',
    response: '{ items: FollowupView[] }',
    errors: [403],
  })
  router.get('/api/followups', auth, async (ctx) => {
    assertCentreDesk(currentUser(ctx))
    ctx.body = await followupQueue(deps)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/followups/:code/phone',
    tag: TAG,
    summary: '记录电话回访：联系上则记录满意度（与群众自己评价同一条记录，每件一次）',
    body: phoneFollowupBody,
    bodyName: 'PhoneFollowupRequest',
    response: '{ result }',
    errors: [400, 403, 404, 422],
  })
  router.post('/api/followups/:code/phone', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCentreAct(user)
    ctx.body = await recordPhoneFollowup(deps, user, parse(codeParam, ctx.params).code, parse(phoneFollowupBody, ctx.request.body ?? {}))
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/followups/:code/resolve',
    tag: TAG,
    summary: '处理不满意件：复核说明，或重新打开工单',
    body: resolveFollowupBody,
    bodyName: 'ResolveFollowupRequest',
    response: '{ result }',
    errors: [400, 403, 404, 409, 422],
  })
  router.post('/api/followups/:code/resolve', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertCentreAct(user)
    ctx.body = await resolveFollowup(deps, user, parse(codeParam, ctx.params).code, parse(resolveFollowupBody, ctx.request.body ?? {}))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/consultations',
    tag: TAG,
    summary: '法律咨询队列（标记为「专科医生」的律师、司法所人员和社治中心）：未解答的按时限在前，超时标出',
    response: '{ items, open, overdue }',
    errors: [403],
  })
  router.get('/api/consultations', auth, async (ctx) => {
    assertAnswerConsultations(currentUser(ctx))
    ctx.body = await questionQueue(deps)
  })
  describeRoute(router, {
    method: 'get',
    path: '/api/consultations/:id',
    tag: TAG,
    summary: '一条法律咨询（解答页，工作通知打开的页面）',
    response: '{ id, question, answer, dueAt, overdue, caseCode … }',
    errors: [400, 403, 404],
  })
  router.get('/api/consultations/:id', auth, async (ctx) => {
    assertAnswerConsultations(currentUser(ctx))
    ctx.body = await questionForStaff(deps, parse(questionParam, ctx.params).id)
  })
  describeRoute(router, {
    method: 'post',
    path: '/api/consultations/:id/answer',
    tag: TAG,
    summary: '解答一条法律咨询（只解答一次；群众收到短信）',
    body: answerConsultBody,
    bodyName: 'AnswerConsultRequest',
    response: '{ result }',
    errors: [400, 403, 404, 409],
  })
  router.post('/api/consultations/:id/answer', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAnswerConsultations(user)
    ctx.body = await answerQuestion(deps, user, parse(questionParam, ctx.params).id, parse(answerConsultBody, ctx.request.body ?? {}))
  })
  describeRoute(router, {
    method: 'post',
    path: '/api/consultations/:id/dispute',
    tag: TAG,
    summary: '把咨询转为纠纷（进入统一归口，只转一次）',
    response: '{ code }',
    errors: [400, 403, 404],
  })
  router.post('/api/consultations/:id/dispute', auth, async (ctx) => {
    assertAnswerConsultations(currentUser(ctx))
    ctx.body = await questionToDispute(deps, parse(questionParam, ctx.params).id)
  })
}
