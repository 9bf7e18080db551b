/**
 * 多元化解队伍 — mediators, organisations, composition rules, team proposals and mediation records,
 * shared by the BFF and the mini-app. Endpoints are listed in the README (多元化解队伍) and in
 * GET /api/openapi.json; design notes in docs/mediators.md.
 */
export * from './agreement'
export * from './conflicts'
export * from './constants'
export * from './dto'
export * from './propose'
export * from './rules'
export * from './schemas'
export * from './scoring'
export * from './stats'
export * from './team'
