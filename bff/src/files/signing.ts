/**
 * Photo URLs that work without a login header (a mini-program <image src> cannot send one): the
 * presenter hands out `/api/files/<id>?exp=<unix s>&sig=<hmac>` to people allowed to see the task.
 * Expiry is rounded to the hour so the same photo keeps the same URL for a while (cacheable).
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'

const HOUR_S = 3600
const keys = new Map<string, Buffer>()

function keyFor(secret: string): Buffer {
  let k = keys.get(secret)
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', secret, 'jqtb', 'file-url-signing-v1', 32))
    keys.set(secret, k)
  }
  return k
}

const sign = (secret: string, id: string, exp: number) => createHmac('sha256', keyFor(secret)).update(`${id}:${exp}`).digest('base64url').slice(0, 32)

export function signedFileUrl(secret: string, id: string, now: Date): string {
  const exp = (Math.ceil(now.getTime() / 1000 / HOUR_S) + 2) * HOUR_S
  return `/api/files/${id}?exp=${exp}&sig=${sign(secret, id, exp)}`
}

export function verifyFileSignature(secret: string, id: string, exp: number, sig: string, now: Date): boolean {
  if (!Number.isFinite(exp) || exp * 1000 < now.getTime()) return false
  const expected = Buffer.from(sign(secret, id, exp))
  const given = Buffer.from(sig)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
