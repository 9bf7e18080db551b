/**
 * Parties' phone numbers: stored encrypted (AES-256-GCM) with a keyed hash for
 * matching the same person across tasks (and intake records), shown masked (138****5678). Revealing
 * one decrypts it and is recorded as a `phone_revealed` event by the caller. The crypto is
 * kernel/pii.ts; the normal form hashed is the number without separators.
 */
import type { StoredParty } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { decryptValue, encryptValue, keyedHash } from '../kernel/pii'

export function maskPhone(phone: string): string {
  const digits = phone.replace(/-/g, '')
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****'
}

/** The keyed hash of a phone number in its normal form (digits, trunk prefix kept: 057463012345). */
export const phoneHash = (secret: string, phone: string) => keyedHash(secret, 'party-phone', phone.replace(/-/g, ''))

export function protectParty(secret: string, p: { name: string; role?: string; phone?: string }): StoredParty {
  if (!p.phone) return { name: p.name, role: p.role }
  const normalised = p.phone.replace(/-/g, '')
  return {
    name: p.name,
    role: p.role,
    phoneMasked: maskPhone(normalised),
    phoneEnc: encryptValue(secret, 'party-phone', normalised),
    phoneHash: phoneHash(secret, normalised),
  }
}

export function revealPhone(secret: string, party: StoredParty): string {
  if (!party.phoneEnc?.startsWith('v1:')) throw new AppError('DOMAIN_RULE', '该当事人没有登记号码')
  const phone = decryptValue(secret, 'party-phone', party.phoneEnc)
  if (phone === null) throw new AppError('DOMAIN_RULE', '号码无法解密（密钥已更换），请联系管理员')
  return phone
}
