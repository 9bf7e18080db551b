import { defineDomain } from '../kernel/domain'
import type { SeedResult } from '../kernel/seeding'
import { mediatorJobs } from './jobs'
import { mediatorListeners } from './listeners'
import { mediatorModels } from './model'
import { MEDIATION_NOTICES, MEDIATION_SMS } from './notices'
import { MEDIATOR_RESPONSES } from './responses'
import { mediatorRoutes } from './routes'
import { seedDemoMediation } from './seed'

/**
 * 多元化解队伍: mediation organisations and the mediator pool, 攻坚小组 proposals with conflicts of
 * interest excluded, invitations (DingTalk or SMS), mediation records and agreements. Publishes
 * `mediation.team_formed`, `mediation.recorded`, `mediation.confirmed` (events.ts, docs/mediators.md).
 */
export const mediatorsDomain = defineDomain({
  name: 'mediators',
  models: mediatorModels,
  routes: mediatorRoutes,
  jobs: mediatorJobs,
  listeners: mediatorListeners,
  responses: MEDIATOR_RESPONSES,
  templates: MEDIATION_NOTICES,
  smsTemplates: MEDIATION_SMS,
  seed: async ({ now, demo }): Promise<SeedResult> => (demo ? await seedDemoMediation(demo, now) : {}),
})
