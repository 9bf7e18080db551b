/**
 * Who is acting: the signed-in person as every command and policy sees it. It lives here, not in
 * the HTTP layer, because commands, jobs and listeners act for people too (the demo seed, sweepers
 * acting as the system). auth/middleware.ts puts one on `ctx.state.user`.
 */
import type { Role } from '@jqtb/shared'

export interface AuthUser {
  id: string
  name: string
  roles: Role[]
  /** territory code the user answers for */
  territory: string
  department?: string
  /** 专长: decide which tagged pools admit the user */
  tags: string[]
}

/** The stored person as commands see them (lists copied: the stored person may be a copy kept for other requests). */
export function toAuthUser(u: { _id: string; name: string; roles: Role[]; territory: string; department?: string; tags?: string[] }): AuthUser {
  return { id: u._id, name: u.name, roles: [...u.roles], territory: u.territory, department: u.department, tags: [...(u.tags ?? [])] }
}

/**
 * Who did something, as records keep it (a person's history, a settings or rules version, an appeal's
 * decision, a task event): a person, or the system acting for something (`system:org-sync`).
 */
export interface Actor {
  id: string
  name: string
}

/** The signed-in person as the actor of what they do. */
export const actorOf = (u: AuthUser): Actor => ({ id: u.id, name: u.name })

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r))
}
