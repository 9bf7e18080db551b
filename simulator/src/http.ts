import type { Context, Next } from 'koa'
import type { Fault } from './faults'
import type { SimState } from './state'

const MAX_BODY = 1024 * 1024

/** The raw request body (the 浙政钉 signature covers form fields exactly as sent, so no body parser). */
export async function rawBody(ctx: Context): Promise<string> {
  if (typeof ctx.state.rawBody === 'string') return ctx.state.rawBody
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) ctx.throw(413, 'body too large')
    chunks.push(chunk as Buffer)
  }
  ctx.state.rawBody = Buffer.concat(chunks).toString('utf8')
  return ctx.state.rawBody
}

/** Form or query parameters as name → values (a repeated name is a list parameter). */
export function formParams(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [k, v] of new URLSearchParams(text)) out.set(k, [...(out.get(k) ?? []), v])
  return out
}

/** DingTalk oapi bodies: JSON, or a form whose JSON-typed fields (msg) are strings. */
export async function dingtalkBody(ctx: Context): Promise<Record<string, unknown>> {
  const text = await rawBody(ctx)
  if (!text) return {}
  if (ctx.is('application/x-www-form-urlencoded')) return Object.fromEntries([...formParams(text)].map(([k, v]) => [k, v[v.length - 1]]))
  try {
    const parsed = JSON.parse(text)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}
  } catch {
    return {}
  }
}

export type FaultStyle = 'dingtalk-oapi' | 'dingtalk-api' | 'zzd'

function failureBody(style: FaultStyle, fault: Fault, requestId: string): { status: number; body: unknown; type?: string } {
  if (fault.kind === 'ipban') {
    // not a DingTalk errcode at all: the anti-abuse layer's own answer
    return { status: 200, type: 'text/html', body: JSON.stringify({ status: 1111, wait: 5, punish: 'deny', url: '/__sim/ipban' }) }
  }
  if (fault.kind === 'http' || fault.kind === 'lost-response') {
    const status = fault.kind === 'http' ? (fault.status ?? 503) : 502
    if (style === 'zzd')
      return { status, body: { success: false, Code: 'ServiceUnavailable', Message: fault.errmsg ?? 'gateway error', _RequestId: requestId } }
    if (style === 'dingtalk-api') return { status, body: { requestid: requestId, code: 'ServiceUnavailable', message: fault.errmsg ?? 'service unavailable' } }
    return { status, type: 'text/html', body: `<html><body><h1>${status} Bad Gateway</h1></body></html>` }
  }
  const code = String(fault.errcode ?? -1)
  const message = fault.errmsg ?? (code === '-1' ? '系统繁忙' : code.startsWith('900') ? '接口调用超过限制' : '模拟错误')
  if (style === 'zzd') {
    return { status: 200, body: { success: true, content: { success: false, responseCode: code, responseMessage: message, requestId }, bizErrorCode: code } }
  }
  if (style === 'dingtalk-api') return { status: 400, body: { requestid: requestId, code, message } }
  return { status: 200, body: { errcode: Number(code), errmsg: message, request_id: requestId } }
}

/** Logs every platform call and applies the injected faults for its path. */
export function platformGate(state: SimState, style: FaultStyle) {
  return async (ctx: Context, next: Next) => {
    const { latency, failure } = state.faults.pick(ctx.path)
    if (latency) await new Promise((r) => setTimeout(r, latency.ms ?? 1000))
    const requestId = state.newId('req', 16)
    const record = (fault?: Fault) => state.recordCall({ at: state.clock.now(), method: ctx.method, path: ctx.path, status: ctx.status, fault: fault?.kind })
    if (failure && failure.kind !== 'lost-response') {
      const { status, body, type } = failureBody(style, failure, requestId)
      ctx.status = status
      if (type) ctx.type = type
      ctx.body = body
      record(failure)
      return
    }
    ctx.state.requestId = requestId
    await next()
    if (failure) {
      const { status, body, type } = failureBody(style, failure, requestId)
      ctx.status = status
      if (type) ctx.type = type
      ctx.body = body
    }
    record(failure)
  }
}
