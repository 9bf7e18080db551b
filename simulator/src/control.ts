import Router from '@koa/router'
import type { Context } from 'koa'
import { callbackSignature, decryptReply, encryptEvent } from './callback-crypto'
import type { FaultKind, FaultSpec } from './faults'
import { rawBody } from './http'
import { messageTitle } from './messages'
import { SEEDED_APPS, type SimUser } from './org'
import type { Platform, SimState } from './state'
import { mintZlbTicket, ZLB_RESIDENTS } from './zlb'

/**
 * `/__sim/*`: what tests and people use to drive the simulator — the demo users, minting the auth code
 * the mini-app would get from `dd.getAuthCode`, the messages each user received, fault injection,
 * the fake clock, reset.
 */
const FAULT_KINDS: FaultKind[] = ['errcode', 'http', 'latency', 'ipban', 'lost-response']

async function jsonBody(ctx: Context): Promise<Record<string, unknown>> {
  const text = await rawBody(ctx)
  if (!text) return { ...ctx.query }
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {}
  } catch {
    ctx.throw(400, 'body is not JSON')
  }
}

function badRequest(ctx: Context, message: string) {
  ctx.status = 400
  ctx.body = { error: message }
}

const platformOf = (v: unknown): Platform | undefined =>
  v === undefined || v === '' || v === 'dingtalk' ? 'dingtalk' : v === 'zhezhengding' ? 'zhezhengding' : undefined

function describeUser(u: SimUser) {
  return {
    id: u.id,
    name: u.name,
    roles: u.roles,
    territory: u.territory,
    department: u.department ?? null,
    title: u.title,
    active: u.active,
    inOurOrg: u.inOurOrg,
    dingtalk: { userid: u.dingtalk.userid, unionid: u.dingtalk.unionid, deptIds: u.dingtalk.deptIds },
    zzd: { accountId: u.zzd.accountId, employeeCode: u.zzd.employeeCode },
  }
}

