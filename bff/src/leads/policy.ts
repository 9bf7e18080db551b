/**
 * Who may do what with leads — in one place.
 *
 * - 研判 is the centre's job: dispatchers see the inbox and every lead, and decide (convert, add to a
 *   task, return, hand over, refuse, settle, merge, split, reopen). Admins see them too (read only).
 * - Only admins change the routing table; the centre reads it (it explains where leads go).
 */
import { AppError } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export function assertCanReadLeads(u: AuthUser): void {
  if (!hasRole(u, 'dispatcher', 'admin')) throw new AppError('FORBIDDEN', '只有社治中心和管理员可以查看线索')
}

export function assertCanDecideLeads(u: AuthUser): void {
  if (!hasRole(u, 'dispatcher')) throw new AppError('FORBIDDEN', '线索研判由社治中心处理')
}

export function assertCanEditRouting(u: AuthUser): void {
  if (!hasRole(u, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以修改分拨规则')
}
