/**
 * GET /metrics (infra/metrics.ts): Prometheus text with requests and latency per route pattern and
 * status, claim conflicts, database commands, errors and unique-key losses, the outbox backlog and the
 * age of its oldest entry, each job's lag, and the process's event-loop lag. Off the public interface:
 * on the main port only with METRICS_TOKEN, otherwise on its own listener (METRICS_PORT).
 */
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import request from 'supertest'
import { ManualClock } from '../../bff/src/infra/clock'
import { createMetrics, instrumentJobs, serveMetrics } from '../../bff/src/infra/metrics'
import { startJobs } from '../../bff/src/infra/scheduler'
import { later, settleDeferred } from '../../bff/src/kernel/background'
import { startTestApp, type TestApp } from '../support/app'
import { addGridWorkers, as, publishedTask, WANGLI } from './tasks-fixtures'

const TOKEN = 'metrics-token-0123456789abcdef0123456789'
const clock = new ManualClock(Date.now())
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ clock, env: { METRICS_TOKEN: TOKEN } })
})
afterAll(() => app.close())

const scrape = async () => {
  const res = await request(app.url).get('/metrics').set('authorization', `Bearer ${TOKEN}`)
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toContain('text/plain')
  return res.text
}
/** The value of one series, by its name and exact label set as Prometheus prints it. */
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

it('is not on the public interface: 404 without the token or with a wrong one, like any unknown path', async () => {
  expect((await request(app.url).get('/metrics')).status).toBe(404)
  const wrong = await request(app.url)
    .get('/metrics')
    .set('authorization', `Bearer ${TOKEN.replace(/.$/, 'x')}`)
  expect(wrong.status).toBe(404)
  expect(wrong.text).not.toContain('jqtb_')
  const none = await startTestApp({ sameDatabaseAs: app })
  try {
    expect((await request(none.url).get('/metrics').set('authorization', `Bearer ${TOKEN}`)).status).toBe(404)
  } finally {
    await none.close()
  }
})

