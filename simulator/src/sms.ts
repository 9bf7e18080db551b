/**
 * Aliyun's SMS API (Dysmsapi 2017-05-25) as the BFF calls it: SendSms and QuerySendDetails as signed
 * RPC requests under `/sms/`. Messages land on the simulated phones (the phone page lists them with a
 * clickable link) and carry delivery receipts: delivered after `receiptDelayMs`, or failed for a
 * number marked unreachable (handset off). Faults are injected per Action like the other platforms
 * (endpoint `SendSms` / `QuerySendDetails`). Templates must be registered first, as in Aliyun's
 * console (`POST /__sim/sms/templates`).
 */
import { createHmac } from 'node:crypto'
import Router from '@koa/router'
import type { Context } from 'koa'
import type { Fault } from './faults'
import { formParams, rawBody } from './http'
import type { SimState } from './state'

export const SIM_SMS = { accessKeyId: 'LTAIsimjqtb0000000001', accessKeySecret: 'sim-sms-access-key-secret-0123456789', signName: '警情通办' } as const

export interface SimSms {
  bizId: string
  phone: string
  signName: string
  templateCode: string
  params: Record<string, string>
  outId?: string
  content: string
  at: Date
  /** a number marked unreachable when it was sent: the carrier reports failure */
  unreachable: boolean
}

export class SimSmsState {
  templates = new Map<string, string>()
  messages: SimSms[] = []
  unreachable = new Set<string>()
  receiptDelayMs = 0

  reset(): void {
    this.templates.clear()
    this.messages = []
    this.unreachable.clear()
    this.receiptDelayMs = 0
  }
}

const popEncode = (s: string) =>
  encodeURIComponent(s)
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/%7E/g, '~')
    .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

function expectedSignature(method: string, params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${popEncode(k)}=${popEncode(params[k])}`)
    .join('&')
  return createHmac('sha1', `${SIM_SMS.accessKeySecret}&`)
    .update(`${method}&${popEncode('/')}&${popEncode(canonical)}`)
    .digest('base64')
}

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
const chinaDay = (d: Date) => chinaTime(d).slice(0, 10).replace(/-/g, '')

function fail(ctx: Context, status: number, code: string, message: string, requestId: string) {
  ctx.status = status
  ctx.body = { Code: code, Message: message, RequestId: requestId }
}

function faultAnswer(ctx: Context, fault: Fault, requestId: string) {
  if (fault.kind === 'http' || fault.kind === 'lost-response') {
    ctx.status = fault.kind === 'http' ? (fault.status ?? 503) : 502
    ctx.type = 'text/html'
    ctx.body = `<html><body><h1>${ctx.status} Bad Gateway</h1></body></html>`
    return
  }
  fail(ctx, 200, String(fault.errcode ?? 'isv.BUSINESS_LIMIT_CONTROL'), fault.errmsg ?? '触发流控', requestId)
}

export function smsRoutes(state: SimState): Router {
  const r = new Router({ prefix: '/sms' })
  const handle = async (ctx: Context) => {
    const text = ctx.method === 'POST' ? await rawBody(ctx) : ctx.querystring
    const params = Object.fromEntries([...formParams(text)].map(([k, v]) => [k, v[v.length - 1]]))
    const requestId = state.newId('sms-req-', 16)
    const action = params.Action ?? ''
    const { latency, failure } = state.faults.pick(`/sms/${action}`)
    if (latency) await new Promise((res) => setTimeout(res, latency.ms ?? 1000))
    const record = () => state.recordCall({ at: state.clock.now(), method: ctx.method, path: `/sms/${action}`, status: ctx.status, fault: failure?.kind })
    if (failure && failure.kind !== 'lost-response') {
      faultAnswer(ctx, failure, requestId)
      return record()
    }
    if (params.AccessKeyId !== SIM_SMS.accessKeyId) fail(ctx, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.', requestId)
    else if (params.Signature !== expectedSignature(ctx.method, params))
      fail(ctx, 400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.', requestId)
    else if (action === 'SendSms') send(state, ctx, params, requestId)
    else if (action === 'QuerySendDetails') query(state, ctx, params, requestId)
    else fail(ctx, 400, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method.`, requestId)
    if (failure) faultAnswer(ctx, failure, requestId)
    record()
  }
  r.post('/', handle)
  r.get('/', handle)
  return r
}

function send(state: SimState, ctx: Context, p: Record<string, string>, requestId: string) {
  const sms = state.sms
  const phone = p.PhoneNumbers ?? ''
  if (!/^1\d{10}$/.test(phone)) return fail(ctx, 200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号', requestId)
  if (p.SignName !== SIM_SMS.signName) return fail(ctx, 200, 'isv.SMS_SIGNATURE_ILLEGAL', '签名不合法（不存在或被拉黑）', requestId)
  const text = sms.templates.get(p.TemplateCode ?? '')
  if (text === undefined) return fail(ctx, 200, 'isv.SMS_TEMPLATE_ILLEGAL', '模板不合法（不存在或被拉黑）', requestId)
  let params: Record<string, string>
  try {
    params = JSON.parse(p.TemplateParam ?? '{}')
  } catch {
    return fail(ctx, 200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法', requestId)
  }
  const vars = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1])
  if (vars.some((v) => typeof params[v] !== 'string' || !params[v])) return fail(ctx, 200, 'isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量', requestId)
  const bizId = `${state.nextNumber()}^0`
  sms.messages.push({
    bizId,
    phone,
    signName: p.SignName,
    templateCode: p.TemplateCode,
    params,
    outId: p.OutId,
    content: `【${p.SignName}】${text.replace(/\$\{(\w+)\}/g, (_m, v: string) => params[v] ?? '')}`,
    at: state.clock.now(),
    unreachable: sms.unreachable.has(phone),
  })
  ctx.body = { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: requestId }
}

function query(state: SimState, ctx: Context, p: Record<string, string>, requestId: string) {
  const now = state.nowMs()
  const size = Math.min(50, Number(p.PageSize ?? 10) || 10)
  const page = Math.max(1, Number(p.CurrentPage ?? 1) || 1)
  const all = state.sms.messages.filter((m) => m.phone === p.PhoneNumber && chinaDay(m.at) === p.SendDate && (!p.BizId || m.bizId === p.BizId))
  const dtos = all.slice((page - 1) * size, page * size).map((m) => {
    const reported = now >= m.at.getTime() + state.sms.receiptDelayMs
    const status = !reported ? 1 : m.unreachable ? 2 : 3
    return {
      PhoneNum: m.phone,
      SendStatus: status,
      ErrCode: status === 2 ? 'MK:0005' : status === 3 ? 'DELIVERED' : '',
      TemplateCode: m.templateCode,
      Content: m.content,
      SendDate: chinaTime(m.at),
      ReceiveDate: reported ? chinaTime(new Date(m.at.getTime() + state.sms.receiptDelayMs)) : '',
      OutId: m.outId ?? '',
      BizId: m.bizId,
    }
  })
  ctx.body = { Code: 'OK', Message: 'OK', RequestId: requestId, TotalCount: all.length, SmsSendDetailDTOs: { SmsSendDetailDTO: dtos } }
}
