import { defineDomain } from '../kernel/domain'
import { leadJobs } from './jobs'
import { leadListeners } from './listeners'
import { leadModels } from './model'
import { LEAD_RESPONSES } from './responses'
import { leadRoutes } from './routes'
import { seedLeads } from './seed'

/** 归集 and 研判: intake records linked into leads (one per dispute, repeats linked), the centre's decisions, the routing table. */
export const leadsDomain = defineDomain({
  name: 'leads',
  models: leadModels,
  routes: leadRoutes,
  jobs: (deps) => leadJobs(deps),
  listeners: leadListeners,
  responses: LEAD_RESPONSES,
  seed: seedLeads,
})
