import { defineDomain } from '../kernel/domain'
import type { SeedResult } from '../kernel/seeding'
import { archiveJobs } from './archive'
import { seedDemoTasks } from './demo'
import { taskModels } from './model'
import { taskNoticeRelevance } from './notice-relevance'
import { TASK_NOTICES } from './notices'
import { TASK_RESPONSES } from './responses'
import { taskRoutes } from './routes'
import { taskJobs } from './sweeper'

/** 揭榜认领: tasks as append-only event logs, their workflow, claims, timers and notices. Publishes `task.appended`. */
export const tasksDomain = defineDomain({
  name: 'tasks',
  models: taskModels,
  routes: taskRoutes,
  jobs: (deps) => [...taskJobs(deps), ...archiveJobs(deps)],
  responses: TASK_RESPONSES,
  templates: TASK_NOTICES,
  noticeRelevance: taskNoticeRelevance,
  seed: async ({ now, demo }): Promise<SeedResult> => (demo ? { demoTasks: await seedDemoTasks(demo, now) } : {}),
})
