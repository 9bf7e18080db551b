/**
 * 揭榜范围 — the candidate pool of a publication: a territory (the task's own or one containing or
 * inside it), roles, and optionally 专长 of which a claimant needs any one. Who is in it is the shared
 * rule `poolAdmits`; this file resolves what a lead asked for into a pool, and finds its members for
 * the publish sheet's live count, the 定向 picker and the 新工单可认领 notices.
 */
import { ancestorsOf, type Eligibility, type PoolQuery, type PoolSizeView, poolAdmits, type Role, type TaskState, territoriesOverlap } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import type { UserDoc } from '../users/model'
import type { TaskDeps } from './log'
import { assertCan } from './policy'
import { loadTask } from './store'

/** Who a publication is for when the lead names nobody in particular. */
export const DEFAULT_POOL_ROLES: Role[] = ['grid_worker']

/** The pool a publish body (or the sheet's query) names, with the defaults filled in and the territory checked. */
export async function resolvePool(deps: TaskDeps, task: TaskState, asked: { territory?: string; roles?: Role[]; tags?: string[] }): Promise<Eligibility> {
  const territory = asked.territory ?? task.territory.code
  if (!territoriesOverlap(territory, task.territory.code)) throw new AppError('DOMAIN_RULE', '揭榜范围须包含工单属地或位于其中')
  if (!(await deps.db.models.Territory.exists({ _id: territory }))) throw new AppError('DOMAIN_RULE', `区域 ${territory} 不存在`)
  const roles = asked.roles?.length ? [...new Set(asked.roles)] : DEFAULT_POOL_ROLES
  return { territory, roles, tags: [...new Set(asked.tags ?? [])] }
}

type Member = Pick<UserDoc, '_id' | 'name' | 'roles' | 'territory' | 'department' | 'title' | 'tags'>

/** Active people the pool admits (role, territory, 专长), in a stable order. */
export async function poolMembers(deps: TaskDeps, pool: Eligibility): Promise<Member[]> {
  const users = await deps.db.models.User.find(
    { roles: { $in: pool.roles }, active: true },
    { _id: 1, name: 1, roles: 1, territory: 1, department: 1, title: 1, tags: 1 },
  )
    .sort({ _id: 1 })
    .lean<Member[]>()
  return users.filter((u) => poolAdmits(pool, { id: u._id, roles: u.roles, territory: u.territory, department: u.department, tags: u.tags }))
}

/**
 * `GET /api/tasks/:id/pool-size`: how many people the pool would admit, and the 认领范围 to pick from.
 * Only someone who may publish the task now may ask (the same rule as publishing).
 */
export async function poolSize(deps: TaskDeps, user: AuthUser, taskId: string, query: PoolQuery): Promise<PoolSizeView> {
  const task = await loadTask(deps, taskId)
  assertCan(task, user, 'publish', deps.clock.now().getTime())
  const pool = await resolvePool(deps, task, query)
  const codes = [task.territory.code, ...ancestorsOf(task.territory.code).reverse()]
  const nodes = new Map(
    (await deps.db.models.Territory.find({ _id: { $in: [...codes, pool.territory] } }, { _id: 1, name: 1, fullName: 1, level: 1 }).lean()).map((t) => [
      t._id,
      t,
    ]),
  )
  const scopes = codes.flatMap((code) => {
    const t = nodes.get(code)
    return t ? [{ code, name: t.level === 'grid' || t.level === 'micro' ? t.fullName : t.name, level: t.level }] : []
  })
  const members = await poolMembers(deps, pool)
  return {
    size: members.length,
    territory: { code: pool.territory, name: scopes.find((s) => s.code === pool.territory)?.name ?? nodes.get(pool.territory)?.fullName ?? pool.territory },
    roles: pool.roles,
    tags: pool.tags,
    scopes,
  }
}
