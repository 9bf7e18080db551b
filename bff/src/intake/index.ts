import { defineDomain } from '../kernel/domain'
import { backfillArrivals } from './arrivals'
import { intakeConfigRoutes } from './config-routes'
import { importRoutes } from './imports/routes'
import { intakeJobs } from './jobs'
import { intakeListeners } from './listeners'
import { intakeModels } from './model'
import { INTAKE_RESPONSES } from './responses'
import { intakeRoutes } from './routes'
import { seedIntake } from './seed'

/** 统一归口: every channel in — push API, file import, 窗口登记, 网格上报 — cleaned and stored once per source. */
export const intakeDomain = defineDomain({
  name: 'intake',
  models: intakeModels,
  routes: (router, deps) => {
    intakeRoutes(router, deps)
    intakeConfigRoutes(router, deps)
    importRoutes(router, deps)
  },
  jobs: (deps) => intakeJobs(deps),
  listeners: intakeListeners,
  responses: INTAKE_RESPONSES,
  seed: seedIntake,
  migrations: [
    {
      id: '0001-arrivals',
      description: 'the arrivals journal for the records of the last 100 days stored before it existed',
      up: async (deps) => ({ arrivals: await backfillArrivals(deps.db, deps.clock.now()) }),
    },
  ],
})
