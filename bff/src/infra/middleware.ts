import { randomUUID } from 'node:crypto'
import type { Context, Next } from 'koa'
import { AppError, isDatabaseUnavailable } from './errors'
import type { Logger } from './logger'
import { requestContext } from './logger'
import { isConnectionError } from './process-guard'

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/

/** Gives each request an id (or keeps the caller's), echoes it back, and logs one line per request. */
export function requestScope(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id')
    const reqId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    ctx.state.reqId = reqId
    ctx.set('x-request-id', reqId)
    const started = process.hrtime.bigint()
    await requestContext.run({ reqId }, async () => {
      try {
        await next()
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        if (ctx.path !== '/healthz') {
          logger.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request')
        }
      }
    })
  }
}

/**
 * What Koa reports after a request's answer was decided: a client that left mid-response, a response stream
 * that failed. Logged with the request's id (Koa's default would print to stderr); never ends the process.
 */
export function koaErrorListener(logger: Logger) {
  return (err: Error & { expose?: boolean }, ctx?: Context) => {
    const reqId = ctx?.state?.reqId as string | undefined
    if (err.expose || isConnectionError(err)) logger.warn({ reqId, err: err.message, code: (err as { code?: string }).code }, 'connection ended early')
    else logger.error({ reqId, err }, 'response failed after it was started')
  }
}

/** zlib / brotli failing on a request body: the client's fault, not ours. */
function isBadCompressedBody(err: unknown): boolean {
  const e = err as { errno?: unknown; code?: unknown } | null
  return typeof e?.errno === 'number' && typeof e.code === 'string' && /^(Z_|ERR__ERROR_|ERR_BROTLI)/.test(e.code)
}

interface HttpLikeError {
  status?: number
  statusCode?: number
  expose?: boolean
  type?: string
  message?: string
}

/** Turns every failure into the JSON error shape `{error: {code, message, details}}`; stack traces stay in the log. */
export function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next()
      // nothing answered: an unknown endpoint, or a path outside the API and the H5 files (also a link whose
      // `..` the client resolved away), in the same JSON shape rather than koa's plain-text 'Not Found'
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `${ctx.path.startsWith('/api/') ? '接口' : '地址'}不存在：${ctx.method} ${ctx.path}`)
      }
      // the router answers a method it has no route for (405) or does not know at all (PROPFIND: 501) with an
      // empty body and an Allow header; both are the client's mistake, so both are a 405 in the JSON shape
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) {
        throw new AppError('METHOD_NOT_ALLOWED', `${ctx.path} 不支持 ${ctx.method} 请求，可用：${ctx.response.get('Allow') || '无'}`)
      }
    } catch (err) {
      const { status, body } = toErrorResponse(err)
      if (body.error.code === 'DB_UNAVAILABLE') logger.warn({ code: body.error.code, err: (err as Error)?.message }, 'database unavailable')
      else if (status >= 500) logger.error({ err }, 'request failed')
      else logger.warn({ code: body.error.code, reason: body.error.message }, 'request rejected')
      ctx.status = status
      ctx.body = body
    }
  }
}

export function toErrorResponse(err: unknown): { status: number; body: { error: { code: string; message: string; details?: unknown } } } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } } }
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, body: { error: { code: 'DB_UNAVAILABLE', message: '数据库暂时无法连接，请稍后重试' } } }
  }
  const e = err as HttpLikeError
  const status = e?.status ?? e?.statusCode
  // the body claims a compression (Content-Encoding) it does not have, or is cut off mid-stream
  if (isBadCompressedBody(err)) {
    return {
      status: 400,
      body: { error: { code: 'BAD_ENCODING', message: '请求体与声明的压缩格式（Content-Encoding）不符：请正确压缩，或不压缩并去掉该请求头' } },
    }
  }
  if (status === 415 && /Content-Encoding|encoding unsupported/i.test(e?.message ?? '')) {
    return {
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持该压缩格式（Content-Encoding）：请用 gzip、deflate、br，或不压缩' } },
    }
  }
  // errors raised by body parsers and koa itself for bad input
  if (status === 413 || e?.type === 'entity.too.large') {
    return { status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容太大' } } }
  }
  if (status === 415) {
    return { status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' } } }
  }
  if (status && status >= 400 && status < 500) {
    const bad = e?.type === 'entity.parse.failed' || /JSON/i.test(e?.message ?? '')
    return {
      status: 400,
      body: { error: { code: bad ? 'BAD_JSON' : 'VALIDATION_FAILED', message: bad ? '请求体不是合法的 JSON' : '请求有误' } },
    }
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } } }
}

/**
 * A body the API cannot read is refused before any handler sees it: under /api/, a POST, PUT or PATCH that
 * carries a body must send it as JSON (or multipart/form-data to the upload routes, which check their own).
 * Without this a form or plain-text body reached the handlers as `{}` and came back as field errors.
 */
export function jsonBodiesOnly() {
  return async (ctx: Context, next: Next) => {
    const writes = ctx.method === 'POST' || ctx.method === 'PUT' || ctx.method === 'PATCH'
    if (writes && ctx.path.startsWith('/api/') && hasBody(ctx) && !ctx.is('json', 'multipart/form-data')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请求体须为 JSON：请加请求头 Content-Type: application/json')
    }
    await next()
  }
}

const hasBody = (ctx: Context) => Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== ''
