/** What the risk API returns (the BFF's presenter builds these; the mini-app renders them). Times are ISO strings. */
import type { RiskColour } from '../tasks/constants'
import type { RiskRuleChange } from './form'
import type { RiskRuleSet } from './rules'
import type { FactorCode } from './score'
import type { Trend, WatchEventType } from './watch'

export interface RiskFactorView {
  code: FactorCode | string
  points: number
  text: string
  /** 「描述含「扬言」 +25」 */
  line: string
  forceRed?: boolean
}

/** A colour change in the task's log, as the card lists it. */
export interface RiskChangeView {
  seq: number
  at: string
  colour: RiskColour
  previous: RiskColour
  source: 'engine' | 'manual'
  by: string
  reason: string | null
  score: number
  factors: string[]
}

/** A case linked to this one (same people or address), for those who may see the watch list. */
export interface LinkedCaseView {
  id: string
  ref: string
  title: string
  /** tasks: open it at pages/task/index?id= */
  taskId: string | null
  createdAt: string
  open: boolean
  colour: RiskColour
  channels: string[]
  /** what links it: 同一当事人（张三） / 同一地址（…） */
  via: string
}

/** `GET /api/risk/tasks/:id` — the card 「为什么是红色」 on the task page. */
export interface RiskCardView {
  taskId: string
  colour: RiskColour
  label: string
  /** who set the colour now shown */
  source: 'engine' | 'manual' | 'created'
  sourceLabel: string
  /** the score now, under the rules in force (re-computed for the card) */
  score: number
  /** 「红色预警（65 分，红线 60 分）」 */
  headline: string
  /** the colour the score alone gives (may differ from `colour` when a person set it) */
  scoredColour: RiskColour
  factors: RiskFactorView[]
  floor: { colour: RiskColour; by: string; at: string; reason: string } | null
  thresholds: { yellow: number; red: number }
  ruleVersion: number
  followUpBy: string | null
  followedUpAt: string | null
  escalatedAt: string | null
  history: RiskChangeView[]
  /** null: the viewer may not see other cases (only the centre and the 派出所 do) */
  linked: LinkedCaseView[] | null
  /** may set the colour by hand (the centre, the 派出所) */
  canSet: boolean
}

export interface WatchResponsibleView {
  id: string
  name: string
  /** set by a person (else: the holder of the latest open case, or its department's lead) */
  assigned: boolean
}

export interface WatchItemView {
  id: string
  kind: 'party' | 'address'
  kindLabel: string
  /** the person's name(s) or the address */
  label: string
  /** masked, e.g. 138****5678 */
  phone: string | null
  score: number
  colour: RiskColour
  trend: Trend
  trendLabel: string
  onList: boolean
  manual: boolean
  why: string[]
  /** cases within the window */
  recent: number
  /** every case ever linked */
  total: number
  channels: string[]
  lastAt: string | null
  lastContact: { at: string; by: string; what: string } | null
  responsible: WatchResponsibleView | null
  /** not reviewed this week (待复核) */
  reviewDue: boolean
  reviewedAt: string | null
  /** why it may not be taken off now (null: 销号 allowed) */
  closeRefusal: string | null
}

export interface WatchListView {
  items: WatchItemView[]
  nextCursor: string | null
  counts: { red: number; yellow: number; total: number }
}

export interface WatchCaseView extends LinkedCaseView {
  score: number
  lastContact: { at: string; by: string; what: string } | null
}

export interface WatchEventView {
  seq: number
  type: WatchEventType
  label: string
  at: string
  by: string
  reason: string | null
  responsible: string | null
}

export interface WatchDetailView extends WatchItemView {
  cases: WatchCaseView[]
  history: WatchEventView[]
  /** who may be named responsible (the 派出所's people, the centre) */
  canManage: boolean
}

export interface RiskRuleVersionView {
  version: number
  effectiveFrom: string
  publishedAt: string
  publishedBy: { id: string; name: string }
  note: string | null
  rules: RiskRuleSet
  inForce: boolean
  scheduled: boolean
  changes: RiskRuleChange[]
  summary: string[]
}

export interface RiskRuleDraftView {
  revision: number
  basedOnVersion: number
  rules: RiskRuleSet
  savedAt: string
  savedBy: { id: string; name: string }
  note: string | null
  changes: RiskRuleChange[]
}

export interface RiskRulesOverview {
  inForce: RiskRuleVersionView
  latest: RiskRuleVersionView
  draft: RiskRuleDraftView | null
  draftRevision: number
  canEdit: boolean
}

/** One case whose colour the draft would change, and why. */
export interface RiskPreviewChange {
  caseId: string
  ref: string
  title: string
  taskId: string | null
  from: RiskColour
  to: RiskColour
  scoreBefore: number
  scoreAfter: number
  /** the score against the draft's lines, in words: 「按草稿 54 分，达到红线 35 分」 */
  why: string
  /** the draft's factors that differ from the rules in force, in words with points */
  gained: string[]
  lost: string[]
}

/** `POST /api/risk/rules/preview`: the last 90 days scored again under the draft. */
export interface RiskPreviewView {
  days: number
  cases: number
  /** how many cases of each colour now and under the draft (the colour the score gives, before any person's setting) */
  before: Record<RiskColour, number>
  after: Record<RiskColour, number>
  changes: RiskPreviewChange[]
  ruleChanges: RiskRuleChange[]
}
