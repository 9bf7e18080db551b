/**
 * Phone numbers of people who are not staff (parties, external mediators, their declared relations),
 * built on kernel/pii.ts with the `party-phone` keys so every protected number matches every other:
 * stored encrypted, with a keyed hash for matching the same person across records, shown masked
 * (138****5678). Decrypting is for the few places that must use the number (a permitted reveal, an SMS
 * being sent). The normal form hashed is the number without separators.
 */
import { AppError } from '../infra/errors'
import { decryptValue, encryptValue, keyedHash } from './pii'

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
export const phoneHash = (secret: string, phone: string) => keyedHash(secret, 'party-phone', normalisePhone(phone))

export function protectPhone(secret: string, phone: string): ProtectedPhone {
  const normalised = normalisePhone(phone)
  return {
    phoneMasked: maskPhone(normalised),
    phoneEnc: encryptValue(secret, 'party-phone', normalised),
    phoneHash: phoneHash(secret, normalised),
  }
}

/** The number behind `phoneEnc`; 422 when there is none or the key changed. */
export function decryptPhone(secret: string, phoneEnc: string | undefined): string {
  if (!phoneEnc?.startsWith('v1:')) throw new AppError('DOMAIN_RULE', '没有登记号码')
  const phone = decryptValue(secret, 'party-phone', phoneEnc)
  if (phone === null) throw new AppError('DOMAIN_RULE', '号码无法解密（密钥已更换），请联系管理员')
  return phone
}
