import { createHmac, randomInt } from 'node:crypto'

/** A request parameter list as sent: a name may repeat (list parameters such as `employeeCodes`). */
export type SignedParams = Array<[name: string, value: string]>

/**
 * The text the 浙政钉 gateway signs (docs/dingtalk.md#zzd-request-signing; built like the official Java SDK's `Signature`):
 * METHOD, timestamp, nonce, URI path and — if there are any — the parameters, joined by `\n`.
 * Parameters: empty values dropped, names ordered case-insensitively, a repeated name once per value
 * with its values sorted, each `name=value` un-encoded, joined by `&`.
 */
export function zzdStringToSign(method: string, timestamp: string, nonce: string, path: string, params: SignedParams): string {
  const groups = new Map<string, { name: string; values: string[] }>()
  for (const [name, value] of params) {
    if (!name || !value) continue
    const key = name.toLowerCase()
    const group = groups.get(key)
    if (group) group.values.push(value)
    else groups.set(key, { name, values: [value] })
  }
  const pairs = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, g]) => (g.values.length > 1 ? [...g.values].sort() : g.values).map((v) => `${g.name}=${v}`))
  const head = [method.toUpperCase(), timestamp, nonce, path].join('\n')
  return pairs.length > 0 ? `${head}\n${pairs.join('&')}` : head
}

/** `X-Hmac-Auth-Signature` = Base64(HMAC-SHA256(AppSecret, string-to-sign)). */
export function zzdSign(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('base64')
}

/** The gateway's timestamp format: ISO-8601 with milliseconds and the +08:00 offset (Java `ISODateTimeFormat.dateTime()`). */
export function zzdTimestamp(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00')
}

let nonceCounter = randomInt(10000)

/** 13-digit milliseconds + 4 digits (the official guidance), unique within this process. */
export function zzdNonce(at: Date): string {
  nonceCounter = (nonceCounter + 1) % 10000
  return `${at.getTime()}${String(nonceCounter).padStart(4, '0')}`
}
