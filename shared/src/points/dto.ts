/** What the points and rules API returns. Times are ISO 8601 strings. */
import type { AppealStatus, BoardKind, EntryKind, PeriodKind, ReasonCode, SubjectKind } from './constants'
import type { RuleChange } from './form'
import type { RuleSet } from './rules'
import type { PreviewRow } from './totals'

export interface PeriodView {
  key: string
  kind: PeriodKind
  label: string
  start: string
  end: string
}

export interface AppealView {
  entryId: string
  taskId: string
  taskNo: string
  userId: string
  userName: string
  reason: string
  createdAt: string
  status: AppealStatus
  statusLabel: string
  /** the deduction contested */
  entry: { delta: number; reason: string; month: string }
  decision: { decision: 'upheld' | 'granted'; note: string; by: { id: string; name: string }; at: string; correctionEntryId: string | null } | null
}

/** `GET /api/points/appeals`: one page, newest first. */
export interface AppealListView {
  items: AppealView[]
  /** opaque; pass as `cursor` for the next page; null at the end */
  nextCursor: string | null
}

export interface LedgerEntryView {
  id: string
  subject: { kind: SubjectKind; id: string; name: string }
  territory: string | null
  department: string | null
  month: string
  delta: number
  kind: EntryKind
  kindLabel: string
  reasonCode: ReasonCode
  reasonLabel: string
  /** the sentence a grid worker reads, e.g. 「按时办结 邻里纠纷（JQ20261127-0003）+1」 */
  reason: string
  ruleKey: string
  ruleVersion: number
  taskId: string
  taskNo: string
  eventType: string
  /** when the event happened */
  eventAt: string
  /** when the entry was written */
  at: string
  /** a correction (冲正): the entry it corrects */
  corrects: string | null
  /** the correction written against this entry, if any */
  correctedBy: string | null
  appeal: AppealView | null
  /** the viewer may appeal this entry now */
  appealable: boolean
}

/** `GET /api/points/tasks/:taskId`: the lines a task caused that the viewer may see (oldest first), and their appeals. */
export interface TaskPointsView {
  items: LedgerEntryView[]
  appeals: AppealView[]
}

export interface ReasonLine {
  code: ReasonCode
  label: string
  points: number
}

export interface PointsTotalView {
  startingScore: number
  base: number
  bonusEarned: number
  bonus: number
  bonusExcess: number
  deductions: number
  own: number
  members: number
  total: number
  /** 「本月加分已封顶（上限 10 分），超出 3 分不计」 */
  capNote: string | null
  byReason: ReasonLine[]
  entryCount: number
}

export interface PersonPointsView {
  period: PeriodView
  /** recent periods to switch between, newest first */
  periods: PeriodView[]
  person: { id: string; name: string; territory: string | null; territoryName: string | null; department: string | null }
  total: PointsTotalView
  /** rank among people this period (null without entries or roster) */
  rank: number | null
  rankOf: number
  /** the rule version whose cap and starting score the total uses */
  ruleVersion: number
  entries: LedgerEntryView[]
}

export interface BoardRowView {
  rank: number
  id: string
  name: string
  /** people: their grid/community name; territories: the level; departments: null */
  detail: string | null
  startingScore: number
  total: number
  own: number
  members: number
  memberCount: number
  base: number
  bonus: number
  bonusExcess: number
  deductions: number
  entryCount: number
  capNote: string | null
  /** the viewer may open this person's lines (people board only; the points policy decides) */
  canOpen: boolean
}

export interface BoardView {
  period: PeriodView
  periods: PeriodView[]
  board: BoardKind
  boardLabel: string
  ruleVersion: number
  rows: BoardRowView[]
  /** the viewer's own row on the people board */
  me: { rank: number; total: number } | null
  /** the viewer may download the assessment sheet */
  canExport: boolean
}

export interface RuleVersionView {
  version: number
  effectiveFrom: string
  publishedAt: string
  publishedBy: { id: string; name: string }
  note: string | null
  rules: RuleSet
  /** in force now */
  inForce: boolean
  /** scheduled: effective later */
  scheduled: boolean
  /** what changed against the previous version */
  changes: RuleChange[]
  /** the rules in plain sentences */
  summary: string[]
}

export interface RuleDraftView {
  revision: number
  basedOnVersion: number
  rules: RuleSet
  savedAt: string
  savedBy: { id: string; name: string }
  note: string | null
  /** against the latest published version */
  changes: RuleChange[]
}

export interface RulesOverview {
  inForce: RuleVersionView
  latest: RuleVersionView
  draft: RuleDraftView | null
  /** the latest saved draft revision (0: none): what `PUT /api/rules/draft` takes as `baseRevision` */
  draftRevision: number
  canEdit: boolean
}

export interface RulePreviewView {
  period: PeriodView
  /** the published version(s) the current figures come from */
  currentVersions: number[]
  tasks: number
  events: number
  changes: RuleChange[]
  rows: PreviewRow[]
  gainers: number
  losers: number
  /** per reason: points under the published rules and under the draft (people, grids, departments together) */
  byReason: Array<{ code: ReasonCode; label: string; current: number; draft: number }>
}
