import { Gauge } from 'prom-client'
import type { AppDeps } from '../deps'

/** How long a scrape may reuse the last count: the count is a scan on the embedded database. */
const CACHE_MS = 10_000

/**
 * The outbox as an operator watches it: entries waiting to be sent and the age of the oldest. A
 * backlog that only grows, or an oldest entry older than a few minutes, means notices are not going
 * out (platform down, credentials wrong, every worker stopped).
 */
export function outboxMetrics({ db, clock, metrics }: AppDeps): void {
  let cached: { at: number; backlog: number; oldestAgeS: number } | null = null
  const read = async () => {
    const now = clock.now().getTime()
    if (cached && now - cached.at < CACHE_MS) return cached
    const { Outbox } = db.models
    const [backlog, oldest] = await Promise.all([
      Outbox.countDocuments({ status: 'pending' }),
      Outbox.find({ status: 'pending' }, { createdAt: 1 }).sort({ createdAt: 1, _id: 1 }).limit(1).lean(),
    ])
    cached = { at: now, backlog, oldestAgeS: oldest[0] ? Math.max(0, (now - new Date(oldest[0].createdAt).getTime()) / 1000) : 0 }
    return cached
  }
  new Gauge({
    name: 'jqtb_outbox_backlog',
    help: 'work notifications queued and not yet sent or given up',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).backlog)
    },
  })
  new Gauge({
    name: 'jqtb_outbox_oldest_pending_age_seconds',
    help: 'age of the oldest work notification still waiting to be sent (0 when none)',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).oldestAgeS)
    },
  })
}
