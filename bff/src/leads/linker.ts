/**
 * 归集: links an intake record into a lead (docs/intake.md#leads). Reads the earlier records of the
 * same phones, ID numbers and door by their match keys (point reads over the window's months), asks
 * the rules in shared/src/intake/linking.ts how it relates to each of their leads, and then
 *
 * - joins the lead of the same incident, with the reasons (and links that lead as a repeat of the
 *   earlier leads this record's phone, ID or door finds — another phone of the same caller); or
 * - opens a new lead, after claiming its keys' incident slots — a claim already held by a lead of the
 *   same incident (a record of it linked at this very moment elsewhere) makes it join that one — and
 *   links it as a repeat of the earlier leads of the same people or door.
 *
 * The record's membership (`<sourceKey>#0001`) is inserted before anything else is written: it is the
 * decision, so linking a record twice (two instances, a repair) changes nothing the second time.
 */
import { createHash } from 'node:crypto'
import { bestSame, type LeadLinkFacts, type LeadState, REPEAT_DAYS, type Relation, relate, SAME_INCIDENT_HOURS } from '@jqtb/shared'
import { chinaDayKey } from '@jqtb/shared/src/intake/clean/dates'
import type { LinkFacts } from '@jqtb/shared/src/intake/linking'
import { isDuplicateKey } from '../infra/errors'
import type { IntakeSourceDoc } from '../intake/model'
import { currentOf, factsOf, keysOf } from './facts'
import { claimSlots, fileKey, firstSharedSlotHolder, readKey, slotIds } from './keys'
import type { LeadClaimDoc, LeadMemberDoc } from './model'
import { sourcesOf } from './sources'
import { appendLead, type LeadDeps, readLead, SYSTEM } from './store'

const HOUR = 3_600_000
const LINKER = { id: 'linker', name: '系统归集' }

export const memberId = (sourceKey: string, gen: number) => `${sourceKey}#${String(gen).padStart(4, '0')}`

/** XS20261203-3F9A2C1B: the day of the founding record and 8 characters from its key. */
export function leadIdFor(doc: IntakeSourceDoc): string {
  return `XS${chinaDayKey(currentOf(doc).record.reportedAt)}-${createHash('sha1').update(doc._id).digest('hex').slice(0, 8).toUpperCase()}`
}

/** The lead a record belongs to now (the last generation of its membership), or null when unlinked. */
export async function membershipOf(deps: LeadDeps, sourceKey: string): Promise<LeadMemberDoc | null> {
  let last: LeadMemberDoc | null = null
  for (let gen = 1; ; gen++) {
    const doc = await deps.db.models.LeadMember.findById(memberId(sourceKey, gen)).lean<LeadMemberDoc>()
    if (!doc) return last
    last = doc
  }
}

interface Candidate {
  leadId: string
  firstAt: number
  relation: Relation
}

/** A lead as linking sees it: its records' facts, following merges. */
async function leadFacts(deps: LeadDeps, leadId: string, fallbackSource?: string): Promise<LeadLinkFacts | null> {
  let id = leadId
  let state: LeadState | null = null
  for (let hops = 0; hops < 5; hops++) {
    state = (await readLead(deps, id)).state
    if (state?.state !== 'merged' || !state.mergedInto) break
    id = state.mergedInto
  }
  // a lead whose first record claimed its slots a moment ago but is not written yet: judge by that record
  const keys = state?.sourceKeys.length ? state.sourceKeys : fallbackSource ? [fallbackSource] : []
  const sources = await sourcesOf(deps, keys)
  if (!sources.length) return null
  const records: LinkFacts[] = sources.map(factsOf)
  const founder = records.find((r) => r.sourceKey === state?.founder) ?? records.reduce((a, b) => (b.at < a.at ? b : a))
  return { leadId: id, firstAt: Math.min(...records.map((r) => r.at)), family: founder.family, records }
}

export interface LinkOutcome {
  leadId: string
  kind: 'new' | 'joined' | 'already'
  relation?: Relation
  repeats: string[]
}

