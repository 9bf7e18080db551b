import type { AppDeps } from '../deps'
import { GatewayError, type PlatformIdentity, type ProviderName } from '../dingtalk'
import { AppError } from '../infra/errors'
import { identityKey } from '../users/model'
import { signInState } from '../users/store'
import { type MeView, presentMe } from './presenter'
import { signToken } from './tokens'

/** Pauses between tries of a busy platform during login; a person is waiting, so few and short. */
const LOGIN_RETRY_DELAYS_MS = [200, 600]

export interface LoginResult {
  token: string
  expiresAt: string
  user: MeView
}

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
export async function loginWithAuthCode(deps: AppDeps, input: { authCode: string; provider?: ProviderName }): Promise<LoginResult> {
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
