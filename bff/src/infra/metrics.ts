/**
 * Prometheus metrics (prom-client), one registry per app instance (tests run several apps in one
 * process). What an operator of several instances watches: requests and latency per route and status,
 * the database's commands, errors and unique-key losses (the contention of docs/database.md#unique-keys),
 * each background job's runs and lag, claim conflicts, the outbox (registered by the notifications
 * domain) and the process itself (event-loop lag, memory, CPU). Served by GET /metrics off the public
 * interface (health/routes.ts, main.ts; README "Metrics").
 */
import { createServer, type Server } from 'node:http'
import type { Context, Next } from 'koa'
import type { Connection } from 'mongoose'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { PeriodicJob } from './scheduler'

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

export interface Metrics {
  registry: Registry
  httpRequests: Counter<'method' | 'route' | 'status'>
  httpDuration: Histogram<'method' | 'route' | 'status'>
  claimConflicts: Counter<'code'>
  dbCommands: Histogram<'command'>
  dbErrors: Counter<'command' | 'code'>
  dbDuplicateKeys: Counter<'collection'>
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 })
  return {
    registry,
    httpRequests: new Counter({
      name: 'jqtb_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'jqtb_http_request_duration_seconds',
      help: 'HTTP request latency, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    claimConflicts: new Counter({
      name: 'jqtb_claim_conflicts_total',
      help: 'requests answered 409 because someone else changed the thing first (TASK_ALREADY_CLAIMED, CONFLICT …)',
      labelNames: ['code'],
      registers: [registry],
    }),
    dbCommands: new Histogram({
      name: 'jqtb_db_command_duration_seconds',
      help: 'database command latency as the driver saw it',
      labelNames: ['command'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    dbErrors: new Counter({
      name: 'jqtb_db_errors_total',
      help: 'database commands that failed (network, timeouts, server errors; write errors other than duplicate keys)',
      labelNames: ['command', 'code'],
      registers: [registry],
    }),
    dbDuplicateKeys: new Counter({
      name: 'jqtb_db_duplicate_keys_total',
      help: 'inserts that lost a unique-key race (11000): the contention behind claims, appends, leases and counters',
      labelNames: ['collection'],
      registers: [registry],
    }),
  }
}

/** The route pattern (/api/tasks/:id), never the raw path: one series per endpoint, not per task. */
function routeOf(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute
  if (matched) return String(matched)
  return ctx.method === 'GET' && !ctx.path.startsWith('/api/') ? 'static' : 'unmatched'
}

/** Counts and times every request; sits outside the error handler so it sees the status the client got. */
export function httpMetrics(metrics: Metrics) {
  return async (ctx: Context, next: Next) => {
    const end = metrics.httpDuration.startTimer()
    try {
      await next()
    } finally {
      const labels = { method: ctx.method, route: routeOf(ctx), status: String(ctx.status) }
      end(labels)
      metrics.httpRequests.inc(labels)
      const code = (ctx.body as { error?: { code?: string } } | undefined)?.error?.code
      if (ctx.status === 409 && code) metrics.claimConflicts.inc({ code })
    }
  }
}

interface CommandReply {
  writeErrors?: Array<{ code?: number }>
}

const CRUD = new Set([
  'insert',
  'update',
  'delete',
  'find',
  'findAndModify',
  'aggregate',
  'getMore',
  'count',
  'distinct',
  'createIndexes',
  'create',
  'drop',
  'dropDatabase',
  'listCollections',
  'ping',
  'hello',
  'isMaster',
  'killCursors',
  'endSessions',
])
const commandLabel = (name: string) => (CRUD.has(name) ? name : 'other')

/** Watches the connection's commands (the connection is opened with monitorCommands: infra/db.ts). */
export function watchDatabase(conn: Connection, metrics: Metrics): void {
  const client = conn.getClient()
  const collections = new Map<number, string>()
  client.on('commandStarted', (e) => {
    if (e.commandName === 'insert') collections.set(e.requestId, String(e.command.insert))
  })
  client.on('commandSucceeded', (e) => {
    const command = commandLabel(e.commandName)
    metrics.dbCommands.observe({ command }, e.duration / 1000)
    const collection = collections.get(e.requestId)
    collections.delete(e.requestId)
    for (const w of (e.reply as CommandReply | undefined)?.writeErrors ?? []) {
      if (w.code === 11000) metrics.dbDuplicateKeys.inc({ collection: collection ?? 'unknown' })
      else metrics.dbErrors.inc({ command, code: String(w.code ?? 'unknown') })
    }
  })
  client.on('commandFailed', (e) => {
    collections.delete(e.requestId)
    const command = commandLabel(e.commandName)
    metrics.dbCommands.observe({ command }, e.duration / 1000)
    const code = (e.failure as { code?: number; codeName?: string }).code
    metrics.dbErrors.inc({ command, code: String(code ?? (e.failure as Error).name ?? 'unknown') })
  })
}

/**
 * Wraps jobs so their runs are counted and timed and their lag is visible: `jqtb_job_lag_seconds` is
 * how far the last successful run is overdue (0 while the job keeps to its interval; it grows while a
 * job fails every time or hangs — the signal that sweepers or the outbox stopped on this instance).
 */
export function instrumentJobs(jobs: PeriodicJob[], metrics: Metrics, now: () => number = Date.now): PeriodicJob[] {
  const runs = new Counter({
    name: 'jqtb_job_runs_total',
    help: 'background job passes, by outcome',
    labelNames: ['job', 'outcome'],
    registers: [metrics.registry],
  })
  const duration = new Histogram({
    name: 'jqtb_job_duration_seconds',
    help: 'background job pass duration',
    labelNames: ['job'],
    buckets: LATENCY_BUCKETS,
    registers: [metrics.registry],
  })
  const started = now()
  const lastSuccess = new Map<string, number>()
  new Gauge({
    name: 'jqtb_job_lag_seconds',
    help: 'seconds the last successful pass of each job is overdue (time since it finished, minus the interval)',
    labelNames: ['job'],
    registers: [metrics.registry],
    collect() {
      const t = now()
      for (const job of jobs) {
        const since = (t - (lastSuccess.get(job.name) ?? started)) / 1000
        this.set({ job: job.name }, Math.max(0, since - job.intervalMs / 1000))
      }
    },
  })
  return jobs.map((job) => ({
    ...job,
    run: async () => {
      const end = duration.startTimer({ job: job.name })
      try {
        const out = await job.run()
        runs.inc({ job: job.name, outcome: 'ok' })
        lastSuccess.set(job.name, now())
        return out
      } catch (err) {
        runs.inc({ job: job.name, outcome: 'failed' })
        throw err
      } finally {
        end()
      }
    },
  }))
}

/**
 * The metrics' own listener (METRICS_HOST:METRICS_PORT, loopback by default): GET /metrics and nothing
 * else, so the scrape address can stay on a private interface while the app faces the users.
 */
export function serveMetrics(metrics: Metrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve(server))
  })
}

/** `jqtb_deferred_work{lane}`: work queued to follow the answers (views, linking) and not done yet on this instance. */
export function watchDeferredWork(metrics: Metrics, backlog: () => Record<string, number>): void {
  new Gauge({
    name: 'jqtb_deferred_work',
    help: 'deferred jobs waiting or running on this instance, by lane (views: derived views after a command; linking: records waiting to be linked into leads)',
    labelNames: ['lane'],
    registers: [metrics.registry],
    collect() {
      this.reset()
      for (const [lane, n] of Object.entries(backlog())) this.set({ lane }, n)
    },
  })
}
