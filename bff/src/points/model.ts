import type { EntryKind, ReasonCode, RuleSet, SubjectKind } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/**
 * A published rule version (积分/考核规则). `_id` = the version number: publishing is an insert of
 * the next number, so two admins publishing at once produce one version N (the other gets 409).
 * Never changed after insert.
 */
export interface RuleVersionDoc {
  _id: number
  rules: RuleSet
  /** events at or after this instant are scored by this version */
  effectiveFrom: Date
  publishedAt: Date
  publishedBy: { id: string; name: string }
  note?: string
}

/** A saved draft, one document per save (`_id` = revision): saving revision n+1 is an insert, like versions. */
export interface RuleDraftDoc {
  _id: number
  rules: RuleSet
  /** the latest published version when the draft was saved */
  basedOnVersion: number
  savedAt: Date
  savedBy: { id: string; name: string }
  note?: string
}

/**
 * One line of the points ledger (积分台账). Append-only: never updated, never deleted; a correction
 * (冲正) is a new line whose `corrects` names the line it corrects. `_id` =
 * `<eventId>:<subjectKind>:<subjectId>:<reason>` — the exactly-once key (shared/src/points/evaluate.ts).
 */
export interface LedgerEntryDoc {
  _id: string
  subjectKind: SubjectKind
  subjectId: string
  subjectName: string
  /** person: their territory; territory: its code; department: '' */
  territory: string
  /** person: their department or ''; department: its code; territory: '' */
  department: string
  month: string
  delta: number
  kind: EntryKind
  reasonCode: ReasonCode
  reason: string
  ruleKey: string
  ruleVersion: number
  taskId: string
  taskNo: string
  /** the task's department when the event happened ('' for none) */
  taskDepartment: string
  eventId: string
  eventType: string
  eventAt: Date
  /** the line this one corrects ('' for none: unique-free field, no nulls stored) */
  corrects: string
  /** when it was written */
  at: Date
  /** who wrote it: 'system' for scoring, the admin for a granted appeal */
  by: { id: string; name: string }
}

/** "This task event has been scored" (`_id` = the event id). Lets the catch-up job skip work. */
export interface ScoredEventDoc {
  _id: string
  at: Date
}

/**
 * "This window of a stream has been repaired" (`_id` = `<stream>:<window start, ISO>`, kernel/windows.ts):
 * insert-only, read by `_id`, so the periodic repairs skip what they already read. Not a lock.
 */
export interface ScoringCursorDoc {
  _id: string
  scannedUntil: Date
  at: Date
}

/**
 * 申诉: one per contested entry (`_id` = the entry id). Never changed but for `decided`, set to true
 * once a decision is in (appeal-followups.ts).
 */
export interface AppealDoc {
  _id: string
  userId: string
  userName: string
  taskId: string
  taskNo: string
  reason: string
  createdAt: Date
  /** a decision is in: what the list filters on (the decision itself is the truth; absent on appeals filed before the flag) */
  decided?: boolean
}

/** The decision on an appeal (`_id` = the entry id): the first admin to decide wins, the other gets 409. */
export interface AppealDecisionDoc {
  _id: string
  decision: 'upheld' | 'granted'
  note: string
  by: { id: string; name: string }
  at: Date
  /** granted: the correction entry written */
  correctionEntryId: string
}

/**
 * "This step of an appeal is in its task's timeline" (`_id` = `<appealId>:filed` | `<appealId>:decided`),
 * written after the note is appended, so the repair looks only at steps without one. Not a lock:
 * the task log itself says whether the note is there (bff/src/points/appeal-followups.ts).
 */
export interface AppealNoteDoc {
  _id: string
  taskId: string
  /** the task event that carries the note */
  eventId: string
  at: Date
}

/**
 * "This ledger line has been corrected, by that entry" (`_id` = the corrected entry's id). Both ways
 * a line is corrected — a granted appeal and the reversal of a reopened task — claim it here before
 * writing, so a line is given back once whichever comes first (bff/src/points/corrections.ts).
 */
export interface LedgerCorrectionDoc {
  _id: string
  correctionId: string
  at: Date
}

const ref = { type: { id: String, name: String }, _id: false, required: true }

