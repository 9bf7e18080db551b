import type { Context, Next } from 'koa'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { requestContext } from '../infra/logger'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import { checkSignIn } from '../users/signin-kept'
import { verifyToken } from './tokens'

/**
 * Requires `Authorization: Bearer <jwt>`. A deactivated user or a changed role takes effect on the next
 * request, not when the token expires: the people stamp is read on every request (users/signin-kept.ts).
 * A departure record refuses them whatever the cached `active` says (users/store.ts), and a token signed
 * before an admin unlinked one of their accounts is refused (SESSION_ENDED: whoever held the unlinked
 * account is out).
 */
export function requireAuth({ config, db, clock }: AppDeps) {
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization')
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) throw new AppError('UNAUTHENTICATED', '请先登录')
    const claims = verifyToken(config, match[1], clock.now())
    const { person, allowed, ended } = await checkSignIn(db, claims.sub, claims.issuedAt ?? new Date(0))
    if (!person || !allowed) throw new AppError('USER_NOT_IN_ORG', '您的账号已停用或不在本单位通讯录中，请联系管理员')
    if (ended) throw new AppError('SESSION_ENDED', '管理员已解除您的一个登录账号关联，本次登录已结束，请重新登录')
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
