/**
 * Facts of the other domains' records (docs/indices.md#sources): leads and their repeats (统一归口,
 * `lead.linked`), mediation outcomes (`mediation.recorded`), 回访 ratings (`followup.rated`) — read
 * by topic name from the events those domains publish — and intake's source records (the channel
 * mix), read from the intake domain's own collection by the catch-up and by `npm run reindex`.
 * Each is written only when it changed, with the days of its old and new marks made dirty, like a
 * task's facts (facts.ts); the first fact of a kind turns its indices on (sources.ts).
 */
import {
  type CaseFact,
  followUpFactOf,
  followUpRatedPayload,
  type LeadFact,
  leadFactAfter,
  leadLinkedPayload,
  mediationFactOf,
  mediationRecordedPayload,
  recordFactOf,
  type TaskFact,
} from '@jqtb/shared'
import type { IntakeSourceDoc } from '../intake/model'
import { openWindow } from '../kernel/windows'
import { canonical, daysOf, factDoc, type IndicesDeps, markDirty, writeFact } from './facts'
import type { IndexFactDoc } from './model'
import { noteSource } from './sources'

const SOURCE_OF: Partial<Record<CaseFact['kind'], 'leads' | 'mediations' | 'followUps'>> = {
  lead: 'leads',
  mediation: 'mediations',
  follow_up: 'followUps',
}

async function storedFact<T extends CaseFact>(deps: IndicesDeps, id: string): Promise<T | null> {
  return ((await deps.db.models.IndexFact.findById(id).lean<IndexFactDoc>())?.fact as T | undefined) ?? null
}

/** Stores a fact if it changed and marks the days of its old and new marks dirty. Answers whether it changed. */
export async function noteFact(deps: IndicesDeps, fact: CaseFact): Promise<boolean> {
  const id = `${fact.kind}:${fact.id}`
  const stored = await storedFact(deps, id)
  const now = deps.clock.now()
  const source = SOURCE_OF[fact.kind]
  if (source) await noteSource(deps.db, source, now)
  if (stored && canonical(stored) === canonical(fact)) return false
  await writeFact(deps.db, factDoc(fact, 0, now))
  await markDirty(deps.db, [...daysOf(stored ?? undefined), ...daysOf(fact)], now)
  return true
}

const SOURCE_FIELDS = { _id: 1, channel: 1, reportedAt: 1, micro: 1, community: 1, categoryCode: 1 } as const
type SourceFields = Pick<IntakeSourceDoc, '_id' | 'channel' | 'reportedAt' | 'micro' | 'community' | 'categoryCode'>

/** `lead.linked`: the lead's fact with the source's channel, place and category. Ignores what it cannot read. */
export async function onLeadLinked(deps: IndicesDeps, payload: unknown): Promise<boolean> {
  const e = leadLinkedPayload.safeParse(payload)
  if (!e.success) return false
  const [prev, source] = await Promise.all([
    storedFact<LeadFact>(deps, `lead:${e.data.leadId}`),
    deps.db.models.IntakeSource.findById(e.data.sourceKey, SOURCE_FIELDS).lean<SourceFields>(),
  ])
  const record = source ? recordFactOf(source) : null
  return noteFact(deps, leadFactAfter(prev, e.data, record ? { channel: record.channel, territory: record.territory, category: record.category } : null))
}

/** `mediation.recorded`: placed where its task is when the event does not say. */
export async function onMediationRecorded(deps: IndicesDeps, payload: unknown): Promise<boolean> {
  const e = mediationRecordedPayload.safeParse(payload)
  if (!e.success) return false
  const task = e.data.taskId ? await storedFact<TaskFact>(deps, `task:${e.data.taskId}`) : null
  return noteFact(deps, mediationFactOf(e.data, task))
}

/** `followup.rated`: counted with the closure of the task it follows. */
export async function onFollowUpRated(deps: IndicesDeps, payload: unknown): Promise<boolean> {
  const e = followUpRatedPayload.safeParse(payload)
  if (!e.success) return false
  const task = await storedFact<TaskFact>(deps, `task:${e.data.taskId}`)
  const fact = task ? followUpFactOf(e.data, task) : null
  return fact ? noteFact(deps, fact) : false
}

export const RECORDS_STREAM = 'indices:intake_records'

/** Intake's source records stored in the settled windows not yet done become record facts (the channel mix). */
export async function catchUpRecords(deps: IndicesDeps): Promise<{ records: number }> {
  const window = await openWindow(deps.db, RECORDS_STREAM, deps.clock.now())
  if (!window) return { records: 0 }
  const docs = await deps.db.models.IntakeSource.find({ updatedAt: { $gte: window.since, $lt: window.until } }, SOURCE_FIELDS).lean<SourceFields[]>()
  for (const d of docs) await noteFact(deps, recordFactOf(d))
  await window.done()
  return { records: docs.length }
}

/** Every source record's fact (reindex): written where it changed. */
export async function reindexRecords(deps: IndicesDeps): Promise<number> {
  let written = 0
  const docs = await deps.db.models.IntakeSource.find({}, SOURCE_FIELDS).lean<SourceFields[]>()
  for (const d of docs) if (await noteFact(deps, recordFactOf(d))) written++
  return written
}
