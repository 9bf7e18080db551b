import { defineDomain } from '../kernel/domain'
import { outboxMetrics } from './metrics'
import { notificationModels } from './model'
import { notificationRoutes } from './routes'
import { NOTIFICATION_NOTICES } from './templates'
import { outboxJob } from './worker'

/** 工作通知: the outbox every domain queues notices into, and the worker that sends them exactly once. */
export const notificationsDomain = defineDomain({
  name: 'notifications',
  models: notificationModels,
  routes: notificationRoutes,
  jobs: (deps) => [outboxJob(deps)],
  templates: NOTIFICATION_NOTICES,
  metrics: outboxMetrics,
})
