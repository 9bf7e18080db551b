import type { Config } from './config'
import type { Gateways } from './dingtalk/gateway'
import type { Clock } from './infra/clock'
import type { Db } from './infra/db'
import type { Logger } from './infra/logger'
import type { ResponseSchema } from './kernel/domain'
import type { EventBus } from './kernel/events'
import type { NoticeRelevanceMap, NoticeTemplates } from './kernel/notice'
import type { Notifier } from './notifications/notifier'
import type { SmsSender } from './sms/service'
import type { SmsTemplates } from './sms/templates'

/** Everything the app needs from outside, passed in (never imported as globals) so tests can swap it. */
export interface AppDeps {
  config: Config
  db: Db
  logger: Logger
  clock: Clock
  /** queues DingTalk work notifications (outbox) */
  notifier: Notifier
  /** queues SMS (sms/): for people without DingTalk */
  sms: SmsSender
  /** DingTalk / 浙政钉 (real hosts or the simulator, by configuration) */
  gateway: Gateways
  /** events between domains (kernel/events.ts), with every domain's listeners subscribed */
  events: EventBus
  /** every domain's notice templates, by name */
  notices: NoticeTemplates
  /** every domain's SMS templates, by name */
  smsTemplates: SmsTemplates
  /** every domain's word on whether its queued notices are still news (stale ones are dropped, not sent late) */
  noticeRelevance?: NoticeRelevanceMap
  /** every domain's OpenAPI response components, by name */
  responses: Record<string, ResponseSchema>
}