export async function linkSource(deps: LeadDeps, sourceKey: string): Promise<LinkOutcome | null> {
  const existing = await membershipOf(deps, sourceKey)
  const doc = await deps.db.models.IntakeSource.findById(sourceKey).lean<IntakeSourceDoc>()
  if (!doc) return null
  const facts = factsOf(doc)
  const keys = keysOf(facts)
  if (existing) {
    await fileAll(deps, doc, facts, existing.leadId)
    return { leadId: existing.leadId, kind: 'already', repeats: [] }
  }

  // the earlier (and a little later) records of the same keys, and the leads they are in now
  const entries = (await Promise.all(keys.map((k) => readKey(deps, k, facts.at - REPEAT_DAYS * 24 * HOUR, facts.at + SAME_INCIDENT_HOURS * HOUR))))
    .flat()
    .filter((e) => e.sourceKey !== sourceKey)
  const leadIds = new Set<string>()
  for (const e of entries) leadIds.add((await membershipOf(deps, e.sourceKey))?.leadId ?? e.leadId)
  const candidates: Candidate[] = []
  for (const id of leadIds) {
    const lead = await leadFacts(deps, id)
    if (lead && !candidates.some((c) => c.leadId === lead.leadId))
      candidates.push({ leadId: lead.leadId, firstAt: lead.firstAt, relation: relate(facts, lead) })
  }

  let target = bestSame(candidates)?.leadId
  let relation = target ? candidates.find((c) => c.leadId === target)?.relation : undefined
  let targetFirstAt = target ? candidates.find((c) => c.leadId === target)?.firstAt : undefined
  const newId = leadIdFor(doc)
  if (!target && keys.length) {
    // a lead of the same incident opened at this very moment elsewhere holds a slot: join it
    for (const holder of await claimSlots(deps, keys, facts.at, newId, sourceKey)) {
      const claim = await firstClaimOf(deps, holder, keys, facts.at)
      const lead = await leadFacts(deps, holder, claim?.sourceKey)
      const r = lead ? relate(facts, lead) : null
      if (lead && r?.kind === 'same') {
        const theirs = lead.records.find((x) => x.sourceKey === claim?.sourceKey)
        if (theirs && (await firstSharedSlotHolder(deps, { keys, at: facts.at }, { keys: keysOf(theirs), at: theirs.at })) === newId) continue
        target = lead.leadId
        relation = r
        targetFirstAt = lead.firstAt
        break
      }
    }
  }
  const created = !target
  if (!target) target = newId

  // the decision for this record
  try {
    await deps.db.models.LeadMember.collection.insertOne({
      _id: memberId(sourceKey, 1),
      sourceKey,
      gen: 1,
      leadId: target,
      at: deps.clock.now(),
      by: 'linker',
    } as never)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const other = await membershipOf(deps, sourceKey)
    if (other) {
      await fileAll(deps, doc, facts, other.leadId)
      return { leadId: other.leadId, kind: 'already', repeats: [] }
    }
  }

  if (created) {
    await appendLead(deps, target, LINKER, (s) => (s?.sourceKeys.includes(sourceKey) ? null : [{ type: 'opened', data: { sourceKey } }]))
  } else {
    const why = relation ?? { reasons: [], matchedBy: [] }
    await appendLead(deps, target, LINKER, (s) =>
      s?.sourceKeys.includes(sourceKey) ? null : [{ type: 'joined', data: { sourceKey, reasons: why.reasons, matchedBy: why.matchedBy, by: 'linker' } }],
    )
  }
  // a new lead of people or a door seen before is a repeat of those earlier leads; so is a lead this
  // record joins, of the earlier leads only this record shares something with (another phone of the
  // caller). A lead that began later (its record arrived first: pushed out of order, an import of older
  // records) is the repeat of this one — the link goes from the later lead to the earlier whatever came first.
  const ownFirst = created ? facts.at : (targetFirstAt ?? facts.at)
  const related = candidates.filter((c) => c.relation.kind === 'repeat' && c.leadId !== target)
  const repeats = related.filter((c) => c.firstAt <= ownFirst)
  for (const r of related) {
    const [later, earlier] = r.firstAt <= ownFirst ? [target, r.leadId] : [r.leadId, target]
    await appendLead(deps, later, LINKER, (s) =>
      s?.repeatOf.some((x) => x.leadId === earlier)
        ? null
        : [{ type: 'repeat_linked', data: { leadId: earlier, reasons: r.relation.reasons, matchedBy: r.relation.matchedBy } }],
    ).catch((err) => {
      // the later lead is someone else's (merged away meanwhile): the link is only a hint, linking goes on
      if (later === target) throw err
      deps.logger.warn({ err, leadId: later }, 'could not link a later lead as a repeat')
    })
  }
  await fileAll(deps, doc, facts, target)
  return { leadId: target, kind: created ? 'new' : 'joined', ...(relation ? { relation } : {}), repeats: repeats.map((r) => r.leadId) }
}

/** Which record first claimed a slot for `leadId` (to judge a lead not written yet). */
async function firstClaimOf(deps: LeadDeps, leadId: string, keys: ReturnType<typeof keysOf>, at: number): Promise<LeadClaimDoc | null> {
  for (const k of keys) {
    for (const id of slotIds(k, at)) {
      const claim = await deps.db.models.LeadClaim.findById(id).lean<LeadClaimDoc>()
      if (claim?.leadId === leadId) return claim
    }
  }
  return null
}

/** Files the record under its keys and remembers its lead on the source (a cache for lists). */
async function fileAll(deps: LeadDeps, doc: IntakeSourceDoc, facts: LinkFacts, leadId: string): Promise<void> {
  for (const key of keysOf(facts)) await fileKey(deps, key, { sourceKey: doc._id, leadId, at: facts.at, dateOnly: facts.dateOnly, family: facts.family })
  if (doc.leadId !== leadId) await deps.db.models.IntakeSource.updateOne({ _id: doc._id }, { $set: { leadId } })
}

export { SYSTEM }
