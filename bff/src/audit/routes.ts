import { auditListQuery } from '@jqtb/shared'
import type Router from '@koa/router'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { assertCanReadAudit } from './policy'
import { listAudit } from './queries'

export function auditRoutes(router: Router, deps: AppDeps) {
  describeRoute(router, {
    method: 'get',
    path: '/api/admin/audit',
    tag: 'audit',
    summary: '审计日志（管理员）：每一项管理操作和每一次查看当事人号码，按类别、操作人、对象、日期筛选，新的在前，游标分页',
    query: auditListQuery,
    response: 'AuditList',
    errors: [400, 403],
  })
  router.get('/api/admin/audit', requireAuth(deps), async (ctx) => {
    assertCanReadAudit(currentUser(ctx))
    ctx.body = await listAudit(deps, parse(auditListQuery, ctx.query))
  })
}
