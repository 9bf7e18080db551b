/**
 * 揭榜范围 — who a published task's candidate pool admits. Shared so the BFF (checks, hall filter,
 * counts, notices) and the mini-app agree; `machine.ts` builds visibility and the claim check on it.
 */
import { territoriesOverlap } from './scope'
import type { Eligibility, TaskState, TaskUser } from './types'

/**
 * The pool's rule without the reservation: one of its roles, a territory inside (or containing) the
 * pool's, and — when it names 专长 — at least one of them. The BFF counts and notifies pools with it.
 */
export function poolAdmits(e: Eligibility, u: TaskUser): boolean {
  return fitsRoleAndTerritory(e, u) && hasAnyTag(e.tags, u.tags)
}

export const fitsRoleAndTerritory = (e: Eligibility, u: TaskUser) => e.roles.some((r) => u.roles.includes(r)) && territoriesOverlap(e.territory, u.territory)

/** No required tags admits everyone; otherwise any one of them will do. */
export const hasAnyTag = (required: readonly string[], own: readonly string[] | undefined) => required.length === 0 || required.some((t) => own?.includes(t))

/** In the candidate pool of a published task: role, territory, tags and (定向) the reservation fit. */
export function inPool(t: TaskState, u: TaskUser): boolean {
  const e = t.eligibility
  if (!t.claimMode || !e || !poolAdmits(e, u)) return false
  return t.claimMode !== 'reserved' || t.reservedFor.some((r) => r.id === u.id)
}
