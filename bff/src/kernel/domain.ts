/**
 * The domain contract (docs/architecture.md#domains). Every folder under bff/src that owns data or
 * endpoints exports one `DomainModule` from its `index.ts`; bff/src/domains.ts lists them, and the
 * database (infra/db.ts), the HTTP app (app.ts), the background jobs and the event bus (main.ts,
 * compose.ts) are built by looping over that list. Adding a domain = a folder + one line there.
 */
import type Router from '@koa/router'
import type { Connection, Model } from 'mongoose'
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import type { SmsTemplates } from '../sms/templates'
import type { Listener } from './events'
import type { NoticeRelevanceMap, NoticeTemplates } from './notice'
import type { SeedContext, SeedResult } from './seeding'

/** An OpenAPI response component (JSON Schema), published under its key in the document. */
export type ResponseSchema = Record<string, unknown>

// biome-ignore lint/suspicious/noExplicitAny: models of any document type
export type ModelMap = Record<string, Model<any>>

export interface DomainModule<M extends ModelMap = ModelMap> {
  /** folder name, used in logs */
  name: string
  /** mongoose models on the app's connection; their collections and indexes are created at start */
  models?: (conn: Connection) => M
  /** HTTP endpoints (thin handlers; each described with describeRoute for the OpenAPI document) */
  routes?: (router: Router, deps: AppDeps) => void
  /** periodic background work, safe on several instances at once (infra/scheduler.ts) */
  jobs?: (deps: AppDeps) => PeriodicJob[]
  /** reactions to other domains' events (kernel/events.ts): idempotent, at-least-once */
  listeners?: (deps: AppDeps) => Listener[]
  /** OpenAPI response components this domain's routes name */
  responses?: Record<string, ResponseSchema>
  /** work-notice templates this domain enqueues, by name (notifications render them) */
  templates?: NoticeTemplates
  /** SMS templates this domain sends, by name (the text to have approved by the provider; sms/templates.ts) */
  smsTemplates?: SmsTemplates
  /** per template: retry cap and "is it still news?" before each send (kernel/notice.ts) */
  noticeRelevance?: (deps: AppDeps) => NoticeRelevanceMap
  /** reference data (and, for npm start, demo data) this domain puts into a database; idempotent */
  seed?: (ctx: SeedContext) => Promise<SeedResult>
}

/** Identity function that keeps the module's model types for `Models` (infra/db.ts). */
export const defineDomain = <M extends ModelMap>(d: DomainModule<M>): DomainModule<M> => d