export function controlRoutes(state: SimState, opts: { resetClock?: () => void }): Router {
  const r = new Router({ prefix: '/__sim' })

  r.get('/health', (ctx) => {
    ctx.body = { status: 'ok', now: state.clock.now().toISOString() }
  })

  r.get('/users', (ctx) => {
    ctx.body = { items: state.org.users.map(describeUser) }
  })

  const mint = async (ctx: Context) => {
    const body = await jsonBody(ctx)
    const platform = platformOf(body.platform)
    if (!platform) return badRequest(ctx, 'platform must be dingtalk or zhezhengding')
    const user =
      (body.userId !== undefined && state.org.userById.get(String(body.userId))) ||
      (body.userid !== undefined && state.org.userByDingtalkId.get(String(body.userid))) ||
      (body.accountId !== undefined && state.org.userByAccountId.get(Number(body.accountId))) ||
      undefined
    if (!user) {
      ctx.status = 404
      ctx.body = { error: 'no such user on the simulated platform' }
      return
    }
    const { authCode, expiresAt } = state.mintAuthCode(platform, user)
    ctx.body = { authCode, expiresAt: expiresAt.toISOString(), platform, userId: user.id }
  }
  r.post('/authcode', mint)
  r.get('/authcode', mint)

  // the ticket 浙里办 would hand our page after its login: a seeded resident, or any mobile + name
  r.post('/zlb/ticket', async (ctx) => {
    const body = await jsonBody(ctx)
    const seeded = ZLB_RESIDENTS.find((p) => p.userId === body.userId)
    const mobile = String(body.mobile ?? '')
    const person = seeded ?? (/^1\d{10}$/.test(mobile) ? { userId: `zlb-${mobile}`, name: String(body.name ?? '浙里办用户'), mobile } : null)
    if (!person) return badRequest(ctx, 'userId of a seeded resident, or mobile (11 digits) and name')
    const { ticket, expiresAt } = mintZlbTicket(state, person)
    ctx.body = { ticket, expiresAt: expiresAt.toISOString(), userId: person.userId }
  })

  r.get('/messages', (ctx) => {
    const { userId, platform } = ctx.query
    const items = state.messages.filter((m) => (!userId || m.userId === userId) && (!platform || m.platform === platform))
    ctx.body = {
      items: items.map((m) => ({
        seq: m.seq,
        platform: m.platform,
        taskId: m.taskId,
        bizMsgId: m.bizMsgId ?? null,
        userId: m.userId,
        externalId: m.externalId,
        title: messageTitle(m.msg),
        msg: m.msg,
        at: m.at.toISOString(),
        read: m.read,
        recalled: m.recalled,
      })),
    }
  })

  r.get('/sends', (ctx) => {
    ctx.body = {
      items: [...state.tasks.values()].map((t) => ({
        platform: t.platform,
        taskId: t.taskId,
        bizMsgId: t.bizMsgId ?? null,
        at: t.at.toISOString(),
        title: messageTitle(t.msg),
        msg: t.msg,
        requested: t.requested,
        delivered: t.delivered,
        invalid: t.invalid,
        forbidden: t.forbidden,
        recalled: t.recalled,
      })),
    }
  })

  r.get('/calls', (ctx) => {
    const path = typeof ctx.query.path === 'string' ? ctx.query.path : ''
    ctx.body = { items: state.calls.filter((c) => !path || c.path.endsWith(path)).map((c) => ({ ...c, at: c.at.toISOString() })) }
  })

  r.post('/read', async (ctx) => {
    const body = await jsonBody(ctx)
    const platform = platformOf(body.platform)
    if (!platform) return badRequest(ctx, 'platform must be dingtalk or zhezhengding')
    ctx.body = { read: state.markRead(platform, String(body.taskId ?? ''), String(body.userid ?? body.externalId ?? '')) }
  })

  r.get('/faults', (ctx) => {
    ctx.body = { items: state.faults.list() }
  })
  r.post('/faults', async (ctx) => {
    const body = await jsonBody(ctx)
    if (typeof body.endpoint !== 'string' || !body.endpoint) return badRequest(ctx, 'endpoint is required (a path suffix such as asyncsend_v2, or *)')
    if (!FAULT_KINDS.includes(body.kind as FaultKind)) return badRequest(ctx, `kind must be one of ${FAULT_KINDS.join(', ')}`)
    const num = (v: unknown) => (v === undefined ? undefined : Number(v))
    const rate = num(body.rate)
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) return badRequest(ctx, 'rate must be between 0 and 1')
    const spec: FaultSpec = {
      endpoint: body.endpoint,
      kind: body.kind as FaultKind,
      errcode: typeof body.errcode === 'string' || typeof body.errcode === 'number' ? body.errcode : undefined,
      errmsg: typeof body.errmsg === 'string' ? body.errmsg : undefined,
      status: num(body.status),
      ms: num(body.ms),
      rate,
      times: num(body.times),
    }
    ctx.status = 201
    ctx.body = state.faults.add(spec)
  })
  r.delete('/faults', (ctx) => {
    const seed = ctx.query.seed === undefined ? undefined : Number(ctx.query.seed)
    state.faults.clear(seed)
    ctx.body = { items: [] }
  })

  r.get('/clock', (ctx) => {
    ctx.body = { now: state.clock.now().toISOString() }
  })
  r.post('/clock/advance', async (ctx) => {
    const body = await jsonBody(ctx)
    const ms = body.ms !== undefined ? Number(body.ms) : Number(body.seconds ?? 0) * 1000
    if (!Number.isFinite(ms) || ms < 0) return badRequest(ctx, 'ms (or seconds) must be a non-negative number')
    state.clock.advance(ms)
    ctx.body = { now: state.clock.now().toISOString() }
  })

  /**
   * Pushes a DingTalk event (docs/dingtalk.md#event-push) to the app's callback URL, encrypted and signed the way
   * DingTalk does, and checks the app's encrypted "success" reply.
   */
  const pushEvent = async (callbackUrl: string, event: Record<string, unknown>) => {
    const app = SEEDED_APPS.dingtalk
    const encrypt = encryptEvent(app.callbackAesKey, app.appKey, JSON.stringify(event))
    const timeStamp = String(state.nowMs())
    const nonce = state.newId('', 8)
    const signature = callbackSignature(app.callbackToken, timeStamp, nonce, encrypt)
    const url = `${callbackUrl}${callbackUrl.includes('?') ? '&' : '?'}${new URLSearchParams({ msg_signature: signature, timeStamp, nonce })}`
    let status = 0
    let reply: Record<string, unknown> = {}
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt }),
        signal: AbortSignal.timeout(10_000),
      })
      status = res.status
      reply = ((await res.json().catch(() => ({}))) as Record<string, unknown>) ?? {}
    } catch (err) {
      return { delivered: false, status, error: (err as Error).message }
    }
    let accepted = false
    if (typeof reply.encrypt === 'string' && typeof reply.msg_signature === 'string') {
      const signedOk = callbackSignature(app.callbackToken, String(reply.timeStamp), String(reply.nonce), reply.encrypt) === reply.msg_signature
      const opened = signedOk ? decryptReply(app.callbackAesKey, reply.encrypt) : undefined
      accepted = opened?.message === 'success' && opened.owner === app.appKey
    }
    return { delivered: true, status, accepted }
  }

  r.post('/events', async (ctx) => {
    const body = await jsonBody(ctx)
    if (typeof body.callbackUrl !== 'string' || !body.callbackUrl) return badRequest(ctx, 'callbackUrl is required')
    if (typeof body.eventType !== 'string' || !body.eventType) return badRequest(ctx, 'eventType is required (user_add_org, user_leave_org, check_url …)')
    const ids = Array.isArray(body.userIds) ? body.userIds.map(String) : []
    const userIds = ids.map((id) => state.org.userById.get(id)?.dingtalk.userid ?? id)
    const event = {
      EventType: body.eventType,
      CorpId: SEEDED_APPS.dingtalk.corpId,
      ...(userIds.length ? { UserId: userIds } : {}),
      OptStaffId: 'dt_admin',
      TimeStamp: String(state.nowMs()),
    }
    ctx.body = { event, ...(await pushEvent(body.callbackUrl, event)) }
  })

  /** Someone leaves the organisation; with `callbackUrl` the app is told (user_leave_org), as DingTalk would. */
  r.post('/users/leave', async (ctx) => {
    const body = await jsonBody(ctx)
    const user = state.removeUser(String(body.userId ?? ''))
    if (!user) {
      ctx.status = 404
      ctx.body = { error: 'no such user' }
      return
    }
    const event = {
      EventType: 'user_leave_org',
      CorpId: SEEDED_APPS.dingtalk.corpId,
      UserId: [user.dingtalk.userid],
      OptStaffId: 'dt_admin',
      TimeStamp: String(state.nowMs()),
    }
    ctx.body = { left: user.id, ...(typeof body.callbackUrl === 'string' && body.callbackUrl ? { push: await pushEvent(body.callbackUrl, event) } : {}) }
  })

  /** Someone's profile changes in the address book; with `callbackUrl` the app is told (user_modify_org). */
  r.post('/users/update', async (ctx) => {
    const body = await jsonBody(ctx)
    const user = state.org.userById.get(String(body.userId ?? ''))
    if (!user) {
      ctx.status = 404
      ctx.body = { error: 'no such user' }
      return
    }
    for (const field of ['name', 'title', 'mobile'] as const) if (typeof body[field] === 'string') user[field] = body[field]
    const event = {
      EventType: 'user_modify_org',
      CorpId: SEEDED_APPS.dingtalk.corpId,
      UserId: [user.dingtalk.userid],
      OptStaffId: 'dt_admin',
      TimeStamp: String(state.nowMs()),
    }
    ctx.body = {
      user: describeUser(user),
      ...(typeof body.callbackUrl === 'string' && body.callbackUrl ? { push: await pushEvent(body.callbackUrl, event) } : {}),
    }
  })

  /** SMS (sms.ts): register template texts (as in Aliyun's console), read messages, make a number unreachable */
  r.post('/sms/templates', async (ctx) => {
    const body = await jsonBody(ctx)
    const items = Array.isArray(body.items) ? body.items : [body]
    for (const item of items as Array<Record<string, unknown>>) {
      if (typeof item.code !== 'string' || typeof item.text !== 'string') return badRequest(ctx, 'each template needs code and text')
      state.sms.templates.set(item.code, item.text)
    }
    ctx.body = { items: [...state.sms.templates].map(([code, text]) => ({ code, text })) }
  })
  r.get('/sms/messages', (ctx) => {
    const phone = typeof ctx.query.phone === 'string' ? ctx.query.phone : ''
    ctx.body = {
      items: state.sms.messages.filter((m) => !phone || m.phone === phone).map((m) => ({ ...m, at: m.at.toISOString() })),
    }
  })
  r.post('/sms/unreachable', async (ctx) => {
    const body = await jsonBody(ctx)
    if (typeof body.phone !== 'string') return badRequest(ctx, 'phone is required')
    if (body.unreachable === false) state.sms.unreachable.delete(body.phone)
    else state.sms.unreachable.add(body.phone)
    ctx.body = { unreachable: [...state.sms.unreachable] }
  })
  r.post('/sms/receipt-delay', async (ctx) => {
    const body = await jsonBody(ctx)
    const ms = Number(body.ms)
    if (!Number.isFinite(ms) || ms < 0) return badRequest(ctx, 'ms must be a non-negative number')
    state.sms.receiptDelayMs = ms
    ctx.body = { receiptDelayMs: ms }
  })

  r.post('/tokens/revoke', (ctx) => {
    ctx.body = { revoked: state.revokeTokens() }
  })

  r.post('/reset', (ctx) => {
    state.reset()
    opts.resetClock?.()
    ctx.body = { status: 'reset', now: state.clock.now().toISOString() }
  })

  return r
}
