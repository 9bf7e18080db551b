/**
 * Who may do what with people (人员管理) — in one place.
 *
 * - Admins add people, change their roles, territory, department, 专长 and title, link and unlink
 *   their DingTalk / 浙政钉 accounts, deactivate and reactivate them.
 * - The centre (社治中心调度员) may read the list and a person's page, to know who is on duty where.
 * - Nobody else sees the directory through this API.
 * - Guard rails (commands.ts, guards.ts): never the last active admin deactivated or stripped of the
 *   role, never your own admin role removed, never yourself deactivated.
 */

import { forbidden } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export const peoplePolicy = {
  canRead: (user: AuthUser) => hasRole(user, 'admin', 'dispatcher'),
  canManage: (user: AuthUser) => hasRole(user, 'admin'),
}

export function assertCanReadPeople(user: AuthUser): void {
  if (!peoplePolicy.canRead(user)) throw forbidden('只有管理员和社治中心可以查看人员名单')
}

export function assertCanManagePeople(user: AuthUser): void {
  if (!peoplePolicy.canManage(user)) throw forbidden('只有管理员可以管理人员')
}
