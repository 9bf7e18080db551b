/** What the indices API returns (the BFF's presenter builds these; the mini-app renders them). Times are ISO 8601 strings. */
import type { RiskColour, TaskStateName } from '../tasks/constants'
import type { Comparison } from './display'
import type { DrillTarget } from './drill'
import type { IndexId, IndexUnit, SourceAvailability } from './formulas'
import type { Dimension } from './marks'
import type { PeriodLevel } from './periods'

export interface IndexPeriodView {
  key: string
  level: PeriodLevel
  label: string
  start: string
  end: string
}

export interface IndexScopeView {
  dim: Dimension
  key: string
  name: string
}

export interface IndexComparisonView {
  period: IndexPeriodView
  display: string
  /** null when either side has no value */
  comparison: Comparison | null
}

export interface IndexCardView {
  id: IndexId
  label: string
  unit: IndexUnit
  better: 'up' | 'down' | null
  formula: string
  /** rates as fractions, durations in ms, counts as counts; null with `reason` when there is none */
  value: number | null
  reason?: 'no_source' | 'empty'
  /** 92.3%, 128 件, 3.5 小时, 暂无数据, — */
  display: string
  num?: number
  den?: number
  /** 环比 */
  prev: IndexComparisonView
  /** 同比 */
  yoy: IndexComparisonView
}

/** One slice of a mix (category, origin, channel), with what to open for its cases. */
export interface MixSliceView {
  code: string
  label: string
  count: number
  target: DrillTarget
}

/** One community, grid or department with the values of the heat and league indices. */
export interface IndexRowView {
  code: string
  name: string
  values: Partial<Record<IndexId, number | null>>
  displays: Partial<Record<IndexId, string>>
}

export interface DashboardView {
  period: IndexPeriodView
  scope: IndexScopeView
  /** the moment the values are judged at (overdue, waiting) */
  asOf: string
  /** when the stored numbers were last rebuilt (null: nothing stored yet) */
  builtAt: string | null
  sources: SourceAvailability
  cards: IndexCardView[]
  funnel: Array<{ target: DrillTarget; label: string; count: number }>
  /** the last 12 months, oldest first, every card's index */
  trend: { periods: IndexPeriodView[]; series: Partial<Record<IndexId, Array<number | null>>> }
  /** indices the heat view and the league tables offer */
  rowIndices: IndexId[]
  /** the communities of the street with their grids (laid out from the territory tree) */
  heat: Array<IndexRowView & { grids: IndexRowView[] }>
  leagues: { communities: IndexRowView[]; departments: IndexRowView[] }
  mix: { category: MixSliceView[]; origin: MixSliceView[]; channel: MixSliceView[] | null }
}

export interface LiveTaskView {
  id: string
  taskNo: string
  title: string
  state: TaskStateName
  stateLabel: string
  riskColour: RiskColour
  territoryName: string
  departmentName: string | null
  createdAt: string
  dueAt: string
  /** 已超期 2 天 3 小时 (overdue list) */
  overdueBy: string | null
}

/** `GET /api/indices/live`: the red list and the overdue list as they are now. */
export interface LiveView {
  asOf: string
  red: { total: number; items: LiveTaskView[] }
  overdue: { total: number; items: LiveTaskView[] }
}

export interface CaseRowView {
  factId: string
  /** the task to open (null for a lead without a task) */
  taskId: string | null
  taskNo: string | null
  title: string
  state: TaskStateName | null
  stateLabel: string | null
  territoryName: string | null
  at: string
  tag: string
  counts: boolean
  excluded?: boolean
  ms?: number
}

/** `GET /api/indices/cases`: the cases behind a number. */
export interface CasesView {
  period: IndexPeriodView
  scope: IndexScopeView
  target: DrillTarget
  label: string
  /** the number the rows make, by the card's formula */
  display: string
  /** rows in all (every page) */
  total: number
  /** rates: rows in the numerator / in the denominator */
  num?: number
  den?: number
  rows: CaseRowView[]
  nextCursor: string | null
}

/** A queue waiting for someone, with its count and the list it opens. */
export interface QueueView {
  key: string
  label: string
  hint: string
  count: number
  urgent: boolean
  /** the task list to open: GET /api/tasks?view=…&state=…&overdue=1&riskColour=red */
  list: { view: 'all' | 'department' | 'review' | 'mine' | 'hall'; state?: TaskStateName[]; overdue?: boolean; riskColour?: RiskColour; territory?: string }
}

/** `GET /api/indices/summary`: what a person's first page shows of their own part of the street. */
export interface SummaryView {
  scope: IndexScopeView
  period: IndexPeriodView
  asOf: string
  builtAt: string | null
  /** the day so far (the centre) */
  today: IndexCardView[] | null
  cards: IndexCardView[]
  queues: QueueView[]
  /** a person's points in the current assessment period (the points board's total) */
  points: { period: string; periodLabel: string; total: number; rank: number | null } | null
  /** may open the 一屏掌控 */
  dashboard: boolean
}
