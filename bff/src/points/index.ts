import { defineDomain } from '../kernel/domain'
import { pointsJobs } from './jobs'
import { pointsListeners } from './listeners'
import { pointsModels } from './model'
import { POINTS_NOTICES } from './notices'
import { pointsRoutes } from './routes'
import { seedDefaultRules } from './rule-versions'

/** 奖惩考核: versioned rules, the append-only ledger scored from task events, leaderboards, appeals. */
export const pointsDomain = defineDomain({
  name: 'points',
  models: pointsModels,
  routes: pointsRoutes,
  jobs: (deps) => pointsJobs(deps),
  listeners: pointsListeners,
  templates: POINTS_NOTICES,
  seed: async ({ db, now }) => ({ pointsRules: await seedDefaultRules(db, now) }),
})
