import type { Context, Next } from 'koa'
import type { AppDeps } from '../deps'
import { AppError } from '../infra/errors'
import { verifyCitizenToken } from './tokens'

export interface CitizenRef {
  id: string
}

/** Requires a citizen's `Authorization: Bearer <token>`; a staff token is refused (another secret). */
export function requireCitizen({ config, db, clock }: AppDeps) {
  return async (ctx: Context, next: Next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))
    if (!match) throw new AppError('UNAUTHENTICATED', '请先登录')
    const id = verifyCitizenToken(config, match[1], clock.now())
    const citizen = await db.models.Citizen.findById(id, { _id: 1 }).lean()
    if (!citizen) throw new AppError('TOKEN_INVALID', '登录已失效，请重新登录')
    ctx.state.citizen = { id } satisfies CitizenRef
    await next()
  }
}

export function currentCitizen(ctx: Context): CitizenRef {
  const c = ctx.state.citizen as CitizenRef | undefined
  if (!c) throw new AppError('UNAUTHENTICATED', '请先登录')
  return c
}
