/**
 * HTTP for 多元化解队伍 (the README lists them; GET /api/openapi.json describes them). Thin: parse with
 * a shared schema → authorise (policy.ts) → one command or query → present.
 */
import {
  addMediatorBody,
  answerBody,
  availabilityBody,
  confirmTeamBody,
  judicialConfirmationBody,
  mediatorId,
  mediatorListQuery,
  orgBody,
  orgId,
  outcomeBody,
  preferenceBody,
  proposalQuery,
  publicCardQuery,
  relationsBody,
  removeMemberBody,
  replaceMemberBody,
  replacementsQuery,
  saveRulesBody,
  scanBody,
  sessionBody,
  taskId,
  teamId,
  updateMediatorBody,
  updateOrgBody,
} from '@jqtb/shared'
import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { AppError, forbidden } from '../infra/errors'
import { byUserOrIp, rateLimit } from '../infra/rate-limit'
import { parse } from '../infra/validate'
import type { AuthUser } from '../kernel/actor'
import { describeRoute } from '../openapi/registry'
import { taskDeps } from '../tasks/log'
import { loadTask } from '../tasks/store'
import { verifyAgreementUrl } from './agreement-url'
import { linkPageRoutes } from './link-page'
import { assertAdmin, assertBrowsePool, assertCanFormTeam, assertEditAvailability, assertManageTeam, assertSeeProfile, canRevealPhone, isAdmin } from './policy'
import { presentProposal } from './presenter'
import { addMediator, createOrg, revealMediatorPhone, setAvailability, setRelations, updateMediator, updateOrg } from './profiles'
import { proposeFor, replacementsFor } from './proposal'
import { invitationView, listMediators, listOrgs, mediatorView, myInvitations, publicCard, publicCards, taskMediation, teamView } from './queries'
import { addScan, addSession, agreementFile, markJudicialConfirmation, recordOutcome } from './records'
import { rulesHistory, rulesView, saveRules } from './rules'
import { loadTeam } from './team-store'
import { answerInvitation, confirmTeam, removeMember, replaceMember, setPreference } from './teams'

const ref = (u: AuthUser) => ({ id: u.id, name: u.name })
const idParam = z.object({ id: mediatorId }).strict()
const orgParam = z.object({ id: orgId }).strict()
const taskParam = z.object({ taskId }).strict()
const teamParam = z.object({ teamId }).strict()
const signedQuery = z.object({ exp: z.coerce.number().int().positive(), sig: z.string().min(10).max(64) }).strict()

