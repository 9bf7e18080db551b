/**
 * Counters: the numbers stored per period and dimension key (`<period>:<dimension>:<key>`), folded
 * from marks. Everything an index needs is here: counts, durations (count, sum, P90 bucket), and — for what
 * depends on the clock — the due dates of open cases and the start of red warnings still waiting,
 * so "overdue" and "waiting" are judged when the document is read, never frozen at build time.
 */
import { addDuration, type Durations, emptyDurations, keepP90 } from './durations'
import type { CaseFact } from './facts'
import { type DimKey, type Mark, marksOf } from './marks'
import { PERIOD_LEVELS, periodKeyAt } from './periods'

export interface IndexCounters {
  /** received in the period (the cohort) … */
  received: number
  /** … of which cancelled (撤销: duplicates, invalid) */
  cancelled: number
  /** … that left the centre's queue (分拨、发布、指派) */
  leftQueue: number
  /** … that someone took a seat on (认领、指派、自处理) */
  seated: number
  /** … that are closed now */
  closedOfReceived: number
  /** closed (accepted) in the period */
  closed: number
  /** … of those, after a late submission */
  closedLate: number
  /** received → closed, of the tasks closed in the period */
  closeTime: Durations
  /** claim → accepted submission, of the tasks closed in the period */
  claimTime: Durations
  /** due in the period: closed on time, closed late */
  dueOnTime: number
  dueLate: number
  /** due in the period and open (not submitted in time): their due dates, ascending */
  dueOpen: number[]
  /** red warnings that started in the period … */
  red: number
  /** … acted on, and how soon */
  redActed: number
  redActedIn24h: number
  redTime: Durations
  /** … still waiting: when they started, ascending */
  redWaiting: number[]
  /** routings to departments in the period, and how many of them were bounced */
  routed: number
  bounced: number
  reopened: number
  leads: number
  leadRepeats: number
  mediationFinished: number
  mediationSucceeded: number
  followUpDue: number
  followUpDone: number
  followUpSatisfied: number
  /** source records received (统一归口: each call, work order, registration) */
  records: number
  /** received tasks by category and by origin; source records by channel */
  mix: { category: Record<string, number>; origin: Record<string, number>; channel: Record<string, number> }
}

export const RED_ACTION_TARGET_MS = 24 * 3_600_000

export function emptyCounters(): IndexCounters {
  return {
    received: 0,
    cancelled: 0,
    leftQueue: 0,
    seated: 0,
    closedOfReceived: 0,
    closed: 0,
    closedLate: 0,
    closeTime: emptyDurations(),
    claimTime: emptyDurations(),
    dueOnTime: 0,
    dueLate: 0,
    dueOpen: [],
    red: 0,
    redActed: 0,
    redActedIn24h: 0,
    redTime: emptyDurations(),
    redWaiting: [],
    routed: 0,
    bounced: 0,
    reopened: 0,
    leads: 0,
    leadRepeats: 0,
    mediationFinished: 0,
    mediationSucceeded: 0,
    followUpDue: 0,
    followUpDone: 0,
    followUpSatisfied: 0,
    records: 0,
    mix: { category: {}, origin: {}, channel: {} },
  }
}

const bump = (o: Record<string, number>, k: string | undefined) => {
  if (k) o[k] = (o[k] ?? 0) + 1
}

/** Adds one mark to counters. */
export function applyMark(c: IndexCounters, m: Mark): void {
  switch (m.metric) {
    case 'received':
      c.received++
      bump(c.mix.category, m.category)
      bump(c.mix.origin, m.origin)
      return
    case 'closeTime':
      addDuration(c.closeTime, m.ms ?? 0)
      return
    case 'claimTime':
      addDuration(c.claimTime, m.ms ?? 0)
      return
    case 'dueOpen':
      c.dueOpen.push(m.due ?? m.at)
      return
    case 'redActed':
      c.redActed++
      if ((m.ms ?? 0) <= RED_ACTION_TARGET_MS) c.redActedIn24h++
      addDuration(c.redTime, m.ms ?? 0)
      return
    case 'redWaiting':
      c.redWaiting.push(m.at)
      return
    case 'records':
      c.records++
      bump(c.mix.channel, m.channel)
      return
    default:
      // every other metric is a plain count of the same name
      ;(c as unknown as Record<string, number>)[m.metric]++
  }
}

