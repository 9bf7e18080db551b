/**
 * The cases behind a number: the marks (marks.ts) of a period and dimension key that make up an index
 * (or a funnel stage, or one slice of a mix), one row per mark, each tagged with how it counts. The
 * number a card shows is folded from exactly these marks, so for a count the rows are as many as the
 * count, for a rate the rows that count in the denominator are the denominator and those marked
 * `counts` the numerator, and for a duration the rows are the durations averaged.
 */
import { applyMark, emptyCounters, finishCounters, RED_ACTION_TARGET_MS } from './aggregate'
import { formatDuration } from './display'
import type { CaseFact } from './facts'
import { INDEX_IDS, INDICES, type IndexId, type IndexValue, indexValue, type SourceAvailability } from './formulas'
import { type DimKey, type Mark, type MarkMetric, marksOf } from './marks'
import { parseIndexPeriod, periodKeyAt } from './periods'

/** What a number is: an index, a funnel stage, or a slice of a mix. */
export type DrillTarget =
  | IndexId
  | 'stage:leftQueue'
  | 'stage:seated'
  | 'stage:closedOfReceived'
  | `category:${string}`
  | `origin:${string}`
  | `channel:${string}`

export function isDrillTarget(s: string): s is DrillTarget {
  return (
    (INDEX_IDS as readonly string[]).includes(s) ||
    ['stage:leftQueue', 'stage:seated', 'stage:closedOfReceived'].includes(s) ||
    /^(category|origin|channel):[A-Za-z0-9_-]{1,40}$/.test(s)
  )
}

export interface DrillRow {
  factId: string
  /** the mark's anchor (received, closed, due … at) */
  at: number
  /** how the row counts, in words (按时办结, 超期未办结, 已退回 …); '' when it simply counts */
  tag: string
  /** rates: in the numerator; other numbers: true */
  counts: boolean
  /** rates: left out of the denominator (shown for completeness: 已撤销) */
  excluded?: boolean
  /** durations: the duration (ms) */
  ms?: number
}

export interface DrillResult {
  rows: DrillRow[]
  /** the number the rows make, by the same formula as the card */
  value: IndexValue
}

/** The marks of `facts` that count in `period` for `key`. */
export function marksIn(facts: Iterable<CaseFact>, period: string, key: DimKey, street: string): Mark[] {
  const p = parseIndexPeriod(period)
  if (!p) throw new Error(`not a period key: ${period}`)
  const out: Mark[] = []
  for (const f of facts)
    for (const m of marksOf(f, street)) if (m.at >= p.start && m.at < p.end && periodKeyAt(m.at, p.level) === period && m.keys.includes(key)) out.push(m)
  return out
}

const row = (m: Mark, tag = '', counts = true, extra: Partial<DrillRow> = {}): DrillRow => ({ factId: m.factId, at: m.at, tag, counts, ...extra })

