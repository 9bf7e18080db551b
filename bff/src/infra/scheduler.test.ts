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

describe('startJobs while the database is away', () => {
  it('backs off (interval, doubling) instead of running every tick, says so once, and resumes when the database is back', async () => {
    const { lines, logger } = logSink()
    const runs: number[] = []
    let away = true
    const started = Date.now()
    const jobs = startJobs(
      [
        {
          name: 'outbox',
          intervalMs: 20,
          run: async () => {
            runs.push(Date.now() - started)
            if (away) throw unreachable()
          },
        },
      ],
      logger,
    )
    await new Promise((r) => setTimeout(r, 700))
    const whileAway = runs.length
    // 35 ticks of 20 ms; backing off 20, 40, 80, 160, 320 ms leaves about six runs
    expect(whileAway).toBeGreaterThanOrEqual(3)
    expect(whileAway).toBeLessThanOrEqual(8)
    away = false
    await new Promise((r) => setTimeout(r, 800))
    await jobs.stop()
    expect(runs.length - whileAway).toBeGreaterThan(5) // back to every tick
    expect(lines.filter((l) => l.msg === 'database unavailable: background job backs off')).toHaveLength(1)
    expect(lines.filter((l) => l.msg === 'database is back: background job resumed')).toEqual([expect.objectContaining({ job: 'outbox' })])
    expect(lines.some((l) => l.msg === 'background job failed')).toBe(false)
  })

  it('any other failure is logged as an error and the job keeps its interval', async () => {
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
    await new Promise((r) => setTimeout(r, 300))
    await jobs.stop()
    expect(runs).toBeGreaterThan(8)
    expect(lines.filter((l) => l.msg === 'background job failed').length).toBe(runs)
  })
})
