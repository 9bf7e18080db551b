import type { Clock } from '../infra/clock'

/**
 * An app's access token, cached and refreshed before it expires (the platforms advise treating a
 * 7200 s token as good for about 7000 s). Concurrent callers share one refresh. Each provider
 * instance holds the cache for its own app.
 */
export class TokenCache {
  private token?: string
  private expiresAt = 0
  private pending?: Promise<string>

  constructor(
    private readonly clock: Clock,
    private readonly fetchToken: () => Promise<{ token: string; expiresInSec: number }>,
    /** refresh this long before the platform's expiry */
    private readonly earlyMs = 300_000,
  ) {}

  async get(): Promise<string> {
    if (this.token && this.clock.now().getTime() < this.expiresAt) return this.token
    if (!this.pending) {
      this.pending = this.fetchToken()
        .then(({ token, expiresInSec }) => {
          this.token = token
          this.expiresAt = this.clock.now().getTime() + Math.max(expiresInSec * 1000 - this.earlyMs, expiresInSec * 500)
          return token
        })
        .finally(() => {
          this.pending = undefined
        })
    }
    return this.pending
  }

  /** The platform said this token is not valid: forget it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.token === token) {
      this.token = undefined
      this.expiresAt = 0
    }
  }
}
