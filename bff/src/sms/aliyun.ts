/**
 * Aliyun Dysmsapi (阿里云短信服务), API version 2017-05-25: SendSms and QuerySendDetails as RPC calls
 * signed with the AccessKey (HMAC-SHA1 over the sorted, percent-encoded parameters). The simulator
 * (simulator/src/sms.ts) answers the same calls, so the same code runs against both; the base URL and
 * keys come from the SMS_* settings (README, docs/sms.md).
 */
import { createHmac, randomUUID } from 'node:crypto'
import type { Clock } from '../infra/clock'
import { type SmsGateway, SmsGatewayError, type SmsReceipt } from './gateway'

export interface AliyunSmsConfig {
  apiBase: string
  accessKeyId: string
  accessKeySecret: string
  timeoutMs: number
}

/** RFC 3986 encoding as Aliyun's POP signature wants it (`+` → %20, `*` → %2A, `~` kept). */
export const popEncode = (s: string) =>
  encodeURIComponent(s)
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/%7E/g, '~')
    .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** The canonical query (sorted by name) and its signature for `method`. */
export function popSign(method: 'GET' | 'POST', params: Record<string, string>, secret: string): { canonical: string; signature: string } {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${popEncode(k)}=${popEncode(params[k])}`)
    .join('&')
  const stringToSign = `${method}&${popEncode('/')}&${popEncode(canonical)}`
  return { canonical, signature: createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64') }
}

/** Codes that say "not now": flow control and throttling. Everything else Aliyun answers is about the request. */
const RETRYABLE_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'Throttling', 'Throttling.User', 'ServiceUnavailable', 'InternalError', 'isp.SYSTEM_ERROR'])

const STATUS: Record<number, SmsReceipt['status']> = { 1: 'waiting', 2: 'failed', 3: 'delivered' }

/** Aliyun reports times as 2026-11-27 10:05:03 in China time. */
function chinaDate(s: unknown): Date | undefined {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s)) return undefined
  return new Date(`${s.replace(' ', 'T')}+08:00`)
}

export function aliyunSmsGateway(config: AliyunSmsConfig, clock: Clock): SmsGateway {
  async function call(action: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const all: Record<string, string> = {
      AccessKeyId: config.accessKeyId,
      Action: action,
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      ...params,
    }
    const { canonical, signature } = popSign('POST', all, config.accessKeySecret)
    let res: Response
    try {
      res = await fetch(`${config.apiBase}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `Signature=${popEncode(signature)}&${canonical}`,
        signal: AbortSignal.timeout(config.timeoutMs),
      })
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError'
      throw new SmsGatewayError(`短信服务${timeout ? '超时' : '无法连接'}：${(err as Error).message}`, 'retryable', timeout ? 'timeout' : 'network', true)
    }
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null
    if (res.status >= 500 || !body) {
      throw new SmsGatewayError(`短信服务暂时不可用（HTTP ${res.status}）`, 'retryable', String(res.status), true)
    }
    const code = String(body.Code ?? '')
    if (code !== 'OK') {
      const message = `短信服务拒绝：${code} ${String(body.Message ?? '')}`.trim()
      throw new SmsGatewayError(message, RETRYABLE_CODES.has(code) ? 'retryable' : 'permanent', code)
    }
    return body
  }

  return {
    provider: 'aliyun',
    async send(req) {
      const body = await call('SendSms', {
        PhoneNumbers: req.phone,
        SignName: req.signName,
        TemplateCode: req.templateCode,
        TemplateParam: JSON.stringify(req.params),
        OutId: req.outId,
      })
      if (typeof body.BizId !== 'string' || !body.BizId) throw new SmsGatewayError('短信服务未返回回执编号（BizId）', 'retryable', 'no_biz_id', true)
      return { bizId: body.BizId }
    },
    async query(phone, day, bizId) {
      const out: SmsReceipt[] = []
      for (let page = 1; page <= 20; page++) {
        const body = await call('QuerySendDetails', {
          PhoneNumber: phone,
          SendDate: day,
          PageSize: '50',
          CurrentPage: String(page),
          ...(bizId ? { BizId: bizId } : {}),
        })
        const dtos = (body.SmsSendDetailDTOs as { SmsSendDetailDTO?: Array<Record<string, unknown>> } | undefined)?.SmsSendDetailDTO ?? []
        for (const d of dtos) {
          out.push({
            bizId: typeof d.BizId === 'string' ? d.BizId : bizId,
            outId: typeof d.OutId === 'string' ? d.OutId : undefined,
            status: STATUS[Number(d.SendStatus)] ?? 'waiting',
            errCode: typeof d.ErrCode === 'string' && d.ErrCode !== 'DELIVERED' ? d.ErrCode : undefined,
            at: chinaDate(d.ReceiveDate),
          })
        }
        if (out.length >= Number(body.TotalCount ?? 0) || dtos.length < 50) break
      }
      return out
    },
  }
}
