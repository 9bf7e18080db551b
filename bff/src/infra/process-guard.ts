/**
 * The last line of defence for the process. Each request's own errors are caught by the error handler
 * (middleware.ts) and become that request's answer; what reaches this file escaped a request entirely:
 *
 * - an error from one connection's streams (a client that vanished, a body cut short, a bad compressed
 *   body, a stream nobody listened to): logged, and the process keeps serving — nothing shared was
 *   half-changed, only that one connection is gone;
 * - a rejected promise nobody awaited: logged, the process keeps serving (no code was interrupted
 *   half-way through a synchronous change);
 * - any other uncaught exception (a bug that threw from a timer or callback): the process state can no
 *   longer be trusted, so it stops accepting connections, lets the requests in flight finish for a few
 *   seconds, and exits with code 1 — the supervisor (`npm start`, systemd in production) starts a fresh one.
 */
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Logger } from './logger'

interface ErrorLike {
  code?: string
  message?: string
  stack?: string
}

/** Error codes of one connection's I/O: the client went away or sent something that cannot be read. */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_STREAM_ALREADY_FINISHED',
  'ERR_HTTP_HEADERS_SENT',
  'ERR_HTTP_REQUEST_TIMEOUT',
  // zlib: a body that claims a compression it does not have
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
  'Z_STREAM_ERROR',
  'Z_NEED_DICT',
])

/** Messages of request-body parsers (busboy, raw-body) that have no code. */
const PARSER_MESSAGES = /^(Unexpected end of (form|file)|Malformed (part header|urlencoded form)|Multipart: Boundary not found|aborted|request aborted)$/

/** True for errors that belong to one connection's streams rather than to the program. */
export function isConnectionError(err: unknown): boolean {
  const e = err as ErrorLike | null
  if (!e || typeof e !== 'object') return false
  if (e.code && (CONNECTION_CODES.has(e.code) || /^(HPE_|ERR__ERROR_|ERR_BROTLI)/.test(e.code))) return true
  return PARSER_MESSAGES.test(e.message ?? '')
}

export interface GuardedProcess {
  on(event: 'uncaughtException', listener: (err: Error, origin: string) => void): unknown
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown
}

export interface ProcessGuardOptions {
  logger: Logger
  /** stops the server and jobs and exits with this code (main.ts); called at most once */
  shutdown(code: number): Promise<void> | void
  /** if shutting down takes longer than this, exit anyway */
  forceExitAfterMs?: number
  exit?: (code: number) => void
  proc?: GuardedProcess
}

export function installProcessGuard(opts: ProcessGuardOptions): void {
  const proc = opts.proc ?? process
  const exit = opts.exit ?? ((code: number) => process.exit(code))
  let exiting = false
  proc.on('uncaughtException', (err, origin) => {
    if (isConnectionError(err)) {
      opts.logger.warn({ err, origin }, 'a connection failed outside any request; the process keeps serving')
      return
    }
    opts.logger.fatal({ err, origin }, 'uncaught exception: the process stops and is restarted by its supervisor')
    if (exiting) return
    exiting = true
    setTimeout(() => exit(1), opts.forceExitAfterMs ?? 10_000).unref()
    Promise.resolve()
      .then(() => opts.shutdown(1))
      .catch(() => exit(1))
  })
  proc.on('unhandledRejection', (reason) => {
    opts.logger.error({ err: reason }, 'a promise was rejected and nobody handled it; the process keeps serving')
  })
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' }

/**
 * Requests Node's HTTP parser rejects before the app sees them (broken framing, a body cut short, headers
 * too large) are answered in the same JSON error shape as everything else, not Node's bare text.
 */
export function guardHttpServer(server: Server, logger: Logger): void {
  server.on('clientError', (err: ErrorLike, socket: Socket) => {
    const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy()
      return
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW' ? 413 : 400
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED'
    const body = JSON.stringify({ error: { code, message: '请求格式有误或不完整，请重试' } })
    logger.warn({ code: err.code, status }, 'malformed request refused by the HTTP parser')
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}
