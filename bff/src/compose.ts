/**
 * Puts the domains together (docs/architecture.md#domains): opens the database with every domain's
 * models, builds the dependencies every handler, job and listener receives, and starts the jobs.
 * main.ts, the CLI and the tests all assemble the app through here, so nothing is wired twice.
 */
import type { Config } from './config'
import type { AppDeps } from './deps'
import { createGateways } from './dingtalk'
import type { Gateways } from './dingtalk/gateway'
import { DOMAINS } from './domains'
import type { Clock } from './infra/clock'
import { type Db, openDb } from './infra/db'
import type { Logger } from './infra/logger'
import { createMetrics, instrumentJobs, watchDatabase, watchDeferredWork } from './infra/metrics'
import { startJobs } from './infra/scheduler'
import { logSlowCommands } from './infra/slow-commands'
import { deferredBacklog } from './kernel/background'
import type { DomainModule } from './kernel/domain'
import { createEventBus, type EventBus } from './kernel/events'
import { createOutboxNotifier } from './notifications/notifier'
import { type MigrationOptions, runMigrations } from './platform/migrations'
import { createSmsSender } from './sms/service'

/** Every domain's notice templates by name (what the outbox can send). */
export const allNotices = (domains: readonly DomainModule[] = DOMAINS) => collect(domains, 'templates')

/**
 * Connects to `uri` with every domain's models registered and their collections and indexes created;
 * `timeoutMs` bounds every wait on the database (infra/db-availability.ts, DB_TIMEOUT_MS).
 */
export function connectDb(uri: string, dbName?: string, domains: readonly DomainModule[] = DOMAINS, opts: { timeoutMs?: number } = {}): Promise<Db> {
  return openDb(uri, dbName, domains, opts)
}

function collect<K extends 'templates' | 'responses' | 'smsTemplates'>(domains: readonly DomainModule[], key: K): NonNullable<DomainModule[K]> {
  const out: Record<string, unknown> = {}
  for (const d of domains) {
    for (const [name, value] of Object.entries(d[key] ?? {})) {
      if (name in out) throw new Error(`${key} "${name}" is declared by two domains (the second is ${d.name})`)
      out[name] = value
    }
  }
  return out as NonNullable<DomainModule[K]>
}

export interface DepsInput {
  config: Config
  db: Db
  logger: Logger
  clock: Clock
  gateway?: Gateways
  domains?: readonly DomainModule[]
}

/** The dependencies of the app, with the event bus carrying every domain's listeners. */
export function composeDeps({ config, db, logger, clock, gateway, domains = DOMAINS }: DepsInput): AppDeps {
  // the bus is in `deps` before the listeners exist (they are built from `deps`), and a listener may keep
  // what it builds from `deps` (e.g. taskDeps): so this one bus forwards to the listeners once they are collected
  let bus: EventBus = createEventBus([])
  const events: EventBus = {
    publish: (topic, payload) => bus.publish(topic, payload),
    listenersOf: (topic) => bus.listenersOf(topic),
  }
  const notices = collect(domains, 'templates')
  const smsTemplates = collect(domains, 'smsTemplates')
  const deps: AppDeps = {
    config,
    db,
    logger,
    clock,
    notifier: createOutboxNotifier(db, clock, notices),
    sms: createSmsSender(db, clock, config, smsTemplates),
    gateway: gateway ?? createGateways(config, clock),
    events,
    notices,
    smsTemplates,
    responses: collect(domains, 'responses'),
    metrics: createMetrics(),
  }
  // listeners receive the finished deps (their own database, clock and notifier)
  bus = createEventBus(domains.flatMap((d) => d.listeners?.(deps) ?? []))
  deps.noticeRelevance = Object.assign({}, ...domains.map((d) => d.noticeRelevance?.(deps) ?? {}))
  watchDatabase(db.conn, deps.metrics)
  if (config.dbSlowMs) logSlowCommands(db.conn, config.dbSlowMs, logger)
  watchDeferredWork(deps.metrics, () => deferredBacklog(db))
  for (const d of domains) d.metrics?.(deps)
  return deps
}

/** Starts every domain's background jobs. */
export function startDomainJobs(deps: AppDeps, domains: readonly DomainModule[] = DOMAINS) {
  return startJobs(
    instrumentJobs(
      domains.flatMap((d) => d.jobs?.(deps) ?? []),
      deps.metrics,
    ),
    deps.logger,
  )
}

/** Runs every domain's migrations not yet recorded in this database (before seeding and serving). */
export function migrateDb(deps: AppDeps, domains: readonly DomainModule[] = DOMAINS, opts?: MigrationOptions) {
  return runMigrations(deps, domains, opts)
}
