import { createHmac, timingSafeEqual } from 'node:crypto'
import Router from '@koa/router'
import type { Context } from 'koa'
import { dingtalkBody } from './http'
import type { SimState } from './state'

/**
 * 浙里办 (the province's citizen app) single sign-on, simulated (docs/public.md#浙里办-single-sign-on),
 * mounted at `/zlb`. The shape follows the published outline of 浙里办 个人单点登录 — the browser is sent to
 * 浙里办's login with our service code and a return address, comes back with `?ticket=`, and our server
 * exchanges the ticket for the person — but the details are not public: everything marked OUR CHOICE is a
 * question for the real platform (README, 浙里办 questions).
 */
export const ZLB_SERVICE = { serviceCode: 'jqtb-sim-zlb', serviceSecret: 'sim-zlb-service-secret-0123456789abcdef' } as const
/** OUR CHOICE: a ticket is good for 5 minutes and, within them, may be validated again (so the BFF's own once-rule is what holds). */
export const ZLB_TICKET_TTL_MS = 5 * 60_000
/** OUR CHOICE: allowed clock difference of a signed validation request. */
export const ZLB_SKEW_MS = 15 * 60_000
/** OUR CHOICE: result codes. */
export const ZLB_RESULT = {
  ok: '0',
  ticketInvalid: '6001',
  ticketExpired: '6002',
  signatureInvalid: '6003',
  timestampInvalid: '6004',
  serviceUnknown: '6005',
} as const

/** The people who can log in to the simulated 浙里办 (实名 residents of the street). */
export const ZLB_RESIDENTS = [
  { userId: 'zlb-u-0001', name: '王秀英', mobile: '13905741001' },
  { userId: 'zlb-u-0002', name: '陈国强', mobile: '13905741002' },
  { userId: 'zlb-u-0003', name: '李梅', mobile: '13905741003' },
] as const

export interface ZlbTicket {
  userId: string
  name: string
  mobile: string
  expiresAt: number
}

/** OUR CHOICE: hex HMAC-SHA256 of `servicecode \n time \n ticket` keyed by the service secret. */
export function zlbSignature(secret: string, serviceCode: string, time: string, ticket: string): string {
  return createHmac('sha256', secret).update(`${serviceCode}\n${time}\n${ticket}`).digest('hex')
}

export function mintZlbTicket(state: SimState, person: { userId: string; name: string; mobile: string }): { ticket: string; expiresAt: Date } {
  const ticket = `ST-${state.newId('zlb', 32)}`
  const expiresAt = state.nowMs() + ZLB_TICKET_TTL_MS
  state.zlbTickets.set(ticket, { ...person, expiresAt })
  return { ticket, expiresAt: new Date(expiresAt) }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function returnUrl(raw: string): URL | null {
  try {
    const u = new URL(raw)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null
  } catch {
    return null
  }
}

/** The return address with `ticket` in its query (before any `#/route`), as 浙里办 sends people back. */
function withTicket(u: URL, ticket: string): string {
  u.searchParams.set('ticket', ticket)
  return u.toString()
}

export function zlbRoutes(state: SimState): Router {
  const r = new Router()

  // 浙里办's login page: pick a resident (the real one asks for their 浙里办 account), come back with a ticket
  r.get('/login', (ctx) => {
    const back = returnUrl(String(ctx.query.redirectUrl ?? ''))
    if (ctx.query.servicecode !== ZLB_SERVICE.serviceCode || !back) {
      ctx.status = 400
      ctx.type = 'html'
      ctx.body = '<p>servicecode 或 redirectUrl 不正确</p>'
      return
    }
    const links = ZLB_RESIDENTS.map(
      (p) =>
        `<a class="who" href="/zlb/login/confirm?userId=${p.userId}&amp;servicecode=${ZLB_SERVICE.serviceCode}&amp;redirectUrl=${encodeURIComponent(back.toString())}">${escapeHtml(p.name)}<small>${p.mobile.slice(0, 3)}****${p.mobile.slice(7)}</small></a>`,
    ).join('')
    ctx.type = 'html'
    ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>浙里办（模拟）</title>
<style>body{font:18px/1.6 sans-serif;margin:0;background:#f4f6f8}main{padding:16px;max-width:480px;margin:auto}h1{font-size:1.3rem;color:#c0392b}.who{display:block;background:#fff;border:1px solid #c8ccd2;border-radius:10px;padding:12px 16px;margin:10px 0;color:#1a1a1a;text-decoration:none;font-weight:600}.who small{display:block;font-weight:400;color:#4a4a4a}</style></head>
<body><main><h1>浙里办（模拟）</h1><p>选择以哪位实名用户的身份登录「警情通办」：</p>${links}<p style="color:#4a4a4a">这是开发用的模拟页面，真实环境由浙里办完成实名登录。</p></main></body></html>`
  })

  r.get('/login/confirm', (ctx) => {
    const back = returnUrl(String(ctx.query.redirectUrl ?? ''))
    const person = ZLB_RESIDENTS.find((p) => p.userId === ctx.query.userId)
    if (ctx.query.servicecode !== ZLB_SERVICE.serviceCode || !back || !person) {
      ctx.status = 400
      ctx.body = 'bad request'
      return
    }
    ctx.redirect(withTicket(back, mintZlbTicket(state, person).ticket))
  })

  // server to server: the ticket → the person (mobile, name)
  r.post('/sso/validate', async (ctx: Context) => {
    const body = await dingtalkBody(ctx)
    const serviceCode = String(body.servicecode ?? '')
    const time = String(body.time ?? '')
    const ticket = String(body.ticket ?? '')
    const sign = String(body.sign ?? '')
    const fail = (result: string, errmsg: string) => {
      ctx.body = { result, errmsg }
    }
    if (serviceCode !== ZLB_SERVICE.serviceCode) return fail(ZLB_RESULT.serviceUnknown, '服务编码不存在')
    const at = Number(time)
    if (!Number.isFinite(at) || Math.abs(state.nowMs() - at) > ZLB_SKEW_MS) return fail(ZLB_RESULT.timestampInvalid, '时间戳超出允许范围')
    const expected = Buffer.from(zlbSignature(ZLB_SERVICE.serviceSecret, serviceCode, time, ticket))
    const given = Buffer.from(sign)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail(ZLB_RESULT.signatureInvalid, '签名不正确')
    const rec = state.zlbTickets.get(ticket)
    if (!rec) return fail(ZLB_RESULT.ticketInvalid, 'ticket 无效')
    if (rec.expiresAt <= state.nowMs()) return fail(ZLB_RESULT.ticketExpired, 'ticket 已过期')
    ctx.body = { result: ZLB_RESULT.ok, errmsg: '成功', data: { userid: rec.userId, username: rec.name, mobile: rec.mobile, authlevel: '3' } }
  })
  return r
}
