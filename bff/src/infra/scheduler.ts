import { isDatabaseUnavailable } from './errors'
import type { Logger } from './logger'

export interface PeriodicJob {
  name: string
  intervalMs: number
  run(): Promise<unknown>
}

/** A job that found the database away waits twice as long each time, up to this, before trying again. */
export const JOB_BACKOFF_MAX_MS = 30_000

/**
 * Runs background jobs (sweepers, the notification worker) on an interval, never overlapping with
 * themselves. Jobs must be safe to run on several BFF instances at once: they make changes only
 * through unique-key inserts, so two instances doing the same work produce one result.
 * While the database is away a job backs off (its interval, doubling, at most 30 s) instead of piling
 * up failing passes, says so once, and says so again when it runs through.
 */
export function startJobs(jobs: PeriodicJob[], logger: Logger): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = []
  const running = new Set<Promise<unknown>>()
  let stopped = false
  for (const job of jobs) {
    let busy = false
    let failures = 0
    let pausedUntil = 0
    const tick = () => {
      if (busy || stopped || Date.now() < pausedUntil) return
      busy = true
      const p = job
        .run()
        .then(() => {
          if (failures > 0) logger.info({ job: job.name, after: failures }, 'database is back: background job resumed')
          failures = 0
          pausedUntil = 0
        })
        .catch((err) => {
          if (!isDatabaseUnavailable(err)) {
            logger.error({ err, job: job.name }, 'background job failed')
            return
          }
          failures++
          const waitMs = Math.min(job.intervalMs * 2 ** (failures - 1), Math.max(JOB_BACKOFF_MAX_MS, job.intervalMs))
          pausedUntil = Date.now() + waitMs
          const fields = { job: job.name, failures, waitMs, err: (err as Error).message }
          if (failures === 1) logger.warn(fields, 'database unavailable: background job backs off')
          else logger.debug(fields, 'database still unavailable')
        })
        .finally(() => {
          busy = false
          running.delete(p)
        })
      running.add(p)
    }
    timers.push(setInterval(tick, job.intervalMs))
    setTimeout(tick, 50).unref()
  }
  return {
    async stop() {
      stopped = true
      for (const t of timers) clearInterval(t)
      await Promise.allSettled([...running])
    },
  }
}
