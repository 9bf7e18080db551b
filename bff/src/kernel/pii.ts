/**
 * Personal data at rest (phone numbers, 身份证 numbers): encrypted with AES-256-GCM, plus a keyed
 * hash (HMAC-SHA256) so the same number can be matched across records without decrypting anything.
 * Each kind of value has its own pair of keys, derived from PII_KEY (config.piiKey) with HKDF and a
 * purpose label; the labels are part of the stored data's meaning and never change.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

export type PiiPurpose = 'party-phone' | 'party-id' | 'intake-raw' | 'channel-key'

const keys = new Map<string, { enc: Buffer; mac: Buffer }>()

function keysFor(secret: string, purpose: PiiPurpose) {
  const cacheKey = `${purpose}\u0000${secret}`
  let k = keys.get(cacheKey)
  if (!k) {
    k = {
      enc: Buffer.from(hkdfSync('sha256', secret, 'jqtb', `${purpose}-encryption-v1`, 32)),
      mac: Buffer.from(hkdfSync('sha256', secret, 'jqtb', `${purpose}-hash-v1`, 32)),
    }
    keys.set(cacheKey, k)
  }
  return k
}

/** `v1:<base64 of iv | tag | ciphertext>` */
export function encryptValue(secret: string, purpose: PiiPurpose, value: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keysFor(secret, purpose).enc, iv)
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
}

/** The plain value, or null when it cannot be decrypted (another key, damaged data). */
export function decryptValue(secret: string, purpose: PiiPurpose, stored: string): string | null {
  if (!stored.startsWith('v1:')) return null
  const raw = Buffer.from(stored.slice(3), 'base64')
  try {
    const decipher = createDecipheriv('aes-256-gcm', keysFor(secret, purpose).enc, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** The same value always gives the same hash (for matching); without PII_KEY it cannot be reversed by guessing. */
export function keyedHash(secret: string, purpose: PiiPurpose, value: string): string {
  return createHmac('sha256', keysFor(secret, purpose).mac).update(value).digest('hex')
}
