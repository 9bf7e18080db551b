/**
 * Who may read the audit trail: admins (系统管理员 / 审计). Nobody writes it through the API; lines are
 * written by the commands they record.
 */
import { forbidden } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export const auditPolicy = {
  canRead: (user: AuthUser) => hasRole(user, 'admin'),
}

export function assertCanReadAudit(user: AuthUser): void {
  if (!auditPolicy.canRead(user)) throw forbidden('只有管理员可以查看审计日志')
}
