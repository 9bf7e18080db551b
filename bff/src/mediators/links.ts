/**
 * One-time answer links for people without DingTalk (docs/mediators.md#external-mediators): an SMS
 * carries `<PUBLIC_URL>m/<code>`; the code is an HMAC of the invitation (team, member, the event that
 * invited them), so every retry of the invitation makes the same link, and only its hash is stored.
 * The link answers that one invitation once (the team's log decides); it expires after 14 days.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import { publicBase } from '../notifications/links'
import type { LinkDoc } from './model'

export const LINK_TTL_MS = 14 * 86_400_000

const keyCache = new Map<string, Buffer>()
function linkKey(secret: string): Buffer {
  let k = keyCache.get(secret)
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', secret, 'jqtb', 'mediation-answer-link-v1', 32))
    keyCache.set(secret, k)
  }
  return k
}

export const linkCode = (secret: string, teamId: string, mediatorId: string, invitedSeq: number) =>
  createHmac('sha256', linkKey(secret)).update(`${teamId}|${mediatorId}|${invitedSeq}`).digest('base64url').slice(0, 22)

const codeHash = (code: string) => createHash('sha256').update(code).digest('hex')

export const linkUrl = (deps: AppDeps, code: string) => `${publicBase(deps.config)}m/${code}`

/** The link of one invitation (stored once, however often it is asked for). */
export async function ensureLink(deps: AppDeps, teamId: string, mediatorId: string, invitedSeq: number): Promise<string> {
  const code = linkCode(deps.config.jwt.secret, teamId, mediatorId, invitedSeq)
  const now = deps.clock.now()
  try {
    await deps.db.models.MediationLink.create({
      _id: codeHash(code),
      teamId,
      mediatorId,
      invitedSeq,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LINK_TTL_MS),
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  return code
}

/** The invitation behind a code, or null (unknown, malformed or expired). */
export async function resolveLink(deps: AppDeps, code: string): Promise<LinkDoc | null> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(code)) return null
  const doc = await deps.db.models.MediationLink.findById(codeHash(code)).lean()
  if (!doc || new Date(doc.expiresAt).getTime() <= deps.clock.now().getTime()) return null
  return doc
}
