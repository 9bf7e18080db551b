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

/** The stored person as commands see them. */
export function toAuthUser(u: { _id: string; name: string; roles: Role[]; territory: string; department?: string; tags?: string[] }): AuthUser {
  return { id: u._id, name: u.name, roles: u.roles, territory: u.territory, department: u.department, tags: u.tags ?? [] }
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r))
}
