/**
 * Who may see and do what with 三色预警 and 重点关注 — in one place.
 *
 * In words:
 * - Whoever may open a task sees its risk card (为什么是红色): the colour, who set it, the factors
 *   in words. The cases linked to it (other cases of the same people or address) are shown only to
 *   those who keep the watch list.
 * - The watch list (重点关注) is kept by the centre (社治中心 dispatchers) and the 派出所 (the lead and
 *   staff of the rules' duty department). Nobody else sees it: not grid workers, not mediators (even
 *   one who also works in the 派出所), not other departments, not the admin unless also in the centre.
 * - The same people set a task's colour by hand (with a reason), put a person or address on the
 *   list, name who follows them up, review them weekly and take them off (销号).
 * - Only admins edit, preview and publish the risk rules; everyone reads the rules in force.
 */
import type { RiskRuleSet } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export const isAdmin = (u: AuthUser) => hasRole(u, 'admin')

/** The centre, or the 派出所's own people — and never someone who also works as a grid worker or mediator. */
export function keepsWatch(u: AuthUser, rules: Pick<RiskRuleSet, 'dutyDepartment'>): boolean {
  if (hasRole(u, 'grid_worker', 'mediator')) return false
  if (hasRole(u, 'dispatcher')) return true
  return hasRole(u, 'dept_lead', 'dept_staff') && u.department === rules.dutyDepartment
}

export function assertKeepsWatch(u: AuthUser, rules: Pick<RiskRuleSet, 'dutyDepartment'>, what = '查看重点关注名单'): void {
  if (!keepsWatch(u, rules)) throw new AppError('FORBIDDEN', `只有社治中心和派出所可以${what}`)
}

export function assertRiskAdmin(u: AuthUser, what = '修改预警规则'): void {
  if (!isAdmin(u)) throw new AppError('FORBIDDEN', `只有管理员可以${what}`)
}
