/**
 * Parties' phone numbers: stored encrypted with a keyed hash for matching the same person across tasks
 * (and intake records, mediators' conflicts and the risk watch list), shown masked (138****5678). Revealing one
 * decrypts it and is recorded as a `phone_revealed` event by the caller. The crypto is kernel/pii.ts, the phone
 * form of it kernel/phone.ts.
 */
import type { StoredParty } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { decryptPhone, maskPhone, phoneHash, protectPhone } from '../kernel/phone'

export { maskPhone, phoneHash }

export function protectParty(secret: string, p: { name: string; role?: string; phone?: string; flags?: StoredParty['flags'] }): StoredParty {
  const flags = p.flags?.length ? { flags: [...new Set(p.flags)] } : {}
  if (!p.phone) return { name: p.name, role: p.role, ...flags }
  return { name: p.name, role: p.role, ...protectPhone(secret, p.phone), ...flags }
}

export function revealPhone(secret: string, party: StoredParty): string {
  if (!party.phoneEnc?.startsWith('v1:')) throw new AppError('DOMAIN_RULE', '该当事人没有登记号码')
  return decryptPhone(secret, party.phoneEnc)
}
