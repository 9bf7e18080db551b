/** What the intake API answers (the BFF's presenter builds these; the mini-app renders them). */
import type { ChannelCode } from './channels'
import type { IntakeField } from './fields'

export type { AddressCandidate, AddressMatch } from './address/match'
export type { CategoryResult as CategoryResultView } from './clean/category'
export type { PoliceFlag as PoliceFlagView } from './clean/police'
export type { RowIssue as RowIssueView } from './clean/record'

export type IngestResult = 'created' | 'updated' | 'unchanged' | 'rejected'

export const INGEST_RESULT_LABELS: Record<IngestResult, string> = {
  created: '新增',
  updated: '已更新（新版本）',
  unchanged: '无变化',
  rejected: '未导入',
}

export interface IssueView {
  column: string
  field: IntakeField
  value: string
  reason: string
  severity: 'error' | 'warning'
}

/** One record's answer in a push (same order as sent). */
export interface IngestResultView {
  index: number
  key: string | null
  sourceId: string | null
  result: IngestResult
  version: number | null
  issues: IssueView[]
}

export interface PushResponse {
  results: IngestResultView[]
  counts: Record<IngestResult, number>
}

export interface MicroGridRef {
  code: string
  /** 新城社区第1网格第2微网格 */
  name: string
}

export interface TerritoryGuessView {
  micro: MicroGridRef | null
  /** the smallest territory holding every candidate (a grid, a community) when no micro-grid is pinned */
  area: MicroGridRef | null
  confidence: number
  confident: boolean
  matched: string
  candidates: Array<MicroGridRef & { score: number; why: string }>
}

export interface CategoryView {
  code: string
  /** 劳动 / 拖欠工资 */
  path: string
  raw: string
  confidence: number
  confident: boolean
  via: string
  viaLabel: string
}

export interface IntakePartyView {
  name: string
  role: string
  /** masked: 138****5678 */
  phone: string | null
  /** masked: 3302**********3626 */
  idNo: string | null
}

export const INTAKE_FLAG_LABELS = {
  address_unsure: '属地待确认',
  address_none: '地址无法识别',
  category_guess: '分类为推测',
  field_dropped: '有字段被忽略',
  police: '涉警',
} as const
export type IntakeFlag = keyof typeof INTAKE_FLAG_LABELS

export interface IntakeRecordView {
  key: string
  channel: ChannelCode
  channelLabel: string
  sourceId: string
  sourceIdLabel: string
  version: number
  receivedAt: string
  reportedAt: string
  dateOnly: boolean
  title: string
  category: CategoryView
  territory: TerritoryGuessView
  police: boolean
  policeVia: string
  parties: IntakePartyView[]
  address: string
  flags: IntakeFlag[]
  flagLabels: string[]
  viaLabel: string
  leadId: string | null
}

export interface IntakeRecordDetailView extends IntakeRecordView {
  content: string
  /** photos the channel carried (公众上报: the citizen's), as signed links */
  photos: Array<{ id: string; url: string }>
  occurredAt: string
  dueAt: string | null
  extra: Array<{ label: string; value: string }>
  warnings: IssueView[]
  /** the fields as the channel sent them (personal ones masked) */
  raw: Array<{ column: string; value: string }>
  versions: Array<{ version: number; receivedAt: string; viaLabel: string; current: boolean }>
}

export interface IntakeRecordListResponse {
  items: IntakeRecordView[]
  nextCursor: string | null
}

export interface ChannelView {
  code: ChannelCode
  label: string
  system: string
  sourceIdLabel: string
  push: boolean
  feedback: boolean
  fields: Array<{ column: string; field: IntakeField; fieldLabel: string; meaning: string; example: string; required: boolean }>
  /** the profile in force */
  profileVersion: number
}

export type ImportStateName = 'analysing' | 'ready' | 'refused' | 'committing' | 'done' | 'failed'

export const IMPORT_STATE_LABELS: Record<ImportStateName, string> = {
  analysing: '正在预检',
  ready: '预检完成，待确认导入',
  refused: '文件无法导入',
  committing: '正在导入',
  done: '导入完成',
  failed: '导入中断',
}

