/**
 * Signing in: 免登 with a platform's auth code, and (simulator mode only) minting a demo user's auth code
 * at the DingTalk simulator, which then takes the same login path.
 */
import type { DevAuthCodeBody, DevAuthCodeView, LoginBody, LoginView } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { GatewayError, type PlatformIdentity, type ProviderName } from '../dingtalk'
import { AppError, notFound } from '../infra/errors'
import { identityKey } from '../users/model'
import { signInState } from '../users/store'
import { presentMe } from './presenter'
import { signToken } from './tokens'

/** Pauses between tries of a busy platform during login; a person is waiting, so few and short. */
const LOGIN_RETRY_DELAYS_MS = [200, 600]

/** Asks the platform who the auth code belongs to, retrying only what may succeed on a second try. */
async function identify(deps: AppDeps, provider: ProviderName | undefined, authCode: string): Promise<PlatformIdentity> {
  const gateway = deps.gateway.get(provider)
  for (let attempt = 0; ; attempt++) {
    try {
      return await gateway.userByAuthCode(authCode)
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err
      if (err.kind === 'auth_code_invalid') {
        throw new AppError('AUTH_CODE_INVALID', '登录授权码无效或已过期（授权码只能用一次，5 分钟内有效），请关闭应用后重新打开')
      }
      if (err.retryable && attempt < LOGIN_RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, LOGIN_RETRY_DELAYS_MS[attempt]))
        continue
      }
      deps.logger.warn({ provider: gateway.provider, kind: err.kind, code: err.platformCode, msg: err.message }, 'login: platform call failed')
      throw new AppError('UPSTREAM_FAILED', `暂时无法连接${gateway.provider === 'dingtalk' ? '钉钉' : '浙政钉'}，请稍后重试`)
    }
  }
}

/**
 * 免登: auth code → platform identity → our user (by the identity link an admin or the seed wrote)
 * → a short-lived JWT. People the platform knows but our organisation does not, or no longer, get a
 * 403 that says so.
 */
export async function loginWithAuthCode(deps: AppDeps, input: LoginBody): Promise<LoginView> {
  const { db, config, clock, logger } = deps
  const identity = await identify(deps, input.provider, input.authCode)
  const link = await db.models.UserIdentity.findById(identityKey(identity.provider === 'dingtalk' ? 'dingtalk' : 'zzd', identity.externalId)).lean()
  const state = link ? await signInState(db, link.userId) : null
  const user = state?.person?.user
  if (!state || !user) {
    logger.info({ provider: identity.provider, externalId: identity.externalId }, 'login refused: not in our organisation')
    throw new AppError(
      'USER_NOT_IN_ORG',
      `${identity.name ? `${identity.name}，` : ''}您不在本单位的通讯录中，无法使用警情通办。请联系社治中心管理员开通账号。`,
    )
  }
  if (!state.allowed) {
    logger.info({ userId: user._id }, 'login refused: account deactivated')
    throw new AppError('USER_NOT_IN_ORG', `${user.name}，您的账号已停用（已调离或离职），无法登录。如有疑问请联系社治中心管理员。`)
  }
  const { token, expiresAt } = signToken(config, { sub: user._id, via: identity.provider }, clock.now())
  logger.info({ userId: user._id, provider: identity.provider }, 'login')
  return { token, expiresAt, user: await presentMe(db, user) }
}

/**
 * Simulator mode only: stands in for `dd.getAuthCode` in a plain browser. The simulator mints a real
 * auth code for the user's DingTalk or 浙政钉 identity; logging in with it is the real path.
 */
export async function devAuthCode(deps: AppDeps, input: DevAuthCodeBody): Promise<DevAuthCodeView> {
  const { config, db } = deps
  const provider = input.provider ?? config.dingtalk.provider
  const user = await db.models.User.findById(input.userId).lean()
  if (!user) throw notFound('用户')
  const identity = provider === 'dingtalk' ? { userid: user.dingtalk?.userid } : { accountId: user.zzd?.accountId }
  if (!Object.values(identity)[0]) throw new AppError('VALIDATION_FAILED', `${user.name}没有${provider === 'dingtalk' ? '钉钉' : '浙政钉'}账号`)
  let res: Response
  try {
    res = await fetch(`${config.dingtalk.simulatorUrl}/__sim/authcode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: provider, ...identity }),
      signal: AbortSignal.timeout(config.dingtalk.timeoutMs),
    })
  } catch {
    throw new AppError('UPSTREAM_FAILED', '钉钉模拟器没有响应，请确认它已启动（npm start 会启动它）')
  }
  const body = (await res.json().catch(() => ({}))) as { authCode?: string }
  if (!res.ok || !body.authCode) throw new AppError('UPSTREAM_FAILED', `钉钉模拟器拒绝签发授权码（HTTP ${res.status}）`)
  return { authCode: body.authCode }
}
