/**
 * Parties' phone numbers: stored encrypted (AES-256-GCM) with a keyed hash for
 * matching the same person across tasks, shown masked (138****5678). Revealing one decrypts it and
 * is recorded as a `phone_revealed` event by the caller. Keys are derived from PII_KEY (config.piiKey).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import type { StoredParty } from '@jqtb/shared'
import { AppError } from '../infra/errors'

const keys = new Map<string, { enc: Buffer; mac: Buffer }>()

function keysFor(secret: string) {
  let k = keys.get(secret)
  if (!k) {
    k = {
      enc: Buffer.from(hkdfSync('sha256', secret, 'jqtb', 'party-phone-encryption-v1', 32)),
      mac: Buffer.from(hkdfSync('sha256', secret, 'jqtb', 'party-phone-hash-v1', 32)),
    }
    keys.set(secret, k)
  }
  return k
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/-/g, '')
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****'
}

export function protectParty(secret: string, p: { name: string; role?: string; phone?: string; flags?: StoredParty['flags'] }): StoredParty {
  const flags = p.flags?.length ? { flags: [...new Set(p.flags)] } : {}
  if (!p.phone) return { name: p.name, role: p.role, ...flags }
  const { enc } = keysFor(secret)
  const normalised = p.phone.replace(/-/g, '')
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', enc, iv)
  const body = Buffer.concat([cipher.update(normalised, 'utf8'), cipher.final()])
  return {
    name: p.name,
    role: p.role,
    phoneMasked: maskPhone(normalised),
    phoneEnc: `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`,
    phoneHash: phoneHashOf(secret, normalised),
    ...flags,
  }
}

/** The keyed hash that matches the same number across tasks (and the risk watch list), never reversible. */
export function phoneHashOf(secret: string, phone: string): string {
  return createHmac('sha256', keysFor(secret).mac).update(phone.replace(/-/g, '')).digest('hex')
}

export function revealPhone(secret: string, party: StoredParty): string {
  if (!party.phoneEnc?.startsWith('v1:')) throw new AppError('DOMAIN_RULE', '该当事人没有登记号码')
  const raw = Buffer.from(party.phoneEnc.slice(3), 'base64')
  try {
    const decipher = createDecipheriv('aes-256-gcm', keysFor(secret).enc, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    throw new AppError('DOMAIN_RULE', '号码无法解密（密钥已更换），请联系管理员')
  }
}
