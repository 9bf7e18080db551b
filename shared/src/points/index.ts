/**
 * 奖惩考核 — points and assessment, shared by the BFF and the mini-app.
 *
 * Endpoints (all need `Authorization: Bearer <token>`; errors are `{ error: { code, message, details } }`):
 *
 * | method + path                               | body / query            | answer / who                          |
 * |---------------------------------------------|-------------------------|---------------------------------------|
 * | GET  /api/points/me?period=                 | ledgerQuery             | PersonPointsView (anyone, themself)   |
 * | GET  /api/points/people/:userId?period=     | ledgerQuery             | PersonPointsView (admin, centre, their dept lead, their community) |
 * | GET  /api/points/leaderboard?period=&board= | boardQuery              | BoardView (anyone signed in)          |
 * | GET  /api/points/export?period=             | exportQuery             | .xlsx (admin, centre; dept lead: own department) |
 * | GET  /api/points/tasks/:taskId              | —                       | { items: LedgerEntryView[] } (who can see the task's people) |
 * | POST /api/points/appeals                    | createAppealBody        | 201 AppealView (the person the deduction is about) |
 * | GET  /api/points/appeals?status=&cursor=&limit= | appealListQuery      | AppealListView (admin: all; others: their own) |
 * | POST /api/points/appeals/:entryId/decide    | decideAppealBody        | AppealView (admin)                    |
 * | GET  /api/rules                             | —                       | RulesOverview (anyone; draft for admins) |
 * | GET  /api/rules/versions                    | —                       | { items: RuleVersionView[] } newest first |
 * | PUT  /api/rules/draft                       | saveDraftBody           | RuleDraftView (admin)                 |
 * | POST /api/rules/preview                     | previewBody             | RulePreviewView (admin)               |
 * | POST /api/rules/publish                     | publishRulesBody        | 201 RuleVersionView (admin; 409 if someone published first) |
 */
export * from './constants'
export * from './dto'
export * from './evaluate'
export * from './form'
export * from './keys'
export * from './period'
export * from './rules'
export * from './schemas'
export * from './totals'
export * from './visibility'
