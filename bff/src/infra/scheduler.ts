import type { Logger } from './logger'

export interface PeriodicJob {
  name: string
  intervalMs: number
  run(): Promise<unknown>
}

/**
 * Runs background jobs (sweepers, the notification worker) on an interval, never overlapping with
 * themselves. Jobs must be safe to run on several BFF instances at once: they make changes only
 * through unique-key inserts, so two instances doing the same work produce one result.
 */
export function startJobs(jobs: PeriodicJob[], logger: Logger): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = []
  const running = new Set<Promise<unknown>>()
  let stopped = false
  for (const job of jobs) {
    let busy = false
    const tick = () => {
      if (busy || stopped) return
      busy = true
      const p = job
        .run()
        .catch((err) => logger.error({ err, job: job.name }, 'background job failed'))
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
