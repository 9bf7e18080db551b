import { defineDomain } from '../kernel/domain'
import { auditModels } from './model'
import { AUDIT_RESPONSES } from './responses'
import { auditRoutes } from './routes'

/**
 * 审计日志: one line per administrative change and per phone-number reveal, written by the command that
 * made it (recordAudit), read by admins (GET /api/admin/audit, 我的 → 审计日志).
 */
export const auditDomain = defineDomain({
  name: 'audit',
  models: auditModels,
  routes: auditRoutes,
  responses: AUDIT_RESPONSES,
})
