import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The 浙政钉 gateway's request signature, as the gateway checks it (docs/dingtalk.md#zzd-request-signing).
 * Written from the spec on its own, separately from the BFF's signer, so a shared misreading cannot make
 * both agree.
 *
 *   METHOD \n TIMESTAMP \n NONCE \n PATH [\n name=value&name=value…]
 *
 * Parameters with empty values are left out; names are ordered ignoring case (Java's
 * CASE_INSENSITIVE_ORDER); a repeated name contributes one pair per value, values in sorted order.
 * Signature = Base64(HMAC-SHA256(AppSecret, that text)).
 */
export function expectedSignature(input: {
  secret: string
  method: string
  timestamp: string
  nonce: string
  path: string
  params: Map<string, string[]>
}): string {
  const byName = new Map<string, { name: string; values: string[] }>()
  for (const [name, values] of input.params) {
    const kept = values.filter((v) => v.trim() !== '')
    if (!name || kept.length === 0) continue
    const folded = name.toLowerCase()
    const slot = byName.get(folded) ?? { name, values: [] }
    slot.values.push(...kept)
    byName.set(folded, slot)
  }
  const names = [...byName.keys()].sort()
  const pairs: string[] = []
  for (const folded of names) {
    const { name, values } = byName.get(folded)!
    const ordered = values.length > 1 ? [...values].sort() : values
    for (const v of ordered) pairs.push(`${name}=${v}`)
  }
  let text = `${input.method.toUpperCase()}\n${input.timestamp}\n${input.nonce}\n${input.path}`
  if (pairs.length > 0) text += `\n${pairs.join('&')}`
  return createHmac('sha256', Buffer.from(input.secret, 'utf8')).update(Buffer.from(text, 'utf8')).digest('base64')
}

export function signaturesMatch(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
