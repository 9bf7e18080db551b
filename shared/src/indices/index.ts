/**
 * 关键指数 and 一屏掌控 — the key indices, shared by the BFF and the mini-app. Every index is defined
 * once (formulas.ts), computed from counters (aggregate.ts) folded from marks (marks.ts) of facts
 * (facts.ts), which are folded from each case's own log.
 *
 * Endpoints (all need `Authorization: Bearer <token>`):
 *
 * | method + path                                   | query               | answer / who |
 * |-------------------------------------------------|---------------------|--------------|
 * | GET /api/indices/dashboard?period=&level=&scope= | dashboardQuery      | DashboardView (centre and admins: any scope; dept lead: own department; community staff: own community) |
 * | GET /api/indices/live?scope=&limit=             | liveQuery           | LiveView (same as the dashboard) |
 * | GET /api/indices/cases?period=&scope=&target=&cursor=&limit= | casesQuery | CasesView (whoever may read that scope) |
 * | GET /api/indices/summary?period=                | summaryQuery        | SummaryView (everyone: their own part) |
 * | GET /api/indices/export?month=                  | indicesExportQuery  | .xlsx (centre and admins: all; dept lead: own department) |
 */
export * from './adapters'
export * from './aggregate'
export * from './display'
export * from './drill'
export * from './dto'
export * from './durations'
export * from './facts'
export * from './formulas'
export * from './marks'
export * from './periods'
export * from './schemas'
