import { ERROR_STATUS, type ErrorCode } from '@jqtb/shared'

/** An error meant for the client: a code programs match on and a message a person can act on. */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
    this.status = ERROR_STATUS[code]
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或已被删除`)
export const forbidden = (message = '您没有权限执行此操作') => new AppError('FORBIDDEN', message)

/** MongoDB duplicate key: the insert half of the two concurrency primitives (docs/database.md#unique-keys). */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> } | null
  return e?.code === 11000 || !!e?.writeErrors?.some((w) => w.code === 11000)
}

const UNREACHABLE_NAMES =
  /^(MongoServerSelectionError|MongooseServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoNotConnectedError|MongoTopologyClosedError|MongoPoolClearedError|MongoWaitQueueTimeoutError|WaitQueueTimeoutError|MongoServerClosedError|MongoClientClosedError)$/

/**
 * Errors that mean the database is unreachable rather than that the request was wrong: the driver's
 * selection, connection, socket and pool timeouts, and mongoose's own wait for a lost connection.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { name?: string; message?: string; cause?: unknown } | null, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (UNREACHABLE_NAMES.test(e.name ?? '')) return true
    if (e.name === 'MongooseError' && /buffering timed out/.test(e.message ?? '')) return true
    if (e instanceof DatabaseUnavailableError) return true
  }
  return false
}

/** Raised by our own waits on the database (the per-request deadline, health probes). */
export class DatabaseUnavailableError extends Error {
  constructor(message = 'database did not answer in time') {
    super(message)
    this.name = 'DatabaseUnavailableError'
  }
}
