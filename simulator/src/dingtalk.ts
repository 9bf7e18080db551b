import Router from '@koa/router'
import type { Context } from 'koa'
import { dingtalkBody } from './http'
import { parseWorkMessage } from './messages'
import { SEEDED_APPS, type SimUser } from './org'
import { SEND_RESULT_WINDOW_MS, type SimState } from './state'

/**
 * Public DingTalk (docs/dingtalk.md#simulator): the oapi host (token in the query string, `errcode`
 * in every answer) and the v1.0 api host. Mounted at `/dingtalk-oapi` and `/dingtalk-api`.
 */
const APP = SEEDED_APPS.dingtalk
const MAX_USERIDS = 100
const MAX_DEPT_IDS = 20

function answer(ctx: Context, body: Record<string, unknown>) {
  ctx.body = { errcode: 0, errmsg: 'ok', ...body, request_id: ctx.state.requestId }
}

function fail(ctx: Context, errcode: number, errmsg: string, sub?: { code: string; msg: string }) {
  ctx.body = {
    errcode,
    errmsg: sub ? `ding talk error[subcode=${sub.code},submsg=${sub.msg}]` : errmsg,
    ...(sub ? { sub_code: sub.code, sub_msg: sub.msg } : {}),
    request_id: ctx.state.requestId,
  }
}

/** topapi calls: the token must be in the query; a stale one is `88 / sub_code 40014`. */
function requireToken(state: SimState, ctx: Context): string | undefined {
  const token = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined
  if (!token) {
    fail(ctx, 88, '', { code: '40000', msg: 'access_token is blank' })
    return undefined
  }
  const appKey = state.checkToken('dingtalk', token)
  if (!appKey) fail(ctx, 88, '', { code: '40014', msg: '不合法的access_token' })
  return appKey
}

function userDetail(state: SimState, u: SimUser) {
  const d = u.dingtalk
  return {
    userid: d.userid,
    unionid: d.unionid,
    name: u.name,
    avatar: '',
    state_code: '86',
    ...(u.mobile ? { mobile: u.mobile } : {}),
    hide_mobile: false,
    telephone: '',
    job_number: d.jobNumber,
    title: u.title,
    email: '',
    work_place: '',
    remark: '',
    exclusive_account: false,
    dept_id_list: d.deptIds,
    dept_order_list: d.deptIds.map((id) => ({ dept_id: id, order: state.org.deptById.get(id)?.order ?? 0 })),
    extension: '{}',
    active: u.active,
    real_authed: true,
    senior: false,
    admin: d.sysLevel === 1 || d.sysLevel === 2,
    boss: false,
    leader_in_dept: d.deptIds.map((id) => ({ dept_id: id, leader: d.leaderDeptIds.includes(id) })),
    role_list: [],
  }
}

function deptSummary(state: SimState, deptId: number) {
  const d = state.org.deptById.get(deptId)
  if (!d) return undefined
  return { dept_id: d.deptId, name: d.name, parent_id: d.parentId ?? 0, create_dept_group: false, auto_add_user: true }
}

const childrenOf = (state: SimState, deptId: number) => state.org.departments.filter((d) => d.parentId === deptId)

function descendants(state: SimState, deptId: number): number[] {
  const out = [deptId]
  for (const child of childrenOf(state, deptId)) out.push(...descendants(state, child.deptId))
  return out
}

const splitList = (v: unknown) =>
  String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

