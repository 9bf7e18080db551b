/** The simulator's time. Token expiry, auth-code expiry, daily limits and signature skew all read it. */
export interface SimClock {
  now(): Date
  /** move time forward (tests, `/__sim/clock/advance`) */
  advance(ms: number): void
}

/** Real time plus an offset that `/__sim/clock/advance` grows. */
export function offsetClock(): SimClock & { reset(): void } {
  let offset = 0
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms
    },
    reset() {
      offset = 0
    },
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** The calendar day in China (UTC+8, no DST): DingTalk's per-day limits reset at local midnight. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}