it('counts requests by route pattern and status, times them, and counts claim conflicts and unique-key losses', async () => {
  await addGridWorkers(app, ['u-metrics-second'])
  const id = await publishedTask(app)
  expect((await as(app, WANGLI).post(`/api/tasks/${id}/claim`)).status).toBe(200)
  const lost = await as(app, 'u-metrics-second').post(`/api/tasks/${id}/claim`)
  expect(lost.status).toBe(409)
  for (let i = 0; i < 3; i++) expect((await as(app, WANGLI).get(`/api/tasks/${id}`)).status).toBe(200)
  expect((await as(app, WANGLI).get('/api/tasks/JQ20000101-9999')).status).toBe(404)

  const text = await scrape()
  expect(value(text, 'jqtb_http_requests_total{method="GET",route="/api/tasks/:id",status="200"}')).toBe(3)
  expect(value(text, 'jqtb_http_requests_total{method="GET",route="/api/tasks/:id",status="404"}')).toBe(1)
  expect(value(text, 'jqtb_http_requests_total{method="POST",route="/api/tasks/:id/claim",status="409"}')).toBe(1)
  expect(value(text, 'jqtb_http_request_duration_seconds_count{method="GET",route="/api/tasks/:id",status="200"}')).toBe(3)
  expect(text).toMatch(/jqtb_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/tasks\/:id",status="200"\} \d/)
  expect(value(text, 'jqtb_claim_conflicts_total{code="TASK_ALREADY_CLAIMED"}')).toBe(1)
  expect(value(text, 'jqtb_db_command_duration_seconds_count{command="insert"}')).toBeGreaterThan(3)
  expect(text).toContain('nodejs_eventloop_lag_seconds')
  expect(text).toContain('process_resident_memory_bytes')
})

it('counts database errors and inserts that lost a unique-key race, by collection', async () => {
  const before = await scrape()
  const dup = (coll: string) => value(before, `jqtb_db_duplicate_keys_total{collection="${coll}"}`) ?? 0
  await app.db.models.RateLimitHit.create({ _id: 'probe:x:1', limit: 'probe', expiresAt: new Date() })
  await expect(app.db.models.RateLimitHit.create({ _id: 'probe:x:1', limit: 'probe', expiresAt: new Date() })).rejects.toThrow()
  await expect(app.db.conn.db!.command({ noSuchCommand: 1 })).rejects.toThrow()
  const after = await scrape()
  expect(value(after, 'jqtb_db_duplicate_keys_total{collection="rate_limit_hits"}')).toBe(dup('rate_limit_hits') + 1)
  expect(value(after, 'jqtb_db_errors_total{command="other",code="59"}')).toBeGreaterThanOrEqual(1)
})

it('shows the outbox backlog and the age of its oldest pending entry', async () => {
  await app.db.models.Outbox.deleteMany({})
  const queued = clock.now()
  for (const k of ['a', 'b'])
    await app.deps.notifier.enqueue({ key: `metrics-${k}`, recipients: [WANGLI], template: 'test', data: { name: '王丽', requestedAt: 'x' } })
  clock.advance(90_000)
  const text = await scrape()
  expect(value(text, 'jqtb_outbox_backlog')).toBe(2)
  expect(value(text, 'jqtb_outbox_oldest_pending_age_seconds')).toBeCloseTo((clock.now().getTime() - queued.getTime()) / 1000, 0)
})

it('job lag: 0 while a job keeps to its interval, growing while it fails', async () => {
  const metrics = createMetrics()
  let t = 1_000_000
  let failing = false
  const jobs = instrumentJobs(
    [
      { name: 'steady', intervalMs: 30_000, run: async () => 'ok' },
      {
        name: 'broken',
        intervalMs: 30_000,
        run: async () => {
          if (failing) throw new Error('db away')
        },
      },
    ],
    metrics,
    () => t,
  )
  await jobs[0].run()
  await jobs[1].run()
  failing = true
  t += 100_000
  await jobs[0].run()
  await expect(jobs[1].run()).rejects.toThrow('db away')
  const text = await metrics.registry.metrics()
  expect(value(text, 'jqtb_job_lag_seconds{job="steady"}')).toBe(0)
  expect(value(text, 'jqtb_job_lag_seconds{job="broken"}')).toBe(70)
  expect(value(text, 'jqtb_job_runs_total{job="broken",outcome="failed"}')).toBe(1)
  expect(value(text, 'jqtb_job_runs_total{job="steady",outcome="ok"}')).toBe(2)
  // the scheduler runs wrapped jobs like any other
  const running = startJobs(jobs.slice(0, 1), pino({ level: 'silent' }))
  await new Promise((r) => setTimeout(r, 120))
  await running.stop()
  expect(value(await metrics.registry.metrics(), 'jqtb_job_runs_total{job="steady",outcome="ok"}')).toBe(3)
})

it('its own listener (METRICS_PORT) answers GET /metrics and nothing else', async () => {
  const server = await serveMetrics(app.deps.metrics, '127.0.0.1', 0)
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const res = await fetch(`${url}/metrics`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('jqtb_http_requests_total')
    expect((await fetch(`${url}/api/tasks`)).status).toBe(404)
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(404)
  } finally {
    server.close()
  }
})

it('shows the deferred work still waiting per lane, and 0 once it is done', async () => {
  let release: () => void = () => {}
  const gate = new Promise<void>((r) => {
    release = r
  })
  later({ db: app.db }, 'metrics-gate', () => gate, 'linking')
  for (const k of ['a', 'b']) later({ db: app.db }, `metrics-${k}`, async () => {}, 'linking')
  await new Promise((r) => setTimeout(r, 50))
  expect(value(await scrape(), 'jqtb_deferred_work{lane="linking"}')).toBe(3)
  release()
  await settleDeferred(app.db)
  expect(value(await scrape(), 'jqtb_deferred_work{lane="linking"}')).toBe(0)
})
