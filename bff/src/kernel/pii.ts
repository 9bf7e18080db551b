/**
 * Phone numbers of people who are not staff (parties, external mediators, their declared relations):
 * stored encrypted (AES-256-GCM) with a keyed hash for matching the same person across records, shown
 * masked (138****5678). Decrypting is for the few places that must use the number (a permitted reveal,
 * an SMS being sent). Keys are derived from PII_KEY (config.piiKey). Any domain may use this; the
 * tasks domain's parties and the SMS gateway do.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { AppError } from '../infra/errors'

const keys = new Map<string, { enc: Buffer; mac: Buffer }>()

function keysFor(secret: string) {
  let k = keys.get(secret)
  if (!k) {
    // the info strings name parties' phones for history: every protected phone shares these keys
    k = {
      enc: Buffer.from(hkdfSync('sha256', secret, 'jqtb', 'party-phone-encryption-v1', 32)),
      mac: Buffer.from(hkdfSync('sha256', secret, 'jqtb', 'party-phone-hash-v1', 32)),
    }
    keys.set(secret, k)
  }
  return k
}

export interface ProtectedPhone {
  phoneMasked: string
  /** `v1:` + base64(iv ‖ tag ‖ ciphertext) */
  phoneEnc: string
  /** keyed hash of the normalised number: equal numbers, equal hashes */
  phoneHash: string
}

export const normalisePhone = (phone: string) => phone.replace(/[-\s]/g, '')

export function maskPhone(phone: string): string {
  const digits = normalisePhone(phone)
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****'
}

/** The keyed hash alone (matching a declared relation's number without keeping it). */
export function phoneHash(secret: string, phone: string): string {
  return createHmac('sha256', keysFor(secret).mac).update(normalisePhone(phone)).digest('hex')
}

export function protectPhone(secret: string, phone: string): ProtectedPhone {
  const normalised = normalisePhone(phone)
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keysFor(secret).enc, iv)
  const body = Buffer.concat([cipher.update(normalised, 'utf8'), cipher.final()])
  return {
    phoneMasked: maskPhone(normalised),
    phoneEnc: `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`,
    phoneHash: phoneHash(secret, normalised),
  }
}

/** The number behind `phoneEnc`; 422 when there is none or the key changed. */
export function decryptPhone(secret: string, phoneEnc: string | undefined): string {
  if (!phoneEnc?.startsWith('v1:')) throw new AppError('DOMAIN_RULE', '没有登记号码')
  const raw = Buffer.from(phoneEnc.slice(3), 'base64')
  try {
    const decipher = createDecipheriv('aes-256-gcm', keysFor(secret).enc, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    throw new AppError('DOMAIN_RULE', '号码无法解密（密钥已更换），请联系管理员')
  }
}
