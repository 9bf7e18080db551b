/**
 * The mediator pool as the proposal engine needs it: profiles, computed records, current memberships
 * (load and the parties they are mediating) and departures, read in four queries at once. On the
 * embedded database each is a scan (docs/database.md#reading-by-id); `npm run bench` measures a
 * proposal over 5,000 mediators next to one raw read of the pool.
 */
import { EMPTY_RECORD, type Engagement, type MediatorCandidate, type MediatorType, type TrackRecord } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { LoadSlotDoc, MediatorDoc, StatsDoc } from './model'

export const POOL_FIELDS = {
  _id: 1,
  name: 1,
  type: 1,
  domains: 1,
  dialects: 1,
  years: 1,
  home: 1,
  phoneHash: 1,
  relations: 1,
  leaveUntil: 1,
  loadCap: 1,
} as const

type PoolDoc = Pick<MediatorDoc, '_id' | 'name' | 'type' | 'domains' | 'dialects' | 'years' | 'home' | 'phoneHash' | 'relations' | 'leaveUntil' | 'loadCap'>

export const trackRecord = (s: StatsDoc | null | undefined): TrackRecord =>
  s ? { done: s.done, success: s.success, partial: s.partial, ratingSum: s.ratingSum, ratingCount: s.ratingCount } : EMPTY_RECORD

export interface PoolQuery {
  /** only these kinds (the rule's slots) */
  types?: readonly MediatorType[]
  /** only these people */
  ids?: readonly string[]
  /** the rule table's cap for profiles without their own */
  defaultCap: number
}

/** Active mediators (not departed from 人员管理) as candidates, with load and engagements. */
export async function loadCandidates(deps: AppDeps, q: PoolQuery): Promise<MediatorCandidate[]> {
  const { Mediator, MediatorStats, MediatorLoadSlot, UserDeparture } = deps.db.models
  const filter: Record<string, unknown> = { active: true }
  if (q.types) filter.type = { $in: [...q.types] }
  if (q.ids) filter._id = { $in: [...q.ids] }
  const [profiles, stats, slots, departed] = await Promise.all([
    Mediator.find(filter, POOL_FIELDS).lean<PoolDoc[]>(),
    MediatorStats.find(q.ids ? { _id: { $in: [...q.ids] } } : {}).lean<StatsDoc[]>(),
    MediatorLoadSlot.find(q.ids ? { mediatorId: { $in: [...q.ids] } } : {}, { mediatorId: 1, taskId: 1, taskNo: 1, parties: 1 }).lean<LoadSlotDoc[]>(),
    UserDeparture.find({}, { _id: 1 }).lean(),
  ])
  const gone = new Set(departed.map((d) => d._id))
  const statsById = new Map(stats.map((s) => [s._id, s]))
  const engagements = new Map<string, Engagement[]>()
  for (const s of slots)
    engagements.set(s.mediatorId, [...(engagements.get(s.mediatorId) ?? []), { taskId: s.taskId, taskNo: s.taskNo, parties: s.parties ?? [] }])
  const out: MediatorCandidate[] = []
  for (const p of profiles) {
    if (gone.has(p._id)) continue
    const mine = engagements.get(p._id) ?? []
    out.push({
      id: p._id,
      name: p.name,
      type: p.type,
      domains: p.domains ?? [],
      dialects: p.dialects ?? [],
      years: p.years ?? 0,
      home: p.home,
      phoneHash: p.phoneHash,
      relations: p.relations ?? [],
      availableFrom: p.leaveUntil ? new Date(p.leaveUntil).getTime() : undefined,
      loadCap: p.loadCap ?? q.defaultCap,
      load: mine.length,
      engagements: mine,
      stats: trackRecord(statsById.get(p._id)),
    })
  }
  return out
}

/** A mediator's current memberships (their load), by point reads of their slots. */
export async function loadOf(deps: AppDeps, mediatorId: string, cap: number): Promise<number> {
  const reads = Array.from({ length: Math.max(cap, 10) }, (_, k) => deps.db.models.MediatorLoadSlot.exists({ _id: `${mediatorId}:slot:${k}` }))
  return (await Promise.all(reads)).filter(Boolean).length
}