export function mediatorRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)
  const d = (path: string, method: 'get' | 'post' | 'put', summary: string, more: Partial<Parameters<typeof describeRoute>[1]> = {}) =>
    describeRoute(router, { method, path, tag: 'mediators', summary, response: more.response ?? 'JSON', ...more })

  // ---------------------------------------------------------------- organisations
  d('/api/mediation/orgs', 'get', '调解组织列表（含成员数）', { response: '{ items: OrgView[] }' })
  router.get('/api/mediation/orgs', auth, async (ctx) => {
    ctx.body = { items: await listOrgs(deps) }
  })
  d('/api/mediation/orgs', 'post', '新增调解组织（管理员）', { body: orgBody, bodyName: 'MediationOrgBody', status: 201, errors: [400, 403, 422] })
  router.post('/api/mediation/orgs', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user, '管理调解组织')
    const doc = await createOrg(deps, ref(user), parse(orgBody, ctx.request.body ?? {}))
    ctx.status = 201
    ctx.body = (await listOrgs(deps)).find((o) => o.id === doc._id)
  })
  d('/api/mediation/orgs/:id', 'put', '修改调解组织（管理员；rev 为编辑时的版本，过期 409）', {
    body: updateOrgBody,
    bodyName: 'UpdateMediationOrgBody',
    errors: [400, 403, 404, 409, 422],
  })
  router.put('/api/mediation/orgs/:id', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user, '管理调解组织')
    const { id } = parse(orgParam, ctx.params)
    const body = parse(updateOrgBody, ctx.request.body ?? {})
    await updateOrg(deps, ref(user), id, body.rev, body.org)
    ctx.body = (await listOrgs(deps)).find((o) => o.id === id)
  })

  // ---------------------------------------------------------------- public cards (no login)
  const cardsLimit = rateLimit({ max: 120, windowMs: 60_000, key: (ctx) => `ip:${ctx.ip}`, message: '访问过于频繁，请稍后再试' }, deps.clock)
  d('/api/mediators/cards', 'get', '公开的调解员名片（免登录；只含同意公开者，无电话、住址、年龄、关系、在办数）', {
    query: publicCardQuery,
    public: true,
    response: '{ items: PublicMediatorCard[], nextCursor }',
    errors: [400, 429],
  })
  router.get('/api/mediators/cards', cardsLimit, async (ctx) => {
    ctx.body = await publicCards(deps, parse(publicCardQuery, ctx.query))
  })
  d('/api/mediators/cards/:id', 'get', '一张公开的调解员名片（免登录）', { public: true, response: 'PublicMediatorCard', errors: [404, 429] })
  router.get('/api/mediators/cards/:id', cardsLimit, async (ctx) => {
    ctx.body = await publicCard(deps, parse(idParam, ctx.params).id)
  })

  // ---------------------------------------------------------------- mediators
  d('/api/mediators', 'get', '调解员库（管理员、社治中心、部门负责人）：按类型、组织、领域、村社、姓名筛选', {
    query: mediatorListQuery,
    response: 'MediatorListResponse',
    errors: [400, 403],
  })
  router.get('/api/mediators', auth, async (ctx) => {
    assertBrowsePool(currentUser(ctx))
    ctx.body = await listMediators(deps, parse(mediatorListQuery, ctx.query))
  })
  d('/api/mediators/me', 'get', '我的调解员资料（不在调解员库中时 404）', { response: 'MediatorView', errors: [404] })
  router.get('/api/mediators/me', auth, async (ctx) => {
    const user = currentUser(ctx)
    ctx.body = await mediatorView(deps, user, user.id)
  })
  d('/api/mediators', 'post', '加入调解员库（管理员）：人员管理中的在册人员，或外部人员（须手机号，短信联系）', {
    body: addMediatorBody,
    bodyName: 'AddMediatorBody',
    status: 201,
    errors: [400, 403, 409, 422],
  })
  router.post('/api/mediators', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user)
    const doc = await addMediator(deps, ref(user), parse(addMediatorBody, ctx.request.body ?? {}))
    ctx.status = 201
    ctx.body = await mediatorView(deps, user, doc._id)
  })
  d('/api/mediators/:id', 'get', '调解员资料：类型、组织、领域、乡音、经验、休假、计算所得的业绩（申报关系仅管理员可见）', {
    response: 'MediatorView',
    errors: [403, 404],
  })
  router.get('/api/mediators/:id', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { id } = parse(idParam, ctx.params)
    assertSeeProfile(user, id)
    ctx.body = await mediatorView(deps, user, id)
  })
  d('/api/mediators/:id', 'put', '修改调解员资料（管理员）', {
    body: updateMediatorBody,
    bodyName: 'UpdateMediatorBody',
    response: 'MediatorView',
    errors: [400, 403, 404, 409, 422],
  })
  router.put('/api/mediators/:id', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user)
    const { id } = parse(idParam, ctx.params)
    const body = parse(updateMediatorBody, ctx.request.body ?? {})
    await updateMediator(deps, ref(user), id, body.rev, body.profile)
    ctx.body = await mediatorView(deps, user, id)
  })
  d('/api/mediators/:id/relations', 'put', '申报的亲属、同户、雇佣等关系（管理员；用于回避，号码只存摘要）', {
    body: relationsBody,
    bodyName: 'RelationsBody',
    response: 'MediatorView',
    errors: [400, 403, 404, 409],
  })
  router.put('/api/mediators/:id/relations', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user, '登记申报关系')
    const { id } = parse(idParam, ctx.params)
    const body = parse(relationsBody, ctx.request.body ?? {})
    await setRelations(deps, ref(user), id, body.rev, body.relations)
    ctx.body = await mediatorView(deps, user, id)
  })
  d('/api/mediators/:id/availability', 'put', '休假登记（本人或管理员）：until 为休假结束时间，null 为现在可以安排', {
    body: availabilityBody,
    bodyName: 'AvailabilityBody',
    response: 'MediatorView',
    errors: [400, 403, 404, 422],
  })
  router.put('/api/mediators/:id/availability', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { id } = parse(idParam, ctx.params)
    assertEditAvailability(user, id)
    await setAvailability(deps, ref(user), id, parse(availabilityBody, ctx.request.body ?? {}))
    ctx.body = await mediatorView(deps, user, id)
  })
  const revealLimit = rateLimit({ max: 10, windowMs: 60 * 60_000, key: byUserOrIp, message: '查看号码过于频繁（每小时最多 10 次）' }, deps.clock)
  d('/api/mediators/:id/reveal-phone', 'post', '查看外部调解员的完整手机号（管理员、社治中心；留痕）', { response: '{ phone }', errors: [403, 404, 422, 429] })
  router.post('/api/mediators/:id/reveal-phone', auth, revealLimit, async (ctx) => {
    const user = currentUser(ctx)
    if (!canRevealPhone(user)) throw forbidden('只有管理员和社治中心可以查看完整号码')
    parse(z.object({}).strict(), ctx.request.body ?? {})
    ctx.body = { phone: await revealMediatorPhone(deps, ref(user), parse(idParam, ctx.params).id) }
  })

  // ---------------------------------------------------------------- rules
  d('/api/mediation/rules', 'get', '攻坚小组构成规则（当前版本）', { response: 'RulesView', errors: [403] })
  router.get('/api/mediation/rules', auth, async (ctx) => {
    assertBrowsePool(currentUser(ctx))
    ctx.body = await rulesView(deps)
  })
  d('/api/mediation/rules', 'put', '保存构成规则新版本（管理员；baseVersion 过期 409）', {
    body: saveRulesBody,
    bodyName: 'SaveMediationRulesBody',
    response: 'RulesView',
    errors: [400, 403, 409],
  })
  router.put('/api/mediation/rules', auth, async (ctx) => {
    const user = currentUser(ctx)
    assertAdmin(user, '修改构成规则')
    const body = parse(saveRulesBody, ctx.request.body ?? {})
    ctx.body = await saveRules(deps, ref(user), body)
  })
  d('/api/mediation/rules/history', 'get', '构成规则的历史版本（管理员）', { response: '{ items: RulesView[] }', errors: [403] })
  router.get('/api/mediation/rules/history', auth, async (ctx) => {
    assertAdmin(currentUser(ctx), '查看规则历史')
    ctx.body = { items: await rulesHistory(deps) }
  })

  // ---------------------------------------------------------------- a task's team
  d('/api/mediation/invitations', 'get', '我的攻坚小组邀请与所在小组', { response: '{ items: InvitationView[] }' })
  router.get('/api/mediation/invitations', auth, async (ctx) => {
    ctx.body = { items: await myInvitations(deps, currentUser(ctx)) }
  })
  d('/api/mediation/tasks/:taskId', 'get', '工单的多元化解：当事人指定的调解员、攻坚小组、调解记录、结果与协议', {
    response: 'TaskMediationView',
    errors: [403, 404],
  })
  router.get('/api/mediation/tasks/:taskId', auth, async (ctx) => {
    ctx.body = await taskMediation(deps, currentUser(ctx), parse(taskParam, ctx.params).taskId)
  })
  d(
    '/api/mediation/tasks/:taskId/proposal',
    'get',
    '推荐攻坚小组：按构成规则逐席位评分，说明每个人选与每个排除的理由（社治中心、责任部门负责人；管理员可只读查看并看到申报关系详情）',
    {
      query: proposalQuery,
      response: 'TeamProposalView',
      errors: [400, 403, 404, 409],
    },
  )
  router.get('/api/mediation/tasks/:taskId/proposal', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { taskId: id } = parse(taskParam, ctx.params)
    const q = parse(proposalQuery, ctx.query)
    const task = await loadTask(taskDeps(deps), id)
    // admins may read a proposal (with the declared relations named) but not confirm one
    if (!isAdmin(user)) assertCanFormTeam(task, user, deps.clock.now().getTime())
    const { proposal } = await proposeFor(deps, task, { dialect: q.dialect })
    ctx.body = presentProposal(proposal, user, task, q.dialect)
  })
  d('/api/mediation/tasks/:taskId/preference', 'put', '登记当事人指定的调解员（社治中心；mediatorId 为 null 时清除）', {
    body: preferenceBody,
    bodyName: 'PreferenceBody',
    response: 'TaskMediationView',
    errors: [400, 403, 404],
  })
  router.put('/api/mediation/tasks/:taskId/preference', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { taskId: id } = parse(taskParam, ctx.params)
    await setPreference(deps, user, id, parse(preferenceBody, ctx.request.body ?? {}))
    ctx.body = await taskMediation(deps, user, id)
  })
  d('/api/mediation/tasks/:taskId/team', 'post', '确认组建攻坚小组并邀请成员（占用成员的在办名额；同一 requestId 重试返回同一小组）', {
    body: confirmTeamBody,
    bodyName: 'ConfirmTeamBody',
    response: 'TaskMediationView',
    status: 201,
    errors: [400, 403, 404, 409, 422],
  })
  router.post('/api/mediation/tasks/:taskId/team', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { taskId: id } = parse(taskParam, ctx.params)
    await confirmTeam(deps, user, id, parse(confirmTeamBody, ctx.request.body ?? {}))
    ctx.status = 201
    ctx.body = await taskMediation(deps, user, id)
  })

  const teamOf = async (ctx: { params: Record<string, string> }) => loadTeam(deps, parse(teamParam, ctx.params).teamId)
  d('/api/mediation/teams/:teamId/replacements', 'get', '替补人选：同一席位的下一批推荐及理由', {
    query: replacementsQuery,
    response: 'ReplacementsView',
    errors: [400, 403, 404],
  })
  router.get('/api/mediation/teams/:teamId/replacements', auth, async (ctx) => {
    const user = currentUser(ctx)
    const team = await teamOf(ctx)
    const task = await loadTask(taskDeps(deps), team.taskId)
    assertManageTeam(team, task, user)
    const { slotProposal } = await replacementsFor(deps, task, team, parse(replacementsQuery, ctx.query).mediatorId)
    const view = presentProposal({ rule: { id: '', description: '' }, slots: [slotProposal] }, user, task).slots[0]
    ctx.body = {
      slotLabel: view.label,
      candidates: [...view.picks, ...view.alternatives],
      excluded: view.excluded,
      ...(view.shortfall ? { shortfall: view.shortfall } : {}),
    }
  })
  const teamCommand = (
    path: string,
    summary: string,
    body: z.ZodType,
    bodyName: string,
    run: (user: AuthUser, team: string, input: never) => Promise<unknown>,
    status = 200,
  ) => {
    d(`/api/mediation/teams/:teamId/${path}`, 'post', summary, { body, bodyName, response: 'TaskMediationView', status, errors: [400, 403, 404, 409, 422] })
    router.post(`/api/mediation/teams/:teamId/${path}`, auth, async (ctx) => {
      const user = currentUser(ctx)
      const team = await teamOf(ctx)
      await run(user, team.id, parse(body, ctx.request.body ?? {}) as never)
      ctx.status = status
      ctx.body = await taskMediation(deps, user, team.taskId)
    })
  }
  teamCommand(
    'replace',
    '更换成员（婉拒、退出或未答复者），替补须符合同一席位',
    replaceMemberBody,
    'ReplaceMemberBody',
    (u, t, b: z.infer<typeof replaceMemberBody>) => replaceMember(deps, u, t, b.mediatorId, b.replacementId),
  )
  teamCommand('remove', '移出成员（席位随之减少；至少保留一个）', removeMemberBody, 'RemoveMemberBody', (u, t, b: z.infer<typeof removeMemberBody>) =>
    removeMember(deps, u, t, b.mediatorId, b.reason),
  )
  teamCommand('answer', '受邀成员接受或婉拒（婉拒须说明原因）', answerBody, 'AnswerBody', (u, t, b: z.infer<typeof answerBody>) =>
    answerInvitation(deps, ref(u), t, b.answer, b.reason, 'app'),
  )
  teamCommand(
    'sessions',
    '记录一次调解（时间、地点、参加人员、情况、下一步）',
    sessionBody,
    'SessionBody',
    (u, t, b: z.infer<typeof sessionBody>) => addSession(deps, u, t, b),
    201,
  )
  teamCommand(
    'outcome',
    '登记调解结果：成功/部分成功（协议条款）或不成（引导途径）',
    outcomeBody,
    'OutcomeBody',
    (u, t, b: z.infer<typeof outcomeBody>) => recordOutcome(deps, u, t, b),
    201,
  )
  teamCommand('scans', '上传签字后的协议书扫描件（先经 /api/files 上传图片）', scanBody, 'ScanBody', (u, t, b: z.infer<typeof scanBody>) =>
    addScan(deps, u, t, b.fileId),
  )
  teamCommand(
    'judicial-confirmation',
    '标记已申请司法确认（受理法院）',
    judicialConfirmationBody,
    'JudicialConfirmationBody',
    (u, t, b: z.infer<typeof judicialConfirmationBody>) => markJudicialConfirmation(deps, u, t, b),
  )
  d('/api/mediation/teams/:teamId/invitation', 'get', '我收到的这条攻坚小组邀请（受邀成员本人）', { response: 'InvitationView', errors: [403, 404] })
  router.get('/api/mediation/teams/:teamId/invitation', auth, async (ctx) => {
    const user = currentUser(ctx)
    const team = await teamOf(ctx)
    if (!team.members.some((m) => m.mediatorId === user.id)) throw forbidden('您不在该攻坚小组的邀请名单中')
    ctx.body = await invitationView(deps, team, user.id)
  })
  d('/api/mediation/teams/:teamId/agreement.docx', 'get', '下载人民调解协议书（.docx；签名链接，来自调解结果）', {
    query: signedQuery,
    public: true,
    binary: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    response: 'the document',
    errors: [403, 404, 422],
  })
  router.get('/api/mediation/teams/:teamId/agreement.docx', async (ctx) => {
    const { teamId: team } = parse(teamParam, ctx.params)
    const q = parse(signedQuery, ctx.query)
    if (!verifyAgreementUrl(deps.config.jwt.secret, team, q.exp, q.sig, deps.clock.now())) {
      throw new AppError('FORBIDDEN', '下载链接已过期，请刷新页面后重新下载')
    }
    const file = await agreementFile(deps, team)
    ctx.set('Content-Disposition', `attachment; filename="agreement.docx"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    ctx.set('Cache-Control', 'private, no-store')
    ctx.type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    ctx.body = file.bytes
  })

  linkPageRoutes(router, deps)
}

export { teamView }
