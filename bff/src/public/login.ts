/**
 * Login by mobile number and SMS code (docs/public.md#login) — the `sms` login provider
 * (login-providers.ts; 浙里办 is the other). One live code per number (a new one
 * replaces it), good for 5 minutes and 5 tries; sends and failures are counted in the database per
 * number and per address, so the limits hold across BFF instances and restarts. The answer to "send
 * me a code" is the same for every number: there are no accounts to enumerate (the first login makes
 * the citizen), and a refused send says only when to try again.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { type CodeSent, LOGIN_LIMITS, type SendCodeBody, type VerifyCodeBody } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'
import { phoneHash } from '../kernel/phone'
import type { CitizenIdentity, LoginProvider } from './login-providers'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** A citizen's id from their number: stable, and not the number or its matching hash. */
export const citizenIdOf = (piiKey: string, phone: string) => `c${createHmac('sha256', piiKey).update(`citizen:${phone}`).digest('hex').slice(0, 24)}`

const codeHash = (piiKey: string, nonce: string, code: string) => createHmac('sha256', piiKey).update(`login-code:${nonce}:${code}`).digest('hex')

const tooMany = (message: string, retryAfterS: number) => new AppError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterS)) })

/** Inserts a mark and counts the marks of its key since `since` (itself included): racing callers all count each other. */
async function markAndCount(deps: AppDeps, id: string, key: string, since: Date): Promise<number | null> {
  const now = deps.clock.now()
  try {
    await deps.db.models.CitizenLoginMark.create({ _id: id, key, at: now })
  } catch (err) {
    if (isDuplicateKey(err)) return null
    throw err
  }
  return deps.db.models.CitizenLoginMark.countDocuments({ key, at: { $gte: since } })
}

export async function sendLoginCode(deps: AppDeps, body: SendCodeBody, address: string): Promise<CodeSent> {
  const { piiKey } = deps.config
  const now = deps.clock.now()
  const hash = phoneHash(piiKey, body.phone)
  const addressKey = `send-ip:${address}`
  const byAddress = await markAndCount(deps, `${addressKey}:${randomBytes(8).toString('hex')}`, addressKey, new Date(now.getTime() - HOUR))
  if ((byAddress ?? 0) > LOGIN_LIMITS.sendsPerAddressHour) throw tooMany('获取验证码过于频繁，请一小时后再试', HOUR / 1000)

  const current = await deps.db.models.CitizenLoginCode.findById(hash).lean()
  const wait = current ? current.issuedAt.getTime() + LOGIN_LIMITS.resendAfterMs - now.getTime() : 0
  if (wait > 0) throw tooMany(`验证码已发送，请 ${Math.ceil(wait / 1000)} 秒后再获取`, wait / 1000)
  // one send per number per minute, even when two requests race past the check above
  const minute = Math.floor(now.getTime() / LOGIN_LIMITS.resendAfterMs)
  const numberKey = `send:${hash}`
  const inDay = await markAndCount(deps, `${numberKey}:${minute}`, numberKey, new Date(now.getTime() - DAY))
  if (inDay === null) throw tooMany('验证码已发送，请稍后再获取', LOGIN_LIMITS.resendAfterMs / 1000)
  if (inDay > LOGIN_LIMITS.sendsPerNumberDay) throw tooMany('今天获取验证码的次数已用完，请明天再试', DAY / 1000)
  const inHour = await deps.db.models.CitizenLoginMark.countDocuments({ key: numberKey, at: { $gte: new Date(now.getTime() - HOUR) } })
  if (inHour > LOGIN_LIMITS.sendsPerNumberHour) throw tooMany('获取验证码过于频繁，请一小时后再试', HOUR / 1000)

  const code = String(randomInt(0, 10 ** LOGIN_LIMITS.codeLength)).padStart(LOGIN_LIMITS.codeLength, '0')
  const nonce = randomBytes(9).toString('base64url')
  await deps.db.models.CitizenLoginCode.replaceOne(
    { _id: hash },
    { nonce, codeHash: codeHash(piiKey, nonce, code), issuedAt: now, expiresAt: new Date(now.getTime() + LOGIN_LIMITS.codeTtlMs) },
    { upsert: true },
  )
  await deps.sms.enqueue({ key: `login:${hash.slice(0, 32)}:${nonce}`, phone: body.phone, template: 'public_login_code', data: { code } })
  return { sent: true, resendAfter: LOGIN_LIMITS.resendAfterMs / 1000, expiresIn: LOGIN_LIMITS.codeTtlMs / 1000 }
}

