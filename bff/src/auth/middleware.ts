import type { Role } from '@jqtb/shared'
import type { Context, Next } from 'koa'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { requestContext } from '../infra/logger'
import { verifyToken } from './tokens'

/** The signed-in user, as every handler and policy sees it (`ctx.state.user`). */
export interface AuthUser {
  id: string
  name: string
  roles: Role[]
  /** territory code the user answers for */
  territory: string
  department?: string
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r))
}

/**
 * Requires `Authorization: Bearer <jwt>`. The user is re-read on every request so a deactivated user
 * or a changed role takes effect at once, not when the token expires.
 */
export function requireAuth({ config, db, clock }: AppDeps) {
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization')
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) throw new AppError('UNAUTHENTICATED', '请先登录')
    const claims = verifyToken(config, match[1], clock.now())
    const user = await db.models.User.findById(claims.sub).lean()
    if (!user?.active) throw new AppError('USER_NOT_IN_ORG', '您的账号已停用或不在本单位通讯录中，请联系管理员')
    const authUser: AuthUser = { id: user._id, name: user.name, roles: user.roles, territory: user.territory, department: user.department }
    ctx.state.user = authUser
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
