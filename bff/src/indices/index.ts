import { defineDomain } from '../kernel/domain'
import { indicesJobs } from './jobs'
import { indicesListeners } from './listeners'
import { indicesModels } from './model'
import { INDICES_RESPONSES } from './responses'
import { indicesRoutes } from './routes'
import { seedIndices } from './seed'

/**
 * 关键指数 and 一屏掌控: facts folded from each case's log, counters per period and dimension stored
 * by `_id` (`<period>:<dimension>:<key>`), rebuilt from the facts by a job, read by the dashboard,
 * the first pages and the monthly report (docs/indices.md).
 */
export const indicesDomain = defineDomain({
  name: 'indices',
  models: indicesModels,
  routes: indicesRoutes,
  jobs: (deps) => indicesJobs(deps),
  listeners: indicesListeners,
  responses: INDICES_RESPONSES,
  seed: seedIndices,
})