const WRONG = '验证码不正确或已过期，请重新获取'

/** Checks the code; answers the number it proves (the session is made by login-providers.ts). */
export async function verifyLoginCode(deps: AppDeps, body: VerifyCodeBody, address: string): Promise<CitizenIdentity> {
  const { piiKey } = deps.config
  const now = deps.clock.now()
  const failKey = `fail-ip:${address}`
  const failures = await deps.db.models.CitizenLoginMark.countDocuments({ key: failKey, at: { $gte: new Date(now.getTime() - HOUR) } })
  if (failures >= LOGIN_LIMITS.failuresPerAddressHour) throw tooMany('验证码错误次数过多，请一小时后再试', HOUR / 1000)

  const hash = phoneHash(piiKey, body.phone)
  const current = await deps.db.models.CitizenLoginCode.findById(hash).lean()
  if (!current || current.expiresAt.getTime() <= now.getTime()) throw new AppError('AUTH_CODE_INVALID', WRONG)
  // claim one of the code's tries: the n-th insert wins slot n, so racing guesses never exceed the cap
  let slot = 0
  for (let n = 1; n <= LOGIN_LIMITS.attemptsPerCode && !slot; n++) {
    try {
      await deps.db.models.CitizenLoginMark.create({ _id: `try:${hash}:${current.nonce}:${n}`, key: `try:${current.nonce}`, at: now })
      slot = n
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  if (!slot) {
    await deps.db.models.CitizenLoginCode.deleteOne({ _id: hash, nonce: current.nonce })
    throw new AppError('AUTH_CODE_INVALID', '验证码错误次数过多，请重新获取')
  }
  const expected = Buffer.from(current.codeHash, 'hex')
  const given = Buffer.from(codeHash(piiKey, current.nonce, body.code), 'hex')
  if (!timingSafeEqual(expected, given)) {
    await deps.db.models.CitizenLoginMark.create({ _id: `${failKey}:${randomBytes(8).toString('hex')}`, key: failKey, at: now })
    const left = LOGIN_LIMITS.attemptsPerCode - slot
    throw new AppError('AUTH_CODE_INVALID', left > 0 ? `验证码不正确，还可以再试 ${left} 次` : '验证码错误次数过多，请重新获取')
  }
  // the code is used once: only the request that deletes it logs in
  const { deletedCount } = await deps.db.models.CitizenLoginCode.deleteOne({ _id: hash, nonce: current.nonce })
  if (deletedCount !== 1) throw new AppError('AUTH_CODE_INVALID', WRONG)
  return { phone: body.phone }
}

export const smsLogin: LoginProvider<VerifyCodeBody> = { id: 'sms', label: '手机验证码登录', verify: verifyLoginCode }

/** Marks older than a day count for nothing; the sweep keeps the collection small. */
export async function sweepLoginMarks(deps: AppDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - DAY - HOUR)
  const old = await deps.db.models.CitizenLoginMark.find({ at: { $lt: before } }, { _id: 1 })
    .limit(5000)
    .lean()
  if (!old.length) return 0
  const { deletedCount } = await deps.db.models.CitizenLoginMark.deleteMany({ _id: { $in: old.map((o) => o._id) } })
  await deps.db.models.CitizenLoginCode.deleteMany({ expiresAt: { $lt: before } })
  return deletedCount ?? 0
}
