import { AsyncLocalStorage } from 'node:async_hooks'
import pino, { type Logger } from 'pino'

/** Per-request context; every log line written while handling a request carries its id. */
export const requestContext = new AsyncLocalStorage<{ reqId: string; userId?: string }>()

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'jqtb-bff' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const ctx = requestContext.getStore()
        return ctx ? { reqId: ctx.reqId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {}
      },
      redact: { paths: ['req.headers.authorization', '*.authCode', '*.token', '*.appSecret'], censor: '[redacted]' },
    },
    destination,
  )
}

export type { Logger }
