/**
 * 关键指数: every index, defined once — its formula in words beside the function that computes it from
 * a period's counters (aggregate.ts). The dashboard, the phone summaries, the monthly report and the
 * README all read these definitions. `now` is the moment the counters are read: what depends on the
 * clock (overdue, waiting) is judged then.
 *
 * An index without data says so: `{ value: null, reason: 'no_source' }` when the records it counts
 * do not exist in the system yet (满意率 and 回访率 until 回访 exists), shown as 暂无数据; and
 * `{ value: null, reason: 'empty' }` when the period has nothing to divide by, shown as —. Neither is
 * ever shown as 0 % or 100 %.
 */
import { type IndexCounters, RED_ACTION_TARGET_MS } from './aggregate'
import { averageMs, type Durations, percentileMs } from './durations'

export const INDEX_IDS = [
  'received',
  'leads',
  'closed',
  'closeRate',
  'onTimeRate',
  'overdue',
  'overdueOpen',
  'avgCloseTime',
  'p90CloseTime',
  'avgClaimTime',
  'p90ClaimTime',
  'repeatRate',
  'mediationRate',
  'satisfaction',
  'followUpRate',
  'bounceRate',
  'red',
  'redWaiting',
  'redActionTime',
  'redP90ActionTime',
  'redIn24hRate',
  'reopened',
] as const
export type IndexId = (typeof INDEX_IDS)[number]

/** Where an index's records come from. Tasks always exist; the others once their domain does. */
export type IndexSource = 'tasks' | 'leads' | 'mediations' | 'followUps'
export type SourceAvailability = Record<IndexSource, boolean>

export type IndexUnit = 'count' | 'percent' | 'duration'

export type IndexValue = { value: number; num?: number; den?: number } | { value: null; reason: 'no_source' | 'empty' }

export interface IndexDef {
  id: IndexId
  label: string
  unit: IndexUnit
  /** 件, 条, 次 (counts) */
  countWord?: string
  /** which way is better (arrows are coloured by it); null: neither */
  better: 'up' | 'down' | null
  source: IndexSource
  /** the formula in words (shown on the cards, in the README, in the report) */
  formula: string
  compute(c: IndexCounters, now: number): IndexValue
}

const EMPTY: IndexValue = { value: null, reason: 'empty' }
const ratio = (num: number, den: number): IndexValue => (den > 0 ? { value: num / den, num, den } : EMPTY)
const count = (n: number): IndexValue => ({ value: n })
const avg = (d: Durations): IndexValue => {
  const v = averageMs(d)
  return v === null ? EMPTY : { value: v, den: d.n }
}
const p90 = (d: Durations): IndexValue => {
  const v = percentileMs(d, 90)
  return v === null ? EMPTY : { value: v, den: d.n }
}

/** Open cases of the period whose due date has passed by `now`. */
export const overdueOpenCount = (c: IndexCounters, now: number) => c.dueOpen.filter((d) => d < now).length
/** Red warnings of the period nobody has acted on for more than 24 hours by `now`. */
export const redLongWaiting = (c: IndexCounters, now: number) => c.redWaiting.filter((at) => now - at > RED_ACTION_TARGET_MS).length

