/**
 * The agreement download as a plain link (a phone's browser or DingTalk's file viewer opens it without
 * a login header): `…/agreement.docx?exp=&sig=`, signed with a key derived from JWT_SECRET, valid for
 * two to three hours (the files domain's photo links work the same way).
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'

const keys = new Map<string, Buffer>()
function sign(secret: string, team: string, exp: number) {
  let k = keys.get(secret)
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', secret, 'jqtb', 'agreement-url-v1', 32))
    keys.set(secret, k)
  }
  return createHmac('sha256', k).update(`${team}:${exp}`).digest('base64url').slice(0, 32)
}

export function signedAgreementUrl(secret: string, team: string, now: Date): string {
  const exp = (Math.ceil(now.getTime() / 3_600_000) + 2) * 3600
  return `/api/mediation/teams/${encodeURIComponent(team)}/agreement.docx?exp=${exp}&sig=${sign(secret, team, exp)}`
}

export function verifyAgreementUrl(secret: string, team: string, exp: number, sig: string, now: Date): boolean {
  if (exp * 1000 < now.getTime()) return false
  const expected = Buffer.from(sign(secret, team, exp))
  const given = Buffer.from(sig)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
