/**
 * 浙里办一键登录 — the second login provider (docs/public.md#浙里办-single-sign-on). The page sends the
 * citizen to 浙里办's login (`ZLB_LOGIN_URL`), which sends them back with `?ticket=`; the page posts the
 * ticket here, and this server — never the browser — asks 浙里办 who it belongs to (a request signed with
 * the service secret), getting the 实名 mobile number and name. A ticket logs in once: its hash is inserted
 * with a unique `_id`, so a replayed ticket (the same one again, or two requests racing) is refused even
 * while 浙里办 would still vouch for it. The platform's real endpoint, signature and fields are open
 * questions (README); the simulator (simulator/src/zlb.ts) answers our guess of them.
 */
import { createHash, createHmac } from 'node:crypto'
import type { ZlbLoginBody } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'
import { citizenIdOf } from './login'
import type { CitizenIdentity, LoginProvider } from './login-providers'

const TIMEOUT_MS = 10_000
/** OUR CHOICE (simulator/src/zlb.ts ZLB_RESULT): what 浙里办 answers for a ticket it does not vouch for */
const TICKET_INVALID = '6001'
const TICKET_EXPIRED = '6002'

const AGAIN = '请回到浙里办重新点「警情通办」进入，或用手机验证码登录'
const unavailable = () => new AppError('UPSTREAM_FAILED', '浙里办登录暂时不可用，请稍后再试，或用手机验证码登录')

export const zlbSignature = (secret: string, serviceCode: string, time: string, ticket: string) =>
  createHmac('sha256', secret).update(`${serviceCode}\n${time}\n${ticket}`).digest('hex')

interface ValidateAnswer {
  result?: string
  errmsg?: string
  data?: { userid?: string; username?: string; mobile?: string }
}

/** Asks 浙里办 whose ticket this is. */
async function validateTicket(deps: AppDeps, ticket: string): Promise<ValidateAnswer> {
  const { apiBase, serviceCode, serviceSecret } = deps.config.zlb
  const time = String(deps.clock.now().getTime())
  const form = new URLSearchParams({ servicecode: serviceCode, time, ticket, sign: zlbSignature(serviceSecret, serviceCode, time, ticket) })
  let res: Response
  try {
    res = await fetch(`${apiBase}/sso/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (err) {
    deps.logger.warn({ err }, '浙里办: ticket validation unreachable')
    throw unavailable()
  }
  const body = (await res.json().catch(() => null)) as ValidateAnswer | null
  if (!res.ok || !body) {
    deps.logger.warn({ status: res.status }, '浙里办: ticket validation failed')
    throw unavailable()
  }
  return body
}

async function verifyTicket(deps: AppDeps, body: ZlbLoginBody): Promise<CitizenIdentity> {
  if (!deps.config.zlb.enabled) throw new AppError('NOT_FOUND', '本平台没有开通浙里办登录，请用手机验证码登录')
  const answer = await validateTicket(deps, body.ticket)
  if (answer.result === TICKET_EXPIRED) throw new AppError('AUTH_CODE_INVALID', `浙里办登录凭证已过期（5 分钟内有效）。${AGAIN}`)
  if (answer.result === TICKET_INVALID) throw new AppError('AUTH_CODE_INVALID', `浙里办登录凭证无效。${AGAIN}`)
  if (answer.result !== '0') {
    // a refused signature, time or service code is our configuration, not the citizen's doing
    deps.logger.error({ result: answer.result, errmsg: answer.errmsg }, '浙里办: ticket validation refused our request')
    throw unavailable()
  }
  const mobile = String(answer.data?.mobile ?? '').replace(/\D/g, '')
  if (!/^1[3-9]\d{9}$/.test(mobile)) throw new AppError('AUTH_CODE_INVALID', '您的浙里办账号没有绑定手机号，请用手机验证码登录')
  const name = String(answer.data?.username ?? '')
    .trim()
    .slice(0, 20)
  // once: the first request that inserts the ticket's hash logs in; the same ticket again is refused
  try {
    await deps.db.models.CitizenZlbTicket.create({
      _id: createHash('sha256').update(body.ticket).digest('hex'),
      citizenId: citizenIdOf(deps.config.piiKey, mobile),
      at: deps.clock.now(),
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    throw new AppError('AUTH_CODE_INVALID', `这个浙里办登录凭证已经用过了。${AGAIN}`)
  }
  return { phone: mobile, ...(name ? { name } : {}) }
}

export const zlbLogin: LoginProvider<ZlbLoginBody> = { id: 'zlb', label: '浙里办一键登录', verify: (deps, body) => verifyTicket(deps, body) }

/** Used tickets older than 30 days go: 浙里办's own expiry (minutes, in the simulator) refuses them long before. */
export async function sweepZlbTickets(deps: AppDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - 30 * 24 * 3_600_000)
  const old = await deps.db.models.CitizenZlbTicket.find({ at: { $lt: before } }, { _id: 1 })
    .limit(5000)
    .lean()
  if (!old.length) return 0
  const { deletedCount } = await deps.db.models.CitizenZlbTicket.deleteMany({ _id: { $in: old.map((o) => o._id) } })
  return deletedCount ?? 0
}