/** The rows behind `target`, from the marks of one period and key (marksIn). */
export function drillRows(marks: readonly Mark[], target: DrillTarget, now: number, sources: SourceAvailability): DrillResult {
  const of = (metric: MarkMetric) => marks.filter((m) => m.metric === metric)
  const has = (metric: MarkMetric, factId: string, at?: number) =>
    marks.some((m) => m.metric === metric && m.factId === factId && (at === undefined || m.at === at))
  const counters = emptyCounters()
  for (const m of marks) applyMark(counters, m)
  finishCounters(counters)
  const valueFor = (id: IndexId) => indexValue(id, counters, now, sources)
  const plain = (metric: MarkMetric, value?: IndexValue): DrillResult => {
    const rows = of(metric).map((m) => row(m))
    return { rows, value: value ?? { value: rows.length } }
  }
  const overdueOpen = () => of('dueOpen').filter((m) => (m.due ?? m.at) < now)

  if (target.startsWith('stage:')) return plain(target.slice(6) as MarkMetric)
  if (target.startsWith('category:')) {
    const rows = of('received')
      .filter((m) => m.category === target.slice(9))
      .map((m) => row(m))
    return { rows, value: { value: rows.length } }
  }
  if (target.startsWith('origin:')) {
    const rows = of('received')
      .filter((m) => m.origin === target.slice(7))
      .map((m) => row(m))
    return { rows, value: { value: rows.length } }
  }
  if (target.startsWith('channel:')) {
    const rows = of('records')
      .filter((m) => m.channel === target.slice(8))
      .map((m) => row(m))
    return { rows, value: { value: rows.length } }
  }

  const id = target as IndexId
  const value = valueFor(id)
  if (value.value === null && value.reason === 'no_source') return { rows: [], value }
  const withMs = (metric: MarkMetric): DrillResult => ({ rows: of(metric).map((m) => row(m, formatDuration(m.ms ?? 0), true, { ms: m.ms })), value })
  switch (id) {
    case 'received':
    case 'red':
    case 'redWaiting':
    case 'reopened':
    case 'leads':
      return { rows: of(id).map((m) => row(m, id === 'red' ? redTag(m, marks) : '')), value }
    case 'closed':
      return { rows: of('closed').map((m) => row(m, has('closedLate', m.factId) ? '超期提交' : '按时提交')), value }
    case 'closeRate':
      return {
        rows: of('received').map((m) =>
          has('cancelled', m.factId)
            ? row(m, '已撤销（不计）', false, { excluded: true })
            : has('closedOfReceived', m.factId)
              ? row(m, '已办结', true)
              : row(m, '未办结', false),
        ),
        value,
      }
    case 'onTimeRate':
      return {
        rows: [
          ...of('dueOnTime').map((m) => row(m, '按时办结', true)),
          ...of('dueLate').map((m) => row(m, '超期办结', false)),
          ...overdueOpen().map((m) => row(m, '超期未办结', false)),
        ],
        value,
      }
    case 'overdue':
      return { rows: [...of('dueLate').map((m) => row(m, '超期办结')), ...overdueOpen().map((m) => row(m, '超期未办结'))], value }
    case 'overdueOpen':
      return { rows: overdueOpen().map((m) => row(m, '超期未办结')), value }
    case 'avgCloseTime':
    case 'p90CloseTime':
      return withMs('closeTime')
    case 'avgClaimTime':
    case 'p90ClaimTime':
      return withMs('claimTime')
    case 'redActionTime':
    case 'redP90ActionTime':
      return withMs('redActed')
    case 'redIn24hRate':
      return {
        rows: [
          ...of('redActed').map((m) =>
            (m.ms ?? 0) <= RED_ACTION_TARGET_MS
              ? row(m, `24 小时内处置（${formatDuration(m.ms ?? 0)}）`, true, { ms: m.ms })
              : row(m, `超过 24 小时才处置（${formatDuration(m.ms ?? 0)}）`, false, { ms: m.ms }),
          ),
          ...of('redWaiting')
            .filter((m) => now - m.at > RED_ACTION_TARGET_MS)
            .map((m) => row(m, '超过 24 小时无人处置', false)),
        ],
        value,
      }
    case 'bounceRate':
      return { rows: of('routed').map((m) => (has('bounced', m.factId, m.at) ? row(m, '被退回', true) : row(m, '已接收', false))), value }
    case 'repeatRate':
      return { rows: of('leads').map((m) => (has('leadRepeats', m.factId) ? row(m, '重复', true) : row(m, '首次', false))), value }
    case 'mediationRate':
      return { rows: of('mediationFinished').map((m) => (has('mediationSucceeded', m.factId) ? row(m, '调解成功', true) : row(m, '未成功', false))), value }
    case 'satisfaction':
      return { rows: of('followUpDone').map((m) => (has('followUpSatisfied', m.factId) ? row(m, '满意', true) : row(m, '不满意', false))), value }
    case 'followUpRate':
      return { rows: of('followUpDue').map((m) => (has('followUpDone', m.factId) ? row(m, '已回访', true) : row(m, '未回访', false))), value }
  }
}

function redTag(m: Mark, marks: readonly Mark[]): string {
  const acted = marks.find((x) => x.metric === 'redActed' && x.factId === m.factId && x.at === m.at)
  if (acted) return `已处置（${formatDuration(acted.ms ?? 0)}）`
  if (marks.some((x) => x.metric === 'redWaiting' && x.factId === m.factId && x.at === m.at)) return '待处置'
  return '已解除'
}

/** The label of what a drill shows. */
export function drillLabel(target: DrillTarget): string {
  if (target === 'stage:leftQueue') return '已分拨'
  if (target === 'stage:seated') return '已认领'
  if (target === 'stage:closedOfReceived') return '已办结（本期受理）'
  if (target.includes(':')) return target.split(':')[1]
  return INDICES[target as IndexId].label
}