const versionSchema = new Schema<RuleVersionDoc>(
  {
    _id: { type: Number, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    effectiveFrom: { type: Date, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: ref,
    note: { type: String },
  },
  { versionKey: false, collection: 'points_rule_versions', minimize: false },
)

const draftSchema = new Schema<RuleDraftDoc>(
  {
    _id: { type: Number, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    basedOnVersion: { type: Number, required: true },
    savedAt: { type: Date, required: true },
    savedBy: ref,
    note: { type: String },
  },
  { versionKey: false, collection: 'points_rule_drafts', minimize: false },
)

const entrySchema = new Schema<LedgerEntryDoc>(
  {
    _id: { type: String, required: true },
    subjectKind: { type: String, required: true },
    subjectId: { type: String, required: true },
    subjectName: { type: String, required: true },
    territory: { type: String, default: '' },
    department: { type: String, default: '' },
    month: { type: String, required: true },
    delta: { type: Number, required: true },
    kind: { type: String, required: true },
    reasonCode: { type: String, required: true },
    reason: { type: String, required: true },
    ruleKey: { type: String, default: '' },
    ruleVersion: { type: Number, required: true },
    taskId: { type: String, required: true },
    taskNo: { type: String, default: '' },
    taskDepartment: { type: String, default: '' },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    eventAt: { type: Date, required: true },
    corrects: { type: String, default: '' },
    at: { type: Date, required: true },
    by: ref,
  },
  { versionKey: false, collection: 'points_ledger' },
)
entrySchema.index({ subjectKind: 1, subjectId: 1, month: 1, eventAt: -1, _id: 1 })
entrySchema.index({ month: 1, _id: 1 })
entrySchema.index({ month: 1, taskDepartment: 1 })
entrySchema.index({ taskId: 1, eventAt: 1, _id: 1 })
entrySchema.index({ corrects: 1 })

const scoredSchema = new Schema<ScoredEventDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'points_scored_events' },
)

const correctionSchema = new Schema<LedgerCorrectionDoc>(
  { _id: { type: String, required: true }, correctionId: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'points_ledger_corrections' },
)

const cursorSchema = new Schema<ScoringCursorDoc>(
  { _id: { type: String, required: true }, scannedUntil: { type: Date, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'points_cursors' },
)

const appealSchema = new Schema<AppealDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    userName: { type: String, required: true },
    taskId: { type: String, required: true },
    taskNo: { type: String, default: '' },
    reason: { type: String, required: true },
    createdAt: { type: Date, required: true },
    decided: { type: Boolean },
  },
  { versionKey: false, collection: 'points_appeals' },
)
appealSchema.index({ decided: 1, createdAt: -1, _id: -1 })
appealSchema.index({ userId: 1, createdAt: -1, _id: -1 })
appealSchema.index({ createdAt: 1, _id: 1 })
appealSchema.index({ taskId: 1 })

const decisionSchema = new Schema<AppealDecisionDoc>(
  {
    _id: { type: String, required: true },
    decision: { type: String, required: true },
    note: { type: String, required: true },
    by: ref,
    at: { type: Date, required: true },
    correctionEntryId: { type: String, default: '' },
  },
  { versionKey: false, collection: 'points_appeal_decisions' },
)
decisionSchema.index({ at: 1, _id: 1 })

const appealNoteSchema = new Schema<AppealNoteDoc>(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    eventId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'points_appeal_notes' },
)

export function pointsModels(conn: Connection) {
  return {
    RuleVersion: conn.model<RuleVersionDoc>('RuleVersion', versionSchema),
    RuleDraft: conn.model<RuleDraftDoc>('RuleDraft', draftSchema),
    LedgerEntry: conn.model<LedgerEntryDoc>('LedgerEntry', entrySchema),
    ScoredEvent: conn.model<ScoredEventDoc>('ScoredEvent', scoredSchema),
    LedgerCorrection: conn.model<LedgerCorrectionDoc>('LedgerCorrection', correctionSchema),
    ScoringCursor: conn.model<ScoringCursorDoc>('ScoringCursor', cursorSchema),
    Appeal: conn.model<AppealDoc>('Appeal', appealSchema),
    AppealDecision: conn.model<AppealDecisionDoc>('AppealDecision', decisionSchema),
    AppealNote: conn.model<AppealNoteDoc>('AppealNote', appealNoteSchema),
  }
}
