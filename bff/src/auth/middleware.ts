import type { Context, Next } from 'koa'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { requestContext } from '../infra/logger'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import { signInState } from '../users/store'
import { verifyToken } from './tokens'

/**
 * Requires `Authorization: Bearer <jwt>`. The user is re-read on every request so a deactivated user
 * or a changed role takes effect at once, not when the token expires. A departure record refuses
 * them whatever the cached `active` says (users/store.ts).
 */
export function requireAuth({ config, db, clock }: AppDeps) {
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization')
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) throw new AppError('UNAUTHENTICATED', '请先登录')
    const claims = verifyToken(config, match[1], clock.now())
    const { person, allowed } = await signInState(db, claims.sub)
    if (!person || !allowed) throw new AppError('USER_NOT_IN_ORG', '您的账号已停用或不在本单位通讯录中，请联系管理员')
    const user = person.user
    ctx.state.user = toAuthUser(user)
    const store = requestContext.getStore()
    if (store) store.userId = user._id
    await next()
  }
}

export function currentUser(ctx: Context): AuthUser {
  const user = ctx.state.user as AuthUser | undefined
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录')
  return user
}
