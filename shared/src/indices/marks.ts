/**
 * Marks: what one fact counts for, where and when. Every number on the dashboard is a fold of marks
 * (aggregate.ts) and every list behind a number is the same marks, filtered (drill.ts) — one function
 * decides both, so the count on a card and the length of the list it opens are the same by
 * construction.
 *
 * A mark counts in the period that contains `at` (its anchor) and for each of its `keys` — the street,
 * the community and grid of the case's territory, its department, and for the work of people, those
 * people. The anchors, in words:
 *
 * - 受理 (received) and the funnel (已分拨, 已认领, 已办结 of what was received), cancellations: when the task was created;
 * - 办结 (closed), handling times: when it was accepted (the last acceptance, if it was reopened);
 * - 按时 / 超期: its due date (the one in force; a reopened task has a new one);
 * - 红色预警: when it turned red; 分拨 / 退回: when it was routed; 重新打开: when it was reopened;
 * - 线索 and source records (the channel mix): when received; 调解: when its outcome was recorded; 回访: the closure it follows.
 */
import type { CaseFact, TaskFact } from './facts'

export const DIMENSIONS = ['street', 'community', 'grid', 'department', 'person'] as const
export type Dimension = (typeof DIMENSIONS)[number]

export const DIMENSION_LABELS: Record<Dimension, string> = { street: '街道', community: '村/社区', grid: '网格', department: '部门', person: '个人' }

/** `street:GT`, `community:GT-01`, `grid:GT-01-03`, `department:PCS`, `person:u-wangli`. */
export type DimKey = `${Dimension}:${string}`

export const MARK_METRICS = [
  'received',
  'cancelled',
  'leftQueue',
  'seated',
  'closedOfReceived',
  'closed',
  'closedLate',
  'closeTime',
  'claimTime',
  'dueOnTime',
  'dueLate',
  'dueOpen',
  'red',
  'redActed',
  'redWaiting',
  'routed',
  'bounced',
  'reopened',
  'leads',
  'leadRepeats',
  'mediationFinished',
  'mediationSucceeded',
  'followUpDue',
  'followUpDone',
  'followUpSatisfied',
  'records',
] as const
export type MarkMetric = (typeof MARK_METRICS)[number]

export interface Mark {
  metric: MarkMetric
  /** the instant that decides the period */
  at: number
  keys: DimKey[]
  /** the fact it comes from (`task:<id>`, `lead:<id>` …) */
  factId: string
  /** a duration (closeTime, claimTime, redActed), ms */
  ms?: number
  /** dueOpen: the due date; the case is overdue once it has passed */
  due?: number
  /** received / leads: what the mixes count */
  category?: string
  origin?: string
  channel?: string
}

export const factId = (f: Pick<CaseFact, 'kind' | 'id'>) => `${f.kind}:${f.id}`

/** The street, community and grid keys of a territory code (GT-01-03-04 → GT, GT-01, GT-01-03). */
export function territoryKeys(code: string | undefined, street: string): DimKey[] {
  if (!code) return [`street:${street}`]
  const parts = code.split('-')
  const keys: DimKey[] = [`street:${parts[0]}`]
  if (parts.length >= 2) keys.push(`community:${parts.slice(0, 2).join('-')}`)
  if (parts.length >= 3) keys.push(`grid:${parts.slice(0, 3).join('-')}`)
  return keys
}

const people = (ids: readonly string[]): DimKey[] => ids.map((id) => `person:${id}` as DimKey)

function taskMarks(f: TaskFact, street: string): Mark[] {
  const id = factId(f)
  const place = territoryKeys(f.territory, street)
  const where: DimKey[] = f.department ? [...place, `department:${f.department}`] : place
  const who = [...where, ...people(f.people)]
  const out: Mark[] = []
  const add = (metric: MarkMetric, at: number, keys: DimKey[], extra: Partial<Mark> = {}) => out.push({ metric, at, keys, factId: id, ...extra })

  add('received', f.createdAt, where, { category: f.category, origin: f.origin })
  if (f.cancelledAt !== undefined) add('cancelled', f.createdAt, where)
  if (f.leftQueueAt !== undefined) add('leftQueue', f.createdAt, where)
  if (f.firstSeatAt !== undefined) add('seated', f.createdAt, where)
  if (f.closedAt !== undefined) {
    add('closedOfReceived', f.createdAt, where)
    add('closed', f.closedAt, who)
    if (f.closedLate) add('closedLate', f.closedAt, who)
    if (f.closeMs !== undefined) add('closeTime', f.closedAt, who, { ms: f.closeMs })
    if (f.claimMs !== undefined) add('claimTime', f.closedAt, where, { ms: f.claimMs })
    for (const d of f.doerMs) add('claimTime', f.closedAt, [`person:${d.userId}`], { ms: d.ms })
  }
  if (f.cancelledAt === undefined) {
    if (f.closedAt !== undefined) add(f.closedLate ? 'dueLate' : 'dueOnTime', f.dueAt, who)
    else if (!f.awaitingOnTime) add('dueOpen', f.dueAt, who, { due: f.dueAt })
  }
  for (const r of f.reds) {
    add('red', r.at, where)
    if (r.actedAt !== undefined) add('redActed', r.at, where, { ms: r.actedAt - r.at })
    else if (r.endedAt === undefined) add('redWaiting', r.at, where)
  }
  for (const r of f.routings) {
    const keys: DimKey[] = [...place, `department:${r.department}`]
    add('routed', r.at, keys)
    if (r.bounced) add('bounced', r.at, keys)
  }
  for (const at of f.reopens) add('reopened', at, where)
  return out
}

/** Every mark of a fact. `street` is the street code cases without a territory count for. */
export function marksOf(f: CaseFact, street: string): Mark[] {
  switch (f.kind) {
    case 'task':
      return taskMarks(f, street)
    case 'lead': {
      const keys = territoryKeys(f.territory, street)
      const out: Mark[] = [{ metric: 'leads', at: f.receivedAt, keys, factId: factId(f), channel: f.channels[0], category: f.category }]
      if (f.repeat) out.push({ metric: 'leadRepeats', at: f.receivedAt, keys, factId: factId(f) })
      return out
    }
    case 'record':
      return [{ metric: 'records', at: f.receivedAt, keys: territoryKeys(f.territory, street), factId: factId(f), channel: f.channel, category: f.category }]
    case 'mediation': {
      if (f.finishedAt === undefined) return []
      const place = territoryKeys(f.territory, street)
      const keys: DimKey[] = f.department ? [...place, `department:${f.department}`] : place
      const out: Mark[] = [{ metric: 'mediationFinished', at: f.finishedAt, keys, factId: factId(f) }]
      if (f.succeeded) out.push({ metric: 'mediationSucceeded', at: f.finishedAt, keys, factId: factId(f) })
      return out
    }
    case 'follow_up': {
      const place = territoryKeys(f.territory, street)
      const keys: DimKey[] = f.department ? [...place, `department:${f.department}`] : place
      const out: Mark[] = [{ metric: 'followUpDue', at: f.closedAt, keys, factId: factId(f) }]
      if (f.calledAt !== undefined) out.push({ metric: 'followUpDone', at: f.closedAt, keys, factId: factId(f) })
      if (f.satisfied) out.push({ metric: 'followUpSatisfied', at: f.closedAt, keys, factId: factId(f) })
      return out
    }
  }
}