export interface ImportView {
  id: string
  channel: ChannelCode
  channelLabel: string
  filename: string
  format: 'csv' | 'xlsx'
  encoding: string
  size: number
  state: ImportStateName
  stateLabel: string
  createdAt: string
  createdBy: string
  progress: { phase: 'analyse' | 'commit'; rows: number; percent: number }
  counts: { rows: number; good: number; bad: number; warned: number; created: number; updated: number; unchanged: number; rejected: number }
  header: string[]
  headerRow: number
  sample: Array<{
    row: number
    mapped: Array<{ field: string; fieldLabel: string; column: string; value: string }>
    result: { title: string; micro: string | null; microName: string | null; confident: boolean; category: string; police: boolean } | null
    issues: IssueView[]
  }>
  problems: Array<IssueView & { row: number }>
  problemsTotal: number
  refusal: { code: string; message: string } | null
  sameAs: { id: string; createdAt: string } | null
  errorSheetUrl: string | null
}

export interface ChannelKeyView {
  id: string
  channel: ChannelCode
  label: string
  createdAt: string
  createdBy: string
  revokedAt: string | null
  /** only in the answer that created it */
  secret?: string
}

export interface TaxonomyNodeView {
  code: string
  label: string
  path: string
  parent: string | null
  level: number
  taskCategory: string
  keywords: string[]
  police: boolean
  custom: boolean
}

export interface AddressPreviewView extends TerritoryGuessView {
  placeKey: string | null
}

// ---------------------------------------------------------------------------------------------
// Leads (线索) and the 研判 inbox

export interface SuggestionView {
  category: CategoryView
  territory: TerritoryGuessView
  handler: 'department' | 'community' | 'grid'
  handlerLabel: string
  department: { code: string; name: string } | null
  tier: string
  tierLabel: string
  claimMode: string
  claimModeLabel: string
  risk: { colour: 'red' | 'yellow' | 'green'; label: string; confidence: number; reasons: string[] }
  police: boolean
  /** as sure as its least sure part (0–1) */
  confidence: number
  /** would be converted and routed without a person */
  auto: boolean
}

export interface LeadView {
  id: string
  state: string
  stateLabel: string
  title: string
  channels: Array<{ code: ChannelCode; label: string }>
  sourceCount: number
  firstAt: string
  lastAt: string
  micro: { code: string; name: string } | null
  category: { code: string; path: string }
  riskColour: 'red' | 'yellow' | 'green'
  confidence: number
  repeatCount30: number
  police: boolean
  taskId: string | null
  taskNo: string | null
}

export interface LeadListResponse {
  items: LeadView[]
  nextCursor: string | null
  /** the search was a record's number (a case code, a 警情编号 …): these leads hold it, in any state */
  byRecord?: true
}

export interface RelatedLeadView {
  leadId: string
  title: string
  at: string
  state: string
  stateLabel: string
  category: string
  family: string
  channels: ChannelCode[]
  relation: 'earlier' | 'later'
  matchedBy: Array<'phone' | 'id' | 'address'>
  reasons: string[]
  taskId: string | null
  taskNo: string | null
  taskState: string | null
  taskStateLabel: string | null
}

/** A lead's linked history (also what the risk domain reads): see docs/intake.md#a-leads-linked-history. */
export interface LeadHistoryView {
  lead: { id: string; at: string; title: string; category: string; family: string; micro: string | null; state: string }
  related: RelatedLeadView[]
  repeats: { days30: number; days90: number }
  sources: Array<{ key: string; channel: ChannelCode; sourceId: string; at: string }>
}

export interface LeadSourceView {
  key: string
  channel: ChannelCode
  channelLabel: string
  sourceId: string
  title: string
  content: string
  address: string
  reportedAt: string
  dateOnly: boolean
  parties: IntakePartyView[]
  /** photos the record carried (公众上报: the citizen's), as signed links */
  photos: Array<{ id: string; url: string }>
  /** why it is in this lead (its founder has none) */
  joinedBecause: string[]
}

export interface LeadTimelineEntry {
  seq: number
  type: string
  label: string
  at: string
  by: string
  note: string
}

export interface LeadDetailView extends LeadView {
  suggestion: SuggestionView
  sources: LeadSourceView[]
  history: LeadHistoryView
  repeatOf: Array<{ leadId: string; reasons: string[] }>
  decision: { label: string; reason: string | null; to: string | null; by: string; at: string; auto: boolean } | null
  mergedInto: string | null
  timeline: LeadTimelineEntry[]
  actions: string[]
}

export interface BulkLeadResult {
  leadId: string
  ok: boolean
  message: string
  taskId?: string
}

export interface RoutingTableView {
  version: number
  updatedAt: string | null
  updatedBy: string | null
  autoConvertAbove: number
  rows: Array<{
    category: string
    categoryPath: string
    handler: 'department' | 'community' | 'grid'
    department: string
    tier: string
    claimMode: string
    auto: boolean
  }>
}
