/**
 * Match keys and incident slots (docs/intake.md#leads). Everything here is read and written by `_id`,
 * so linking one record costs the same with a thousand records behind it or a million:
 *
 * - A record is filed under each of its keys (phone hash, ID hash, door) in that key's month bucket,
 *   `<kind>:<hash>:<yyyymm>:<n>`, n = 0, 1, 2 … (insert the first free n). Reading a key over a window
 *   reads each month's entries by `_id` until one is missing.
 * - A new lead claims, for each of its keys, the slot of its time on two grids of SLOT_HOURS offset by
 *   half a slot (`<kind>:<hash>:A|B:<slot>`): two records closer than half a slot always share a slot on
 *   one grid, so of two records of one incident linked at the same moment, one claims first and the
 *   other finds the claim and joins its lead.
 */
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import { type KeyKind, type MatchKey, monthOf, monthsBetween } from './facts'
import type { LeadClaimDoc, LeadKeyDoc } from './model'

type KeyDeps = Pick<AppDeps, 'db' | 'clock'>

/** Per key and month at most this many entries are read (a shared switchboard number must not stall linking). */
export const MAX_PER_MONTH = 60
/** Slots of 6 days on two grids: records within 72 h of each other always meet in one. */
export const SLOT_HOURS = 144

const keyId = (kind: KeyKind, hash: string, month: string, n: number) => `${kind}:${hash}:${month}:${String(n).padStart(3, '0')}`

/** The entries of a key in the months from `from` to `to`. */
export async function readKey(deps: KeyDeps, key: MatchKey, from: number, to: number): Promise<LeadKeyDoc[]> {
  const out: LeadKeyDoc[] = []
  for (const month of monthsBetween(from, to)) {
    for (let n = 0; n < MAX_PER_MONTH; n++) {
      const doc = await deps.db.models.LeadKey.findById(keyId(key.kind, key.hash, month, n)).lean<LeadKeyDoc>()
      if (!doc) break
      out.push(doc)
    }
  }
  return out
}

/**
 * Files a record under a key (once: an entry of the same record already in the month is enough, so a
 * repair can file again without doubling it).
 */
export async function fileKey(
  deps: KeyDeps,
  key: MatchKey,
  entry: { sourceKey: string; leadId: string; at: number; dateOnly: boolean; family: string },
): Promise<void> {
  const month = monthOf(entry.at)
  for (let n = 0; n < MAX_PER_MONTH; n++) {
    const id = keyId(key.kind, key.hash, month, n)
    const existing = await deps.db.models.LeadKey.findById(id).lean<LeadKeyDoc>()
    if (existing) {
      if (existing.sourceKey === entry.sourceKey) return
      continue
    }
    const doc: LeadKeyDoc = {
      _id: id,
      kind: key.kind,
      hash: key.hash,
      month,
      n,
      sourceKey: entry.sourceKey,
      leadId: entry.leadId,
      at: new Date(entry.at),
      dateOnly: entry.dateOnly,
      family: entry.family,
      createdAt: deps.clock.now(),
    }
    try {
      await deps.db.models.LeadKey.collection.insertOne(doc as never)
      return
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // someone took this n a moment ago: it may be this very record, filed by another instance
      const raced = await deps.db.models.LeadKey.findById(id).lean<LeadKeyDoc>()
      if (raced?.sourceKey === entry.sourceKey) return
    }
  }
  // a key with more than MAX_PER_MONTH records a month (a switchboard) is no evidence of anything
}

const HOUR = 3_600_000

export function slotIds(key: MatchKey, at: number): string[] {
  const width = SLOT_HOURS * HOUR
  const a = Math.floor(at / width)
  const b = Math.floor((at + width / 2) / width)
  return [`${key.kind}:${key.hash}:A:${a}`, `${key.kind}:${key.hash}:B:${b}`]
}

/**
 * Two records of one incident linked at the same moment each claim their slots, and each may win a slot the other
 * lost — so each sees the other as a holder. Both ask who won the first slot they both wanted and get the same
 * answer: the other one joins that lead, never both each other's.
 */
export async function firstSharedSlotHolder(
  deps: KeyDeps,
  mine: { keys: MatchKey[]; at: number },
  theirs: { keys: MatchKey[]; at: number },
): Promise<string | null> {
  const ours = new Set(mine.keys.flatMap((k) => slotIds(k, mine.at)))
  const [first] = theirs.keys
    .flatMap((k) => slotIds(k, theirs.at))
    .filter((id) => ours.has(id))
    .sort()
  if (!first) return null
  return (await deps.db.models.LeadClaim.findById(first).lean<LeadClaimDoc>())?.leadId ?? null
}

/**
 * Claims the incident slots of `keys` for a new lead. Answers the leads that held a slot already
 * (the caller checks whether it is the same incident and joins it instead).
 */
export async function claimSlots(deps: KeyDeps, keys: MatchKey[], at: number, leadId: string, sourceKey: string): Promise<string[]> {
  const holders = new Set<string>()
  for (const key of keys) {
    for (const id of slotIds(key, at)) {
      try {
        await deps.db.models.LeadClaim.collection.insertOne({ _id: id, leadId, sourceKey, at: deps.clock.now() } as never)
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
        const claim = await deps.db.models.LeadClaim.findById(id).lean<LeadClaimDoc>()
        if (claim && claim.leadId !== leadId) holders.add(claim.leadId)
      }
    }
  }
  return [...holders]
}
