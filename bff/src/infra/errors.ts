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

/** Errors that mean the database is unreachable rather than that the request was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? ''
  return /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|MongoTopologyClosedError|MongooseServerSelectionError/.test(name)
}