export const INDICES: Record<IndexId, IndexDef> = {
  received: {
    id: 'received',
    label: '受理量',
    unit: 'count',
    countWord: '件',
    better: null,
    source: 'tasks',
    formula: '本期新建的工单数（社治中心派发、渠道转入、网格员上报和自处理上报），按创建时间计入。',
    compute: (c) => count(c.received),
  },
  leads: {
    id: 'leads',
    label: '线索量',
    unit: 'count',
    countWord: '条',
    better: null,
    source: 'leads',
    formula: '本期归集的线索数：同一起纠纷从几个渠道进来只算一条，按收到时间计入。',
    compute: (c) => count(c.leads),
  },
  closed: {
    id: 'closed',
    label: '办结量',
    unit: 'count',
    countWord: '件',
    better: 'up',
    source: 'tasks',
    formula: '本期验收通过（办结）的工单数；重新打开后再次办结的，按最后一次办结的时间计入。',
    compute: (c) => count(c.closed),
  },
  closeRate: {
    id: 'closeRate',
    label: '办结率',
    unit: 'percent',
    better: 'up',
    source: 'tasks',
    formula: '本期受理的工单中目前已办结的 ÷（本期受理 − 已撤销）。撤销的（重复、无效）不计入。',
    compute: (c) => ratio(c.closedOfReceived, c.received - c.cancelled),
  },
  onTimeRate: {
    id: 'onTimeRate',
    label: '按时办结率',
    unit: 'percent',
    better: 'up',
    source: 'tasks',
    formula:
      '本期到期的工单中，按时办结 ÷（按时办结 + 超期办结 + 已过期限仍未办结）。仍未办结而已超期的计入分母，晚办结不会抬高比率；按时提交、等待验收的和尚未到期的暂不计入。按时 = 在截止时间前提交验收（与积分的时效规则一致）。',
    compute: (c, now) => ratio(c.dueOnTime, c.dueOnTime + c.dueLate + overdueOpenCount(c, now)),
  },
  overdue: {
    id: 'overdue',
    label: '超期数',
    unit: 'count',
    countWord: '件',
    better: 'down',
    source: 'tasks',
    formula: '本期到期的工单中，超期办结的 + 已过期限仍未办结的。',
    compute: (c, now) => count(c.dueLate + overdueOpenCount(c, now)),
  },
  overdueOpen: {
    id: 'overdueOpen',
    label: '超期未办结',
    unit: 'count',
    countWord: '件',
    better: 'down',
    source: 'tasks',
    formula: '本期到期、已过期限仍未办结的工单（按时提交等待验收的不算）。',
    compute: (c, now) => count(overdueOpenCount(c, now)),
  },
  avgCloseTime: {
    id: 'avgCloseTime',
    label: '平均办结时长',
    unit: 'duration',
    better: 'down',
    source: 'tasks',
    formula: '本期办结的工单从受理（创建）到办结（验收通过）的平均时长。',
    compute: (c) => avg(c.closeTime),
  },
  p90CloseTime: {
    id: 'p90CloseTime',
    label: '办结时长 P90',
    unit: 'duration',
    better: 'down',
    source: 'tasks',
    formula:
      '本期办结的工单中，90% 在此时长内从受理到办结（第 ⌈0.9n⌉ 短的时长，按分档取上限：1 小时内每 5 分钟一档，1 天内每半小时，60 天内每 6 小时，之后每天）。',
    compute: (c) => p90(c.closeTime),
  },
  avgClaimTime: {
    id: 'avgClaimTime',
    label: '平均处置时长',
    unit: 'duration',
    better: 'down',
    source: 'tasks',
    formula: '本期办结的工单从认领（或指派）到通过验收的那次提交的平均时长；自处理上报不计。看个人时为本人认领到提交。',
    compute: (c) => avg(c.claimTime),
  },
  p90ClaimTime: {
    id: 'p90ClaimTime',
    label: '处置时长 P90',
    unit: 'duration',
    better: 'down',
    source: 'tasks',
    formula: '本期办结的工单中，90% 在此时长内从认领到提交（分档同办结时长 P90）。',
    compute: (c) => p90(c.claimTime),
  },
  repeatRate: {
    id: 'repeatRate',
    label: '重复警情率',
    unit: 'percent',
    better: 'down',
    source: 'leads',
    formula: '本期线索中被关联为重复（同一当事人或同一地址 90 天内再次发生）的 ÷ 本期线索。',
    compute: (c) => ratio(c.leadRepeats, c.leads),
  },
  mediationRate: {
    id: 'mediationRate',
    label: '化解率',
    unit: 'percent',
    better: 'up',
    source: 'mediations',
    formula: '本期记录了调解结果的案件中，调解成功的 ÷ 调解结束的。',
    compute: (c) => ratio(c.mediationSucceeded, c.mediationFinished),
  },
  satisfaction: {
    id: 'satisfaction',
    label: '满意率',
    unit: 'percent',
    better: 'up',
    source: 'followUps',
    formula: '本期办结工单的回访中，表示满意的 ÷ 已回访的。回访功能上线前显示“暂无数据”。',
    compute: (c) => ratio(c.followUpSatisfied, c.followUpDone),
  },
  followUpRate: {
    id: 'followUpRate',
    label: '回访率',
    unit: 'percent',
    better: 'up',
    source: 'followUps',
    formula: '本期办结的工单中已回访的 ÷ 应回访的。回访功能上线前显示“暂无数据”。',
    compute: (c) => ratio(c.followUpDone, c.followUpDue),
  },
  bounceRate: {
    id: 'bounceRate',
    label: '退回率',
    unit: 'percent',
    better: 'down',
    source: 'tasks',
    formula: '本期分拨到部门的次数中，被部门退回（非本部门职责）的 ÷ 分拨次数。按部门看时记在被分拨、退回的部门名下。',
    compute: (c) => ratio(c.bounced, c.routed),
  },
  red: {
    id: 'red',
    label: '红色预警数',
    unit: 'count',
    countWord: '件',
    better: 'down',
    source: 'tasks',
    formula: '本期转为红色预警的次数（创建时定为红色，或风险研判升为红色）。',
    compute: (c) => count(c.red),
  },
  redWaiting: {
    id: 'redWaiting',
    label: '红色预警待处置',
    unit: 'count',
    countWord: '件',
    better: 'down',
    source: 'tasks',
    formula: '本期转为红色、至今还没有人处置的预警。',
    compute: (c) => count(c.redWaiting.length),
  },
  redActionTime: {
    id: 'redActionTime',
    label: '红色预警首次处置用时',
    unit: 'duration',
    better: 'down',
    source: 'tasks',
    formula: '本期红色预警从转红到第一次有人处置（分拨、签收、发布、认领、进展、验收等；系统动作和备注不算）的平均用时。',
    compute: (c) => avg(c.redTime),
  },
  redP90ActionTime: {
    id: 'redP90ActionTime',
    label: '红色预警处置用时 P90',
    unit: 'duration',
    better: 'down',
    source: 'tasks',
    formula: '本期已处置的红色预警中，90% 在此用时内得到第一次处置（分档同办结时长 P90）。',
    compute: (c) => p90(c.redTime),
  },
  redIn24hRate: {
    id: 'redIn24hRate',
    label: '红色预警 24 小时处置率',
    unit: 'percent',
    better: 'up',
    source: 'tasks',
    formula: '本期红色预警中 24 小时内得到第一次处置的 ÷（已处置的 + 等待已超过 24 小时仍无人处置的）。',
    compute: (c, now) => ratio(c.redActedIn24h, c.redActed + redLongWaiting(c, now)),
  },
  reopened: {
    id: 'reopened',
    label: '重新打开',
    unit: 'count',
    countWord: '件',
    better: 'down',
    source: 'tasks',
    formula: '本期办结后又被重新打开的次数。',
    compute: (c) => count(c.reopened),
  },
}

/** The value of an index, or why there is none. */
export function indexValue(id: IndexId, c: IndexCounters, now: number, sources: SourceAvailability): IndexValue {
  const def = INDICES[id]
  if (!sources[def.source]) return { value: null, reason: 'no_source' }
  return def.compute(c, now)
}

/** The funnel of the period's cohort: received → left the centre's queue → someone took it → closed now. */
export const FUNNEL_STAGES = [
  { metric: 'received', label: '受理' },
  { metric: 'leftQueue', label: '已分拨' },
  { metric: 'seated', label: '已认领' },
  { metric: 'closedOfReceived', label: '已办结' },
] as const

export function funnelOf(c: IndexCounters): Array<{ metric: (typeof FUNNEL_STAGES)[number]['metric']; label: string; count: number }> {
  return FUNNEL_STAGES.map((s) => ({ ...s, count: c[s.metric] }))
}
