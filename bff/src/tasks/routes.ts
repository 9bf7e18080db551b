import {
  approveClaimBody,
  assignBody,
  bounceBody,
  cancelBody,
  claimBody,
  createTaskBody,
  escalateBody,
  extendBody,
  type PoolSizeView,
  poolQuery,
  progressBody,
  publishBody,
  releaseBody,
  reopenBody,
  reportBody,
  revealPhoneBody,
  reviewBody,
  routeBody,
  sendBackBody,
  signBody,
  submitBody,
  type TaskAction,
  type TaskActionResponse,
  type TaskCountsView,
  type TaskDetailView,
  type TaskEvent,
  type TaskListResponse,
  taskCountsQuery,
  taskId,
  taskListQuery,
} from '@jqtb/shared'
import type Router from '@koa/router'
import type { Context } from 'koa'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { byUserOrIp, rateLimit } from '../infra/rate-limit'
import { parse } from '../infra/validate'
import type { AuthUser } from '../kernel/actor'
import { describeRoute } from '../openapi/registry'
import { approveClaim, assignableUsers, assignTask, claimTask, extendClaim, releaseClaim } from './claims'
import { createTask, reportTask } from './create'
import { type TaskDeps, taskDeps } from './log'
import { poolSize } from './pool'
import { presentEvent, presentTask } from './presenter'
import { countTasks, listTasks, taskWithTimeline } from './queries'
import type { MutationResult, OnceResult } from './store'
import {
  addProgress,
  bounceTask,
  cancelTask,
  escalateTask,
  publishTask,
  reopenTask,
  revealPartyPhone,
  reviewTask,
  routeTask,
  sendBackTask,
  signTask,
  submitTask,
} from './workflow'

/** What a command answers: the task, what it appended, and (a retry, a no-op) what it found instead. */
type Outcome = MutationResult & { result?: 'done' | 'applied' | 'unchanged'; event?: TaskEvent }

/** A progress record that a retried request found in the log is the answer, not a new record. */
const progressOutcome = (out: OnceResult): Outcome => (out.found ? { ...out, event: out.found, result: 'unchanged' } : out)

interface Verb {
  verb: Exclude<TaskAction, 'reveal-phone'>
  body: z.ZodType
  bodyName: string
  summary: string
  errors: number[]
  run(deps: TaskDeps, user: AuthUser, id: string, body: never): Promise<Outcome>
}

/** Every state-changing verb: POST /api/tasks/:id/<verb>, validated by the shared schema of the same name. */
const VERBS: Verb[] = [
  { verb: 'route', body: routeBody, bodyName: 'RouteBody', summary: '分拨至部门（社治中心）', errors: [403, 409, 422], run: routeTask },
  {
    verb: 'publish',
    body: publishBody,
    bodyName: 'PublishBody',
    summary: '发布揭榜：认领方式、席位、积分、截止时间、揭榜范围',
    errors: [403, 409, 422],
    run: publishTask,
  },
  { verb: 'sign', body: signBody, bodyName: 'SignBody', summary: '签收（责任部门负责人）', errors: [403, 409], run: signTask },
  {
    verb: 'bounce',
    body: bounceBody,
    bodyName: 'BounceBody',
    summary: '退回社治中心（非本部门职责，须填理由，计入退回次数）',
    errors: [403, 409],
    run: bounceTask,
  },
  { verb: 'assign', body: assignBody, bodyName: 'AssignBody', summary: '指派（可替换现有认领人）', errors: [403, 409, 422], run: assignTask },
  {
    verb: 'claim',
    body: claimBody,
    bodyName: 'ClaimBody',
    summary: '揭榜认领（申请→审批模式下为提交申请）；已被认领时 409 TASK_ALREADY_CLAIMED，附认领人与到期时间',
    errors: [403, 409, 422],
    run: claimTask,
  },
  {
    verb: 'approve-claim',
    body: approveClaimBody,
    bodyName: 'ApproveClaimBody',
    summary: '审批认领申请',
    errors: [403, 409, 422],
    run: (d, u, id, b: z.infer<typeof approveClaimBody>) => approveClaim(d, u, id, b.userId),
  },
  { verb: 'extend', body: extendBody, bodyName: 'ExtendBody', summary: '延长认领时限（每次认领一次，须填理由）', errors: [403, 409, 422], run: extendClaim },
  {
    verb: 'release',
    body: releaseBody,
    bodyName: 'ReleaseBody',
    summary: '放弃认领（计入考核），工单重新进入揭榜大厅',
    errors: [403, 409, 422],
    run: releaseClaim,
  },
  {
    verb: 'progress',
    body: progressBody,
    bodyName: 'ProgressBody',
    summary: '记录处置进展（说明、最多 9 张照片、定位）；带 requestId 的重试不会重复记录',
    errors: [403, 409, 422],
    run: async (d, u, id, b: z.infer<typeof progressBody>) => progressOutcome(await addProgress(d, u, id, b)),
  },
  { verb: 'submit', body: submitBody, bodyName: 'SubmitBody', summary: '提交验收（超期须填超期说明）', errors: [403, 409, 422], run: submitTask },
  {
    verb: 'review',
    body: reviewBody,
    bodyName: 'ReviewBody',
    summary: '验收：通过（评分 1–5）或驳回（须填理由）；不能验收自己处置的工单',
    errors: [403, 409],
    run: reviewTask,
  },
  {
    verb: 'escalate',
    body: escalateBody,
    bodyName: 'EscalateBody',
    summary: '上报社治中心；上报后承办人仍负责该工单（认领、时限照常），直到社治中心答复',
    errors: [403, 409],
    run: escalateTask,
  },
  {
    verb: 'send-back',
    body: sendBackBody,
    bodyName: 'SendBackBody',
    summary: '发回继续办理（社治中心答复上报：原承办人继续处置）',
    errors: [403, 409],
    run: sendBackTask,
  },
  { verb: 'reopen', body: reopenBody, bodyName: 'ReopenBody', summary: '重新打开已办结工单（社治中心）', errors: [403, 409], run: reopenTask },
  { verb: 'cancel', body: cancelBody, bodyName: 'CancelBody', summary: '撤销工单（社治中心，须选结案原因）', errors: [403, 409], run: cancelTask },
]

