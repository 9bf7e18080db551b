import { defineDomain } from '../kernel/domain'
import { riskJobs } from './jobs'
import { riskListeners } from './listeners'
import { riskModels } from './model'
import { RISK_NOTICES } from './notices'
import { RISK_RESPONSES } from './responses'
import { riskRoutes } from './routes'
import { seedRisk } from './seed'

/** 三色预警 and 重点关注: the risk engine re-scoring tasks from their events, the watch list, the admin's rules. */
export const riskDomain = defineDomain({
  name: 'risk',
  models: riskModels,
  routes: riskRoutes,
  jobs: (deps) => riskJobs(deps),
  listeners: riskListeners,
  responses: RISK_RESPONSES,
  templates: RISK_NOTICES,
  seed: seedRisk,
})
