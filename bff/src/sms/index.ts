import { defineDomain } from '../kernel/domain'
import { smsModels } from './model'
import { smsJobs } from './worker'

/**
 * 短信: the SMS gateway every domain may use (`deps.sms.enqueue`), for people without DingTalk —
 * external mediators now, citizens' login codes and notices later. An outbox sent exactly once, with
 * backoff, through Aliyun's SMS API or the simulator's copy of it; delivery receipts collected.
 */
export const smsDomain = defineDomain({
  name: 'sms',
  models: smsModels,
  jobs: (deps) => smsJobs(deps, deps.smsTemplates),
})
