import { Writable } from 'node:stream'
import { createLogger } from './logger'
import { startJobs } from './scheduler'

const unreachable = () => Object.assign(new Error('connection timed out'), { name: 'MongoNetworkTimeoutError' })

function logSink() {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
      cb()
    },
  })
  return { lines, logger: createLogger('debug', sink) }
}

/** waits (up to `ms`) until `done()` holds; timers on a busy machine fire late, so tests wait for events, not for time */
async function until(done: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
}

describe('startJobs while the database is away', () => {
  it('backs off (interval, doubling) instead of running every tick, says so once, and resumes when the database is back', async () => {
    const { lines, logger } = logSink()
    const runs: number[] = []
    let away = true
    const jobs = startJobs(
      [
        {
          name: 'outbox',
          intervalMs: 20,
          run: async () => {
            runs.push(Date.now())
            if (away) throw unreachable()
          },
        },
      ],
      logger,
    )
    await until(() => runs.length >= 5)
    // a run never comes before its pause is over: 20, 40, 80, 160 ms (a busy machine only makes the gaps longer)
    const gaps = runs.slice(1, 5).map((t, i) => t - runs[i])
    expect(gaps.filter((gap, i) => gap < 20 * 2 ** i - 2)).toEqual([])
    away = false
    await until(() => lines.some((l) => l.msg === 'database is back: background job resumed'))
    const resumedAt = runs.length
    await until(() => runs.length >= resumedAt + 5, 5000) // back to every tick
    await jobs.stop()
    expect(runs.length).toBeGreaterThanOrEqual(resumedAt + 5)
    expect(lines.filter((l) => l.msg === 'database unavailable: background job backs off')).toHaveLength(1)
    expect(lines.filter((l) => l.msg === 'database is back: background job resumed')).toEqual([expect.objectContaining({ job: 'outbox' })])
    expect(lines.some((l) => l.msg === 'background job failed')).toBe(false)
  })

  it('any other failure is logged as an error and the job keeps its interval (no backoff)', async () => {
    const { lines, logger } = logSink()
    let runs = 0
    const jobs = startJobs(
      [
        {
          name: 'sweeper',
          intervalMs: 20,
          run: async () => {
            runs++
            throw new TypeError('a bug')
          },
        },
      ],
      logger,
    )
    // ten runs take about 200 ms at its interval; backing off they would take over 20 s
    await until(() => runs >= 10, 5000)
    await jobs.stop()
    expect(runs).toBeGreaterThanOrEqual(10)
    expect(lines.filter((l) => l.msg === 'background job failed').length).toBe(runs)
    expect(lines.some((l) => l.msg === 'database unavailable: background job backs off')).toBe(false)
  })
})