const idParams = z.object({ id: taskId }).strict()

export function taskRoutes(router: Router, appDeps: AppDeps) {
  const auth = requireAuth(appDeps)
  const deps = taskDeps(appDeps)
  const now = () => deps.clock.now()

  const respond = (ctx: Context, user: AuthUser, out: Outcome, status = 200) => {
    const last = out.appended.at(-1) ?? out.event
    const body: TaskActionResponse = {
      task: presentTask(out.state, user, now()),
      event: last ? presentEvent(last, { secret: appDeps.config.jwt.secret, now: now() }) : null,
      ...(out.result ? { result: out.result } : {}),
    }
    ctx.status = status
    ctx.body = body
  }

  describeRoute(router, {
    method: 'get',
    path: '/api/tasks',
    tag: 'tasks',
    summary: '工单列表：view=hall（揭榜大厅）| mine（我的任务）| department（部门工单）| review（待验收）| all；游标分页',
    query: taskListQuery,
    response: 'TaskListResponse',
    errors: [400, 403],
  })
  router.get('/api/tasks', auth, async (ctx) => {
    const user = currentUser(ctx)
    const q = parse(taskListQuery, ctx.query)
    const page = await listTasks(deps, user, q)
    const body: TaskListResponse = { items: page.items.map((t) => presentTask(t, user, now())), nextCursor: page.nextCursor }
    ctx.body = body
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/tasks/counts',
    tag: 'tasks',
    summary: '工单数量：与列表同样的 view 和筛选，按 state（状态）、riskColour（预警）或 category（类型）分组计数；筛选标签和首页待办的数字',
    query: taskCountsQuery,
    response: 'TaskCountsView',
    errors: [400, 403],
  })
  router.get('/api/tasks/counts', auth, async (ctx) => {
    const body: TaskCountsView = await countTasks(deps, currentUser(ctx), parse(taskCountsQuery, ctx.query))
    ctx.set('cache-control', 'no-store')
    ctx.body = body
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/tasks/:id',
    tag: 'tasks',
    summary: '工单详情与时间线',
    response: 'TaskDetailView',
    errors: [400, 403, 404],
  })
  router.get('/api/tasks/:id', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { id } = parse(idParams, { id: ctx.params.id })
    const { task, events } = await taskWithTimeline(deps, user, id)
    const body: TaskDetailView = {
      ...presentTask(task, user, now()),
      timeline: events.map((e) => presentEvent(e, { secret: appDeps.config.jwt.secret, now: now() })),
    }
    ctx.body = body
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/tasks/:id/assignees',
    tag: 'tasks',
    summary: '可指派的人员（属地网格员、责任部门人员、调解员）；带 territory / roles / tags 时为该揭榜范围内可定向的人员',
    query: poolQuery,
    response: 'AssigneeList',
    errors: [400, 403, 404, 422],
  })
  router.get('/api/tasks/:id/assignees', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { id } = parse(idParams, { id: ctx.params.id })
    const q = parse(poolQuery, ctx.query)
    const pool = q.territory !== undefined || q.roles !== undefined || q.tags !== undefined ? q : undefined
    ctx.body = { items: await assignableUsers(deps, user, id, pool) }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/tasks/:id/pool-size',
    tag: 'tasks',
    summary: '揭榜范围人数：按认领范围、可认领角色、专长（任一）计算可认领的人数，并给出可选的认领范围（与发布揭榜同权限）',
    query: poolQuery,
    response: 'PoolSizeView',
    errors: [400, 403, 404, 409, 422],
  })
  router.get('/api/tasks/:id/pool-size', auth, async (ctx) => {
    const user = currentUser(ctx)
    const { id } = parse(idParams, { id: ctx.params.id })
    const body: PoolSizeView = await poolSize(deps, user, id, parse(poolQuery, ctx.query))
    ctx.body = body
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/tasks',
    tag: 'tasks',
    summary: '创建工单（社治中心）；带 department 时同时分拨；同一 requestId 的重试返回原工单（200）',
    body: createTaskBody,
    bodyName: 'CreateTaskBody',
    response: 'TaskActionResponse',
    status: 201,
    errors: [400, 403, 422],
  })
  router.post('/api/tasks', auth, async (ctx) => {
    const user = currentUser(ctx)
    const out = await createTask(deps, user, parse(createTaskBody, ctx.request.body))
    respond(ctx, user, out, out.result === 'done' ? 201 : 200)
  })

  for (const v of VERBS) {
    describeRoute(router, {
      method: 'post',
      path: `/api/tasks/:id/${v.verb}`,
      tag: 'tasks',
      summary: v.summary,
      body: v.body,
      bodyName: v.bodyName,
      response: 'TaskActionResponse',
      errors: [400, 404, ...v.errors],
    })
    router.post(`/api/tasks/:id/${v.verb}`, auth, async (ctx) => {
      const user = currentUser(ctx)
      const { id } = parse(idParams, { id: ctx.params.id })
      const body = parse(v.body, ctx.request.body ?? {})
      respond(ctx, user, await v.run(deps, user, id, body as never))
    })
  }

  describeRoute(router, {
    method: 'post',
    path: '/api/tasks/:id/reveal-phone',
    tag: 'tasks',
    summary: '查看当事人完整号码（社治中心、责任部门负责人、正在办理的承办人；记入时间线，每人每小时 30 次）',
    body: revealPhoneBody,
    bodyName: 'RevealPhoneBody',
    response: 'RevealPhoneResponse',
    errors: [400, 403, 404, 409, 422, 429],
  })
  // every reveal is in the timeline; the limit keeps one account from harvesting numbers in bulk
  const revealLimit = rateLimit(
    { name: 'reveal-phone', max: 30, windowMs: 3_600_000, key: byUserOrIp, message: '查看号码次数已达每小时上限（30 次），请稍后再试' },
    appDeps,
  )
  router.post('/api/tasks/:id/reveal-phone', auth, revealLimit, async (ctx) => {
    const user = currentUser(ctx)
    const { id } = parse(idParams, { id: ctx.params.id })
    const body = parse(revealPhoneBody, ctx.request.body ?? {})
    ctx.set('cache-control', 'no-store')
    ctx.body = await revealPartyPhone(deps, user, id, body.party)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/reports',
    tag: 'tasks',
    summary: '网格员上报：自处理上报（已现场处置，直接待验收）或直接上报（交社治中心分拨）；同一 requestId 的重试返回原工单（200）',
    body: reportBody,
    bodyName: 'ReportBody',
    response: 'TaskActionResponse',
    status: 201,
    errors: [400, 403, 422],
  })
  router.post('/api/reports', auth, async (ctx) => {
    const user = currentUser(ctx)
    const out = await reportTask(deps, user, parse(reportBody, ctx.request.body))
    respond(ctx, user, out, out.result === 'done' ? 201 : 200)
  })
}
