/**
 * HTTP for 关键指数 and 一屏掌控: `/api/indices/...`. Thin: parse → authorise (policy.ts) → query → answer.
 */
import { casesQuery, dashboardQuery, indicesExportQuery, liveQuery, periodKeyAt, summaryQuery } from '@jqtb/shared'
import type Router from '@koa/router'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { taskDeps } from '../tasks/log'
import { buildIndicesReport } from './export'
import { assertCanExportIndices } from './policy'
import { casesBehind, dashboard, live, summary } from './queries'

export function indicesRoutes(router: Router, deps: AppDeps) {
  const auth = requireAuth(deps)
  const tasks = taskDeps(deps)

  describeRoute(router, {
    method: 'get',
    path: '/api/indices/dashboard',
    tag: 'indices',
    summary: '一屏掌控：指数卡片（环比、同比）、漏斗、12 个月趋势、村社区与网格热力、排行、渠道与类型构成（社治中心；部门负责人看本部门；村社干部看本社区）',
    query: dashboardQuery,
    response: 'DashboardView',
    errors: [400, 403, 404],
  })
  router.get('/api/indices/dashboard', auth, async (ctx) => {
    ctx.set('cache-control', 'no-store')
    ctx.body = await dashboard(deps, currentUser(ctx), parse(dashboardQuery, ctx.query))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/indices/live',
    tag: 'indices',
    summary: '当前红色预警和超期工单（未办结），每 30 秒内刷新',
    query: liveQuery,
    response: 'LiveView',
    errors: [400, 403, 404],
  })
  router.get('/api/indices/live', auth, async (ctx) => {
    ctx.set('cache-control', 'no-store')
    ctx.body = await live(deps, currentUser(ctx), parse(liveQuery, ctx.query))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/indices/cases',
    tag: 'indices',
    summary: '一个数字背后的工单：与卡片同一口径（比率的分子、分母逐条标明）',
    query: casesQuery,
    response: 'CasesView',
    errors: [400, 403, 404],
  })
  router.get('/api/indices/cases', auth, async (ctx) => {
    ctx.set('cache-control', 'no-store')
    ctx.body = await casesBehind(deps, currentUser(ctx), parse(casesQuery, ctx.query))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/indices/summary',
    tag: 'indices',
    summary: '首页概况：社治中心看今日与本月、部门负责人看本部门、村社干部看本社区、个人看本人本月（办结、按时、积分），连同待办数量',
    query: summaryQuery,
    response: 'SummaryView',
    errors: [400],
  })
  router.get('/api/indices/summary', auth, async (ctx) => {
    ctx.set('cache-control', 'no-store')
    ctx.body = await summary(tasks, currentUser(ctx), parse(summaryQuery, ctx.query))
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/indices/export',
    tag: 'indices',
    summary: '导出月度关键指数报表（.xlsx，含环比、同比）：管理员与社治中心为全部村社区、网格、部门，部门负责人为本部门',
    query: indicesExportQuery,
    response: '月度指数报表',
    binary: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    errors: [400, 403],
  })
  router.get('/api/indices/export', auth, async (ctx) => {
    const scope = assertCanExportIndices(currentUser(ctx))
    const q = parse(indicesExportQuery, ctx.query)
    const { buffer, filename } = await buildIndicesReport(deps, q.month ?? periodKeyAt(deps.clock.now().getTime(), 'month'), scope)
    ctx.set('Content-Disposition', `attachment; filename="indices.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    ctx.body = buffer
  })
}
