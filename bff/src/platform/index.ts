import { expireRateLimitHits } from '../infra/rate-limit'
import { defineDomain } from '../kernel/domain'
import { platformModels } from './model'

/**
 * The platform's own records, shared by every instance: which migrations have run (and who holds the
 * lease to run one), and the counters of rate limits that must hold across instances.
 */
export const platformDomain = defineDomain({
  name: 'platform',
  models: platformModels,
  jobs: ({ db, clock }) => [{ name: 'rate-limit-expiry', intervalMs: 10 * 60_000, run: () => expireRateLimitHits(db, clock.now()) }],
})