/**
 * Sorts the lists, so that equal inputs give byte-equal documents (compared before writing), and keeps
 * of each duration histogram what the indices read (durations.ts keepP90), so documents stay small.
 */
export function finishCounters(c: IndexCounters): IndexCounters {
  c.dueOpen.sort((a, b) => a - b)
  c.redWaiting.sort((a, b) => a - b)
  c.closeTime = keepP90(c.closeTime)
  c.claimTime = keepP90(c.claimTime)
  c.redTime = keepP90(c.redTime)
  return c
}

/** Counters as stored: what is zero or empty is left out (most fields of most rows), so a board row or a
 * quiet grid's document carries only what happened there. `unpackCounters` restores the rest. */
export type StoredCounters = Partial<IndexCounters> & {
  /** how many open cases were already overdue when written (their due dates are not kept: see packCounters) */
  dueOpenPast?: number
}

const isEmptyValue = (v: unknown): boolean => {
  if (v === 0) return true
  if (Array.isArray(v)) return v.length === 0
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.n === 'number') return o.n === 0
    return Object.values(o).every(isEmptyValue)
  }
  return false
}

/**
 * Counters as stored. With `overdueBefore` (the writer's clock, less a margin for other instances' clocks),
 * the open cases due before it are kept as a count: overdue is judged when read (`d < now`), and a case
 * overdue then stays overdue at every later read, so only the due dates still ahead need keeping. Without
 * this a busy street's documents grew with its open backlog, not with what a reader needs.
 */
export function packCounters(c: IndexCounters, opts: { overdueBefore?: number } = {}): StoredCounters {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(c)) {
    if (isEmptyValue(v)) continue
    out[k] = k === 'mix' ? Object.fromEntries(Object.entries(v as object).filter(([, m]) => !isEmptyValue(m))) : v
  }
  const cutoff = opts.overdueBefore
  if (cutoff !== undefined && c.dueOpen.length) {
    const ahead = c.dueOpen.filter((d) => d >= cutoff)
    const past = c.dueOpen.length - ahead.length
    if (past) out.dueOpenPast = past
    if (ahead.length) out.dueOpen = ahead
    else delete out.dueOpen
  }
  return out as StoredCounters
}

/** Counters from a stored document (compact, or written whole by an earlier version), zeros restored. */
export function unpackCounters(stored: StoredCounters | null | undefined): IndexCounters {
  const base = emptyCounters()
  if (!stored) return base
  const { dueOpenPast, ...counters } = stored
  const unpacked = { ...base, ...counters, mix: { ...base.mix, ...counters.mix } }
  // a case overdue when written is due "at the epoch": before every `now` a reader judges it by
  if (dueOpenPast) unpacked.dueOpen = [...new Array<number>(dueOpenPast).fill(0), ...unpacked.dueOpen]
  return unpacked
}

export interface AggregateOptions {
  /** the street code cases without a territory count for */
  street: string
  /** only these periods (keys); all when absent */
  periods?: ReadonlySet<string>
}

/** The document id of a period and a dimension key: `2026-11:community:GT-01`. */
export const aggregateId = (period: string, key: DimKey) => `${period}:${key}`

/**
 * Folds facts into counters for every period (of every level) and dimension key their marks fall in.
 * The result maps `<period>:<dimension>:<key>` to counters; keys with no mark are absent (read: zero).
 */
export function aggregate(facts: Iterable<CaseFact>, opts: AggregateOptions): Map<string, IndexCounters> {
  const out = new Map<string, IndexCounters>()
  for (const f of facts) {
    for (const m of marksOf(f, opts.street)) {
      for (const level of PERIOD_LEVELS) {
        const period = periodKeyAt(m.at, level)
        if (opts.periods && !opts.periods.has(period)) continue
        for (const key of m.keys) {
          const id = aggregateId(period, key)
          let c = out.get(id)
          if (!c) {
            c = emptyCounters()
            out.set(id, c)
          }
          applyMark(c, m)
        }
      }
    }
  }
  for (const c of out.values()) finishCounters(c)
  return out
}
