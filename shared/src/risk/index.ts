/**
 * 三色预警 and 重点关注 — the risk engine shared by the BFF and the mini-app.
 *
 * Endpoints (all need `Authorization: Bearer <token>`; errors are `{ error: { code, message, details } }`):
 *
 * | method + path                               | body / query          | answer / who                                     |
 * |---------------------------------------------|-----------------------|--------------------------------------------------|
 * | GET  /api/risk/tasks/:id                    | —                     | RiskCardView (whoever may see the task; linked cases: centre, 派出所) |
 * | POST /api/risk/tasks/:id/colour             | setRiskColourBody     | RiskCardView (centre, 派出所)                     |
 * | GET  /api/risk/watch?kind=&colour=&cursor=  | watchListQuery        | WatchListView (centre, 派出所)                    |
 * | GET  /api/risk/watch/:id                    | —                     | WatchDetailView (centre, 派出所)                  |
 * | POST /api/risk/watch                        | addWatchBody          | 201 WatchDetailView (centre, 派出所)              |
 * | POST /api/risk/watch/:id/close              | closeWatchBody        | WatchDetailView (销号; centre, 派出所)            |
 * | POST /api/risk/watch/:id/responsible        | watchResponsibleBody  | WatchDetailView (centre, 派出所)                  |
 * | GET  /api/risk/rules                        | —                     | RiskRulesOverview (anyone; draft for admins)     |
 * | GET  /api/risk/rules/versions               | —                     | { items: RiskRuleVersionView[] }                 |
 * | PUT  /api/risk/rules/draft                  | saveRiskDraftBody     | RiskRuleDraftView (admin)                        |
 * | POST /api/risk/rules/preview                | previewRiskBody       | RiskPreviewView (admin)                          |
 * | POST /api/risk/rules/publish                | publishRiskRulesBody  | 201 RiskRuleVersionView (admin)                  |
 */
export * from './case'
export * from './constants'
export * from './dto'
export * from './engine'
export * from './form'
export * from './phrases'
export * from './record'
export * from './rules'
export * from './schemas'
export * from './score'
export * from './watch'
