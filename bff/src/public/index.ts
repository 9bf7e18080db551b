import { defineDomain } from '../kernel/domain'
import { CONSULT_NOTICES, consultNoticeRelevance } from './consult-notices'
import { publicJobs } from './jobs'
import { publicListeners } from './listeners'
import { publicModels } from './model'
import { PUBLIC_RESPONSES } from './responses'
import { publicRoutes } from './routes'
import { PUBLIC_SMS } from './sms'
import { staffRoutes } from './staff-routes'

/**
 * 公众侧: citizens log in by SMS code, file a dispute into intake (公众上报) and get a case code,
 * follow its public milestones, rate it once; the centre looks cases up by code, accepts them into
 * tasks and works the 回访 queue. docs/public.md.
 */
export const publicDomain = defineDomain({
  name: 'public',
  models: publicModels,
  routes: (router, deps) => {
    publicRoutes(router, deps)
    staffRoutes(router, deps)
  },
  jobs: publicJobs,
  listeners: publicListeners,
  responses: PUBLIC_RESPONSES,
  smsTemplates: PUBLIC_SMS,
  templates: CONSULT_NOTICES,
  noticeRelevance: consultNoticeRelevance,
})