export function dingtalkOapiRoutes(state: SimState): Router {
  const r = new Router()

  r.get('/gettoken', (ctx) => {
    const { appkey, appsecret } = ctx.query
    if (typeof appkey !== 'string' || !appkey || typeof appsecret !== 'string' || !appsecret) return fail(ctx, 40035, '缺少参数 corpid or appkey')
    if (appkey !== APP.appKey || appsecret !== APP.appSecret) return fail(ctx, 40096, '不合法的appKey或appSecret')
    const { token, expiresIn } = state.issueToken('dingtalk', appkey, '')
    answer(ctx, { access_token: token, expires_in: expiresIn })
  })

  r.post('/topapi/v2/user/getuserinfo', async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const user = state.consumeAuthCode('dingtalk', typeof body.code === 'string' ? body.code : undefined)
    if (!user) return fail(ctx, 40078, '不存在的临时授权码')
    const d = user.dingtalk
    answer(ctx, {
      result: {
        userid: d.userid,
        unionid: d.unionid,
        associated_unionid: '',
        name: user.name,
        device_id: 'simdevice',
        sys: d.sysLevel > 0,
        sys_level: d.sysLevel,
      },
    })
  })

  r.post('/topapi/v2/user/get', async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const user = state.org.userByDingtalkId.get(String(body.userid ?? ''))
    if (!user) return fail(ctx, 60121, '找不到该用户')
    answer(ctx, { result: userDetail(state, user) })
  })

  r.post('/topapi/v2/user/list', async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const deptId = Number(body.dept_id)
    if (!state.org.deptById.has(deptId)) return fail(ctx, 60003, '部门不存在')
    const size = Number(body.size ?? 10)
    if (!(size >= 1 && size <= 100)) return fail(ctx, 40035, '不合法的参数 size')
    const cursor = Number(body.cursor ?? 0)
    const members = state.org.users.filter((u) => u.dingtalk.deptIds.includes(deptId))
    const page = members.slice(cursor, cursor + size)
    const hasMore = cursor + size < members.length
    answer(ctx, { result: { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list: page.map((u) => userDetail(state, u)) } })
  })

  r.post('/topapi/v2/department/listsub', async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const deptId = Number(body.dept_id ?? 1)
    if (!state.org.deptById.has(deptId)) return fail(ctx, 60003, '部门不存在')
    answer(ctx, { result: childrenOf(state, deptId).map((d) => deptSummary(state, d.deptId)) })
  })

  r.post('/topapi/v2/department/listsubid', async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const deptId = Number(body.dept_id ?? 1)
    if (!state.org.deptById.has(deptId)) return fail(ctx, 60003, '部门不存在')
    answer(ctx, { result: { dept_id_list: childrenOf(state, deptId).map((d) => d.deptId) } })
  })

  r.post('/topapi/v2/department/get', async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const deptId = Number(body.dept_id)
    const d = state.org.deptById.get(deptId)
    if (!d) return fail(ctx, 60003, '部门不存在')
    const managers = state.org.users.filter((u) => u.dingtalk.leaderDeptIds.includes(deptId)).map((u) => u.dingtalk.userid)
    answer(ctx, {
      result: {
        ...deptSummary(state, deptId),
        source_identifier: d.ourCode,
        order: d.order,
        dept_manager_userid_list: managers,
        outer_dept: false,
        hide_dept: false,
      },
    })
  })

  const msgPath = '/topapi/message/corpconversation'

  r.post(`${msgPath}/asyncsend_v2`, async (ctx) => {
    const body = await dingtalkBody(ctx)
    const appKey = requireToken(state, ctx)
    if (!appKey) return
    if (body.agent_id === undefined || body.agent_id === '') return fail(ctx, 40035, '缺少参数 agent_id')
    if (Number(body.agent_id) !== APP.agentId) return fail(ctx, 40035, '不合法的参数 agent_id')
    const userids = splitList(body.userid_list)
    const deptIds = splitList(body.dept_id_list)
    const toAll = body.to_all_user === true || body.to_all_user === 'true'
    if (!toAll && userids.length === 0 && deptIds.length === 0) return fail(ctx, 40035, '缺少参数 userid_list 或 dept_id_list')
    if (userids.length > MAX_USERIDS) return fail(ctx, 40035, `userid_list 最多 ${MAX_USERIDS} 个`)
    if (deptIds.length > MAX_DEPT_IDS) return fail(ctx, 40035, `dept_id_list 最多 ${MAX_DEPT_IDS} 个`)
    const parsed = parseWorkMessage(body.msg)
    if ('error' in parsed) return fail(ctx, 40035, parsed.error)
    const recipients: SimUser[] = []
    const invalid: string[] = []
    for (const id of userids) {
      const u = state.org.userByDingtalkId.get(id)
      if (u?.active) recipients.push(u)
      else invalid.push(id)
    }
    const deptMembers = new Set(deptIds.flatMap((id) => (state.org.deptById.has(Number(id)) ? descendants(state, Number(id)) : [])))
    for (const u of state.org.users) {
      if (u.active && (toAll || u.dingtalk.deptIds.some((id) => deptMembers.has(id)))) recipients.push(u)
    }
    const task = state.deliver({ platform: 'dingtalk', appKey, agentId: APP.agentId, msg: parsed.msg, recipients, invalid })
    answer(ctx, { task_id: Number(task.taskId) })
  })

  const findTask = (ctx: Context, body: Record<string, unknown>, field = 'task_id') => {
    if (Number(body.agent_id) !== APP.agentId) {
      fail(ctx, 40035, '不合法的参数 agent_id')
      return undefined
    }
    const task = state.tasks.get(`dingtalk:${String(body[field] ?? '')}`)
    if (!task || state.nowMs() - task.at.getTime() > SEND_RESULT_WINDOW_MS) {
      fail(ctx, 40035, '不合法的参数 task_id：不存在或已超过24小时')
      return undefined
    }
    return task
  }

  r.post(`${msgPath}/getsendprogress`, async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const task = findTask(ctx, body)
    if (task) answer(ctx, { progress: { progress_in_percent: 100, status: 2 } })
  })

  r.post(`${msgPath}/getsendresult`, async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const task = findTask(ctx, body)
    if (!task) return
    answer(ctx, {
      send_result: {
        invalid_user_id_list: task.invalid,
        forbidden_user_id_list: task.forbidden.map((f) => f.userid),
        failed_user_id_list: [],
        read_user_id_list: task.delivered.filter((id) => task.read.has(id)),
        unread_user_id_list: task.delivered.filter((id) => !task.read.has(id)),
        invalid_dept_id_list: [],
        forbidden_list: task.forbidden.map((f) => ({ code: f.code, count: 1, userid: f.userid })),
      },
    })
  })

  r.post(`${msgPath}/recall`, async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const task = findTask(ctx, body, 'msg_task_id')
    if (!task) return
    state.recall('dingtalk', task.taskId)
    answer(ctx, {})
  })

  r.post(`${msgPath}/status_bar/update`, async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (!requireToken(state, ctx)) return
    const task = findTask(ctx, body)
    if (!task) return
    if (task.msg.msgtype !== 'oa') return fail(ctx, 40035, '只有 OA 消息可以更新状态栏')
    task.statusBar = { value: String(body.status_value ?? ''), bg: String(body.status_bg ?? '') }
    answer(ctx, {})
  })

  return r
}

/** The v1.0 host: JSON in and out, errors as HTTP 400 `{requestid, code, message}`. */
export function dingtalkApiRoutes(state: SimState): Router {
  const r = new Router()
  r.post('/v1.0/oauth2/accessToken', async (ctx) => {
    const body = await dingtalkBody(ctx)
    if (body.appKey !== APP.appKey || body.appSecret !== APP.appSecret) {
      ctx.status = 400
      ctx.body = { requestid: ctx.state.requestId, code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' }
      return
    }
    const { token, expiresIn } = state.issueToken('dingtalk', APP.appKey, '')
    ctx.body = { accessToken: token, expireIn: expiresIn }
  })
  return r
}
