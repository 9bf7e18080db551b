import type { Context, Next } from 'koa'
import type { Clock } from './clock'
import type { Db } from './db'
import { AppError, isDuplicateKey } from './errors'

export interface RateLimit {
  /** names the limit in the counters' keys: login, reveal-phone … */
  name: string
  /** requests allowed per window for one key */
  max: number
  windowMs: number
  /** who is counted: the signed-in user, else the caller's address */
  key(ctx: Context): string
  /** what the person is told */
  message: string
}

/**
 * A fixed-window limit counted in the database, so it holds across every BFF instance (a per-process
 * count would allow max × instances). Each counted request inserts one of `max` possible keys,
 * `<limit>:<actor>:<window start>:<n>` (`rate_limit_hits`): whoever inserts n owns the n-th request of
 * the window, and when keys 1…max all exist the request is refused — the claim-slot idea of
 * docs/database.md#claim-slots. Windows are aligned to the epoch, so every instance agrees on them;
 * old keys are deleted by the platform's expiry job. Usually one insert per request: this process
 * remembers the highest n it has seen taken, and after a lost insert it finds the first free n by
 * point reads (binary search: the taken keys of a window are always 1…k).
 */
export function rateLimit(limit: RateLimit, deps: { db: Db; clock: Clock }) {
  const { RateLimitHit } = deps.db.models
  const seen = new Map<string, number>()
  const taken = async (prefix: string, n: number) => !!(await RateLimitHit.exists({ _id: `${prefix}${n}` }))

  /** The n this request got, or 0 when the window is full. */
  async function take(prefix: string, expiresAt: Date): Promise<number> {
    let n = (seen.get(prefix) ?? 0) + 1
    while (n <= limit.max) {
      try {
        await RateLimitHit.create({ _id: `${prefix}${n}`, limit: limit.name, expiresAt })
        return n
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
      seen.set(prefix, n)
      // first free n above the one just lost
      let lo = n + 1
      let hi = limit.max + 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (await taken(prefix, mid)) lo = mid + 1
        else hi = mid
      }
      if (lo > n + 1) seen.set(prefix, lo - 1)
      n = lo
    }
    return 0
  }

  return async (ctx: Context, next: Next) => {
    const now = deps.clock.now().getTime()
    const windowStart = now - (now % limit.windowMs)
    const prefix = `${limit.name}:${limit.key(ctx)}:${windowStart}:`
    if (seen.size > 10_000) for (const k of seen.keys()) if (!k.endsWith(`:${windowStart}:`)) seen.delete(k)
    const n = await take(prefix, new Date(windowStart + limit.windowMs))
    if (n === 0) {
      seen.set(prefix, limit.max)
      const retryAfter = Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000))
      ctx.set('Retry-After', String(retryAfter))
      throw new AppError('RATE_LIMITED', limit.message, { retryAfterSeconds: retryAfter })
    }
    seen.set(prefix, Math.max(seen.get(prefix) ?? 0, n))
    await next()
  }
}

/** Deletes counters of windows that have ended (no TTL indexes: docs/database.md#expiry-without-ttl). */
export async function expireRateLimitHits(db: Db, now: Date): Promise<number> {
  const r = await db.models.RateLimitHit.deleteMany({ expiresAt: { $lt: now } })
  return r.deletedCount ?? 0
}

export const byUserOrIp = (ctx: Context) => (ctx.state.user as { id?: string } | undefined)?.id ?? `ip:${ctx.ip}`
