/**
 * 揭榜认领 — the task lifecycle shared by the BFF and the mini-app.
 *
 * Endpoints (all need `Authorization: Bearer <token>`; errors are `{ error: { code, message, details } }`;
 * the full, generated description is `GET /api/openapi.json`):
 *
 * | method + path                              | body / query schema   | answer                  |
 * |--------------------------------------------|-----------------------|-------------------------|
 * | GET  /api/tasks?view=hall|mine|department|review|all&state=&category=&tier=&riskColour=&territory=&q=&overdue=1&cursor=&limit= | taskListQuery | TaskListResponse |
 * | GET  /api/tasks/:id                        | —                     | TaskDetailView (with `timeline`) |
 * | GET  /api/tasks/:id/assignees              | — (who may 指派), or poolQuery (who may be 定向 in that pool) | { items: [{ id, name, roleLabels, title, territoryName, tags }] } |
 * | GET  /api/tasks/:id/pool-size              | poolQuery (territory, roles, tags; as publish may) | PoolSizeView |
 * | POST /api/tasks                            | createTaskBody        | 201 TaskActionResponse (a retried `requestId`: 200, the same task) |
 * | POST /api/tasks/:id/route                  | routeBody             | TaskActionResponse      |
 * | POST /api/tasks/:id/publish                | publishBody           | TaskActionResponse      |
 * | POST /api/tasks/:id/sign                   | signBody              | TaskActionResponse      |
 * | POST /api/tasks/:id/bounce                 | bounceBody            | TaskActionResponse      |
 * | POST /api/tasks/:id/assign                 | assignBody            | TaskActionResponse      |
 * | POST /api/tasks/:id/claim                  | claimBody             | TaskActionResponse (`result`: done / applied / unchanged) |
 * | POST /api/tasks/:id/approve-claim          | approveClaimBody      | TaskActionResponse      |
 * | POST /api/tasks/:id/extend                 | extendBody            | TaskActionResponse      |
 * | POST /api/tasks/:id/release                | releaseBody           | TaskActionResponse      |
 * | POST /api/tasks/:id/progress               | progressBody          | TaskActionResponse      |
 * | POST /api/tasks/:id/submit                 | submitBody            | TaskActionResponse      |
 * | POST /api/tasks/:id/review                 | reviewBody            | TaskActionResponse      |
 * | POST /api/tasks/:id/escalate               | escalateBody          | TaskActionResponse      |
 * | POST /api/tasks/:id/send-back              | sendBackBody          | TaskActionResponse      |
 * | POST /api/tasks/:id/reopen                 | reopenBody            | TaskActionResponse      |
 * | POST /api/tasks/:id/cancel                 | cancelBody            | TaskActionResponse      |
 * | POST /api/tasks/:id/reveal-phone           | revealPhoneBody       | RevealPhoneResponse     |
 * | POST /api/reports                          | reportBody            | 201 TaskActionResponse (a retried `requestId`: 200, the same task) |
 * | POST /api/files (multipart, field `file`)  | image/jpeg, png, webp ≤ 10 MB | 201 FileView    |
 * | GET  /api/files/:id?exp=&sig=              | (signed URL from a PhotoView / FileView) | the image |
 * | GET  /api/settings/tasks                   | —                     | TaskSettingsView        |
 * | PUT  /api/settings/tasks                   | updateTaskSettingsBody (admin) | TaskSettingsView |
 * | GET  /api/settings/tasks/history           | — (admin)             | { items: TaskSettingsView[] } |
 *
 * Status codes: 400 VALIDATION_FAILED; 401; 403 FORBIDDEN / OUT_OF_TERRITORY / NOT_ELIGIBLE /
 * SELF_REVIEW_FORBIDDEN; 404 NOT_FOUND; 409 TASK_ALREADY_CLAIMED (details: AlreadyClaimedDetails) /
 * INVALID_TRANSITION / CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422
 * CLAIM_LIMIT_REACHED / CLAIM_DEADLINE_PASSED / CLAIM_EXPIRED / EXTENSION_USED /
 * OVERDUE_REASON_REQUIRED / DOMAIN_RULE.
 *
 * The buttons: render `TaskView.actions` (labels: `actionLabel(action, task.claimMode)`); `review`
 * is one verb with two buttons (通过 → `{decision:'accept', rating}`, 驳回 → `{decision:'return', reason}`).
 */
export * from './buttons'
export * from './constants'
export * from './dto'
export * from './fold'
export * from './geofence'
export * from './machine'
export * from './notice-relevance'
export * from './pool'
export * from './schemas'
export * from './scope'
export * from './settings'
export * from './types'
