import type { Context, Next } from 'koa'
import type { Clock } from './clock'
import { AppError } from './errors'

export interface RateLimit {
  /** requests allowed per window for one key */
  max: number
  windowMs: number
  /** who is counted: the signed-in user, else the caller's address */
  key(ctx: Context): string
  /** what the person is told */
  message: string
}

/**
 * A fixed-window limiter kept in this process's memory. It blunts guessing and bulk scraping (login
 * attempts, revealing phone numbers one after another); with several BFF instances each counts on its
 * own, so the effective limit is max × instances — put a gateway limit in front for a hard ceiling.
 */
export function rateLimit(limit: RateLimit, clock: Clock) {
  const windows = new Map<string, { start: number; count: number }>()
  return async (ctx: Context, next: Next) => {
    const now = clock.now().getTime()
    const key = limit.key(ctx)
    let w = windows.get(key)
    if (!w || now - w.start >= limit.windowMs) {
      w = { start: now, count: 0 }
      windows.set(key, w)
      if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= limit.windowMs) windows.delete(k)
    }
    w.count++
    if (w.count > limit.max) {
      const retryAfter = Math.ceil((w.start + limit.windowMs - now) / 1000)
      ctx.set('Retry-After', String(retryAfter))
      throw new AppError('RATE_LIMITED', limit.message, { retryAfterSeconds: retryAfter })
    }
    await next()
  }
}

export const byUserOrIp = (ctx: Context) => (ctx.state.user as { id?: string } | undefined)?.id ?? `ip:${ctx.ip}`
