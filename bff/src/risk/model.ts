/**
 * What the risk domain stores (docs/risk.md). Decisions are inserts with a deterministic `_id`
 * (rule versions and drafts by number, subject links by slot, watch decisions by seq); the colour of
 * a task is an event in the task's own log (the tasks domain). Cases and subjects are caches of
 * those records, rebuilt by any scorer and by the sweep.
 */
import type { RiskCase, RiskColour, RiskFactor, RiskRuleSet, Trend, WatchEventType } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/** A published risk rule version: `_id` = the version number (two admins publishing at once: one wins). Never changed. */
export interface RiskRuleVersionDoc {
  _id: number
  rules: RiskRuleSet
  effectiveFrom: Date
  publishedAt: Date
  publishedBy: { id: string; name: string }
  note?: string
}

/** A saved draft, one document per save (`_id` = revision). */
export interface RiskRuleDraftDoc {
  _id: number
  rules: RiskRuleSet
  basedOnVersion: number
  savedAt: Date
  savedBy: { id: string; name: string }
  note?: string
}

/**
 * A case as the engine last saw it (`_id` = `task:<id>` / `lead:<id>`): the scoring input, so a
 * linked case is scored without reading its log, and the last score, for the watch list. A cache:
 * rebuilt from the task's log by every re-score; a stale copy only delays a linked case's factor
 * until the next sweep.
 */
export interface RiskCaseDoc extends Omit<RiskCase, 'id'> {
  _id: string
  /** tasks: the task id (to open it) */
  taskId?: string
  /** seq of the task's log it was built from */
  seq: number
  subjects: string[]
  colour: RiskColour
  /** the colour a person set (the engine does not go below it) */
  floor?: RiskColour
  score: number
  factors: RiskFactor[]
  scoredAt: number
  /** who holds it now (the watch list's default follow-up person) */
  holder?: { id: string; name: string }
  department?: string
  updatedAt: Date
}

/**
 * A case linked to a subject: `_id` = `<subject key>#<n, 6 digits>`, slots filled in order like the
 * task log, so a subject's cases are read by `_id` (n = 0, 1, … until one is missing), the one read
 * FerretDB answers from an index. Adding a case takes the first free slot after checking the ones
 * before it (a case is in at most one slot of a subject). Never changed.
 */
export interface RiskLinkDoc {
  _id: string
  subject: string
  caseId: string
  at: Date
}

/**
 * A person or address of the watch list as last assessed (`_id` = `P-…` / `A-…`, from the key). A
 * cache of its linked cases and its watch decisions, refreshed whenever one of its cases is scored.
 */
export interface RiskSubjectDoc {
  _id: string
  key: string
  kind: 'party' | 'address'
  label: string
  phoneMasked?: string
  territory?: string
  caseIds: string[]
  score: number
  colour: RiskColour
  /** 2 red, 1 yellow, 0 green: the list's first sort key */
  rank: number
  trend: Trend
  onList: boolean
  manual: boolean
  why: string[]
  recent: number
  total: number
  channels: string[]
  lastAt?: number
  lastContact?: { at: number; by: string; what: string }
  reviewDue: boolean
  reviewedAt?: number
  manualAt?: number
  responsible?: { id: string; name: string; assigned: boolean }
  /** why it may not be taken off now (null: it may) */
  closeRefusal: string | null
  updatedAt: Date
}

/**
 * A person's decision about a subject: `_id` = `<subject id>:<seq, 6 digits>`. The next seq is
 * inserted by whoever decides first (two officers 销号 at once: one wins, the other is told).
 */
export interface RiskWatchEventDoc {
  _id: string
  subjectId: string
  key: string
  seq: number
  type: WatchEventType
  at: Date
  by: { id: string; name: string }
  reason?: string
  responsible?: { id: string; name: string }
  /** added by hand: what the subject is (a name and masked phone, or an address) */
  label?: string
  phoneMasked?: string
  territory?: string
}

const mixed = { type: Schema.Types.Mixed }

const versionSchema = new Schema<RiskRuleVersionDoc>(
  {
    _id: { type: Number, required: true },
    rules: { ...mixed, required: true },
    effectiveFrom: { type: Date, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: { id: String, name: String }, _id: false, required: true },
    note: String,
  },
  { versionKey: false, collection: 'risk_rule_versions', minimize: false },
)

const draftSchema = new Schema<RiskRuleDraftDoc>(
  {
    _id: { type: Number, required: true },
    rules: { ...mixed, required: true },
    basedOnVersion: { type: Number, required: true },
    savedAt: { type: Date, required: true },
    savedBy: { type: { id: String, name: String }, _id: false, required: true },
    note: String,
  },
  { versionKey: false, collection: 'risk_rule_drafts', minimize: false },
)

const caseSchema = new Schema<RiskCaseDoc>(
  { _id: { type: String, required: true }, createdAt: { type: Number, required: true }, open: { type: Boolean, required: true } },
  { versionKey: false, collection: 'risk_cases', strict: false, minimize: false },
)
caseSchema.index({ open: 1, createdAt: -1, _id: 1 })
caseSchema.index({ createdAt: -1, _id: 1 })

const linkSchema = new Schema<RiskLinkDoc>(
  {
    _id: { type: String, required: true },
    subject: { type: String, required: true },
    caseId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'risk_links' },
)
linkSchema.index({ caseId: 1 })

const subjectSchema = new Schema<RiskSubjectDoc>(
  { _id: { type: String, required: true }, key: { type: String, required: true }, onList: { type: Boolean, required: true } },
  { versionKey: false, collection: 'risk_subjects', strict: false, minimize: false },
)
subjectSchema.index({ onList: 1, rank: -1, score: -1, _id: 1 })

const watchEventSchema = new Schema<RiskWatchEventDoc>(
  {
    _id: { type: String, required: true },
    subjectId: { type: String, required: true },
    key: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: { id: String, name: String }, _id: false, required: true },
    reason: String,
    responsible: { type: { id: String, name: String }, _id: false },
    label: String,
    phoneMasked: String,
    territory: String,
  },
  { versionKey: false, collection: 'risk_watch_events' },
)
watchEventSchema.index({ at: 1, _id: 1 })

export function riskModels(conn: Connection) {
  return {
    RiskRuleVersion: conn.model<RiskRuleVersionDoc>('RiskRuleVersion', versionSchema),
    RiskRuleDraft: conn.model<RiskRuleDraftDoc>('RiskRuleDraft', draftSchema),
    RiskCase: conn.model<RiskCaseDoc>('RiskCase', caseSchema),
    RiskLink: conn.model<RiskLinkDoc>('RiskLink', linkSchema),
    RiskSubject: conn.model<RiskSubjectDoc>('RiskSubject', subjectSchema),
    RiskWatchEvent: conn.model<RiskWatchEventDoc>('RiskWatchEvent', watchEventSchema),
  }
}
