/** What leaves the server: cards with 环比 and 同比, board rows, mixes, live tasks, the cases behind a number. */
import {
  type CaseRowView,
  CHANNELS,
  compareIndex,
  type DrillRow,
  emptyCounters,
  formatIndex,
  INDICES,
  type IndexCardView,
  type IndexCounters,
  type IndexId,
  type IndexPeriod,
  type IndexPeriodView,
  type IndexRowView,
  indexValue,
  type LiveTaskView,
  type MixSliceView,
  type SourceAvailability,
  TASK_CATEGORY_LABELS,
  TASK_ORIGIN_LABELS,
  TASK_STATE_LABELS,
  type TaskFact,
  type TaskState,
} from '@jqtb/shared'
import { TASKS_ONLY } from './sources'

const iso = (t: number) => new Date(t).toISOString()

export function presentPeriod(p: IndexPeriod): IndexPeriodView {
  return { key: p.key, level: p.level, label: p.label, start: iso(p.start), end: iso(p.end) }
}

export interface Compared {
  cur: IndexCounters
  prev: IndexCounters
  yoy: IndexCounters
  periods: { cur: IndexPeriod; prev: IndexPeriod; yoy: IndexPeriod }
}

/** One card: the value now, and against the period before (环比) and the same period a year earlier (同比). */
export function presentCard(id: IndexId, x: Compared, now: number, sources: SourceAvailability = TASKS_ONLY): IndexCardView {
  const def = INDICES[id]
  const v = indexValue(id, x.cur, now, sources)
  const prev = indexValue(id, x.prev, now, sources)
  const yoy = indexValue(id, x.yoy, now, sources)
  return {
    id,
    label: def.label,
    unit: def.unit,
    better: def.better,
    formula: def.formula,
    value: v.value,
    ...(v.value === null ? { reason: v.reason } : {}),
    display: formatIndex(id, v),
    ...(v.value !== null && v.num !== undefined ? { num: v.num, den: v.den } : {}),
    prev: { period: presentPeriod(x.periods.prev), display: formatIndex(id, prev), comparison: compareIndex(id, v, prev) },
    yoy: { period: presentPeriod(x.periods.yoy), display: formatIndex(id, yoy), comparison: compareIndex(id, v, yoy) },
  }
}

/** A community, grid or department with the values of `ids`. */
export function presentRow(
  code: string,
  name: string,
  c: IndexCounters | undefined,
  ids: readonly IndexId[],
  now: number,
  sources: SourceAvailability = TASKS_ONLY,
): IndexRowView {
  const values: IndexRowView['values'] = {}
  const displays: IndexRowView['displays'] = {}
  for (const id of ids) {
    const v = indexValue(id, c ?? emptyCounters(), now, sources)
    values[id] = v.value
    displays[id] = formatIndex(id, v)
  }
  return { code, name, values, displays }
}

const CHANNEL_LABELS: Record<string, string> = Object.fromEntries(CHANNELS.map((c) => [c.code, c.label]))

function slices(counts: Record<string, number>, labels: Record<string, string>, kind: 'category' | 'origin' | 'channel'): MixSliceView[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, count]) => ({ code, label: labels[code] ?? code, count, target: `${kind}:${code}` as MixSliceView['target'] }))
}

export function presentMix(c: IndexCounters) {
  return {
    category: slices(c.mix.category, TASK_CATEGORY_LABELS, 'category'),
    origin: slices(c.mix.origin, TASK_ORIGIN_LABELS, 'origin'),
    channel: slices(c.mix.channel, CHANNEL_LABELS, 'channel'),
  }
}

const DAY = 86_400_000
const HOUR = 3_600_000

/** 超期 2 天 3 小时 */
export function overdueBy(dueAt: number, now: number): string {
  const ms = Math.max(0, now - dueAt)
  const d = Math.floor(ms / DAY)
  const h = Math.floor((ms % DAY) / HOUR)
  return d ? `超期 ${d} 天${h ? ` ${h} 小时` : ''}` : `超期 ${Math.max(1, h)} 小时`
}

export function presentLiveTask(
  t: TaskState,
  names: { territory(code: string): string; department(code: string): string | null },
  now: number,
  overdue: boolean,
): LiveTaskView {
  return {
    id: t.id,
    taskNo: t.taskNo,
    title: t.title,
    state: t.state,
    stateLabel: TASK_STATE_LABELS[t.state],
    riskColour: t.riskColour,
    territoryName: names.territory(t.territory.code) || t.territory.name,
    departmentName: t.department ? (names.department(t.department.code) ?? t.department.name) : null,
    createdAt: iso(t.createdAt),
    dueAt: iso(t.dueAt),
    overdueBy: overdue ? overdueBy(t.dueAt, now) : null,
  }
}

/** One case behind a number; `visible` false hides what the reader may not open. */
export function presentCaseRow(row: DrillRow, fact: TaskFact | undefined, territoryName: string | null, visible: boolean): CaseRowView {
  const base = {
    factId: row.factId,
    at: iso(row.at),
    tag: row.tag,
    counts: row.counts,
    ...(row.excluded ? { excluded: true } : {}),
    ...(row.ms !== undefined ? { ms: row.ms } : {}),
  }
  if (!fact) return { ...base, taskId: null, taskNo: null, title: otherTitle(row.factId), state: null, stateLabel: null, territoryName: null }
  return {
    ...base,
    taskId: visible ? fact.id : null,
    taskNo: fact.taskNo,
    title: visible ? fact.title : '（无权查看该工单）',
    state: fact.state,
    stateLabel: TASK_STATE_LABELS[fact.state],
    territoryName,
  }
}

/** What a row that is not a task is: a source record (`record:<channel>:<id>`), a lead, a mediation. */
function otherTitle(factId: string): string {
  const [kind, ...rest] = factId.split(':')
  if (kind === 'record') return `${CHANNEL_LABELS[rest[0]] ?? rest[0]} 来件 ${rest.slice(1).join(':')}`
  if (kind === 'lead') return `线索 ${rest.join(':')}`
  if (kind === 'mediation') return `调解 ${rest.join(':')}`
  return '（记录已不存在）'
}
