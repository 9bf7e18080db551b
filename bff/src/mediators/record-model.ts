/**
 * The collections of mediation records: sessions, outcomes, the agreement's signed scans, 司法确认, and
 * the members' outcome rows and ratings their computed records are folded from (insert-only, each keyed
 * by what it records; docs/mediators.md#mediation-records).
 */
import type { Guidance, MediationOutcome, PartyRef, Ref, TaskCategory } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

const mixed = Schema.Types.Mixed

/** A session, `_id` = `<teamId>:<requestId>` (a retried form records it once). */
export interface SessionDoc {
  _id: string
  teamId: string
  taskId: string
  at: Date
  place: string
  attendees: string[]
  summary: string
  nextStep?: string
  by: Ref
  recordedAt: Date
}
const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    taskId: { type: String, required: true },
    at: { type: Date, required: true },
    place: { type: String, required: true },
    attendees: { type: [String], default: [] },
    summary: { type: String, required: true },
    nextStep: { type: String },
    by: { type: mixed, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediation_sessions' },
)
sessionSchema.index({ teamId: 1, at: 1, _id: 1 })

/** The outcome of a team's mediation, `_id` = teamId: one per team, the first recorded wins. */
export interface OutcomeDoc {
  _id: string
  taskId: string
  taskNo: string
  outcome: MediationOutcome
  facts: string
  terms: string[]
  performance?: string
  guidedTo: Guidance[]
  note?: string
  organisation: string
  parties: PartyRef[]
  memberIds: string[]
  memberNames: string[]
  sessions: number
  startedAt: Date
  recordedAt: Date
  durationMs: number
  category: TaskCategory
  riskColour: string
  territory: string
  by: Ref
}
const outcomeSchema = new Schema<OutcomeDoc>(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    taskNo: { type: String, required: true },
    outcome: { type: String, required: true },
    facts: { type: String, required: true },
    terms: { type: [String], default: [] },
    performance: { type: String },
    guidedTo: { type: [String], default: [] },
    note: { type: String },
    organisation: { type: String, required: true },
    parties: { type: mixed, default: [] },
    memberIds: { type: [String], default: [] },
    memberNames: { type: [String], default: [] },
    sessions: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    durationMs: { type: Number, required: true },
    category: { type: String, required: true },
    riskColour: { type: String, required: true },
    territory: { type: String, required: true },
    by: { type: mixed, required: true },
  },
  { versionKey: false, collection: 'mediation_outcomes', minimize: false },
)
outcomeSchema.index({ recordedAt: -1, _id: 1 })

/** A signed scan page of the agreement, `_id` = `<teamId>:<fileId>`. */
export interface ScanDoc {
  _id: string
  teamId: string
  fileId: string
  by: Ref
  at: Date
}
const scanSchema = new Schema<ScanDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    fileId: { type: String, required: true },
    by: { type: mixed },
    at: { type: Date },
  },
  { versionKey: false, collection: 'mediation_scans' },
)
scanSchema.index({ teamId: 1, at: 1, _id: 1 })

/** 司法确认 marked, `_id` = teamId (once). */
export interface ConfirmationDoc {
  _id: string
  court: string
  note?: string
  by: Ref
  at: Date
}
const confirmationSchema = new Schema<ConfirmationDoc>(
  { _id: { type: String, required: true }, court: { type: String, required: true }, note: { type: String }, by: { type: mixed }, at: { type: Date } },
  { versionKey: false, collection: 'mediation_confirmations' },
)
/** A member's part in an outcome, `_id` = `<teamId>:<mediatorId>` (insert-only; stats are folded from these). */
export interface OutcomeRowDoc {
  _id: string
  mediatorId: string
  teamId: string
  outcome: MediationOutcome
  durationMs: number
  at: Date
}
const outcomeRowSchema = new Schema<OutcomeRowDoc>(
  {
    _id: { type: String, required: true },
    mediatorId: { type: String, required: true },
    teamId: { type: String, required: true },
    outcome: { type: String, required: true },
    durationMs: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediator_outcome_rows' },
)
outcomeRowSchema.index({ mediatorId: 1 })
outcomeRowSchema.index({ at: -1 })

/** A rating of a mediator, `_id` = `<source>:<what it rates>:<mediatorId>` (insert-only). */
export interface RatingDoc {
  _id: string
  mediatorId: string
  source: 'review' | 'citizen'
  rating: number
  taskId: string
  at: Date
}
const ratingSchema = new Schema<RatingDoc>(
  {
    _id: { type: String, required: true },
    mediatorId: { type: String, required: true },
    source: { type: String, required: true },
    rating: { type: Number, required: true },
    taskId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mediator_ratings' },
)
ratingSchema.index({ mediatorId: 1 })
ratingSchema.index({ at: -1 })

/** A mediator's computed record (cache of the rows above; `_id` = mediatorId). */
export interface StatsDoc {
  _id: string
  done: number
  success: number
  partial: number
  failed: number
  totalDurationMs: number
  ratingSum: number
  ratingCount: number
  at: Date
}
const statsSchema = new Schema<StatsDoc>(
  {
    _id: { type: String, required: true },
    done: Number,
    success: Number,
    partial: Number,
    failed: Number,
    totalDurationMs: Number,
    ratingSum: Number,
    ratingCount: Number,
    at: Date,
  },
  { versionKey: false, collection: 'mediator_stats' },
)

export function recordModels(conn: Connection) {
  return {
    MediationSession: conn.model<SessionDoc>('MediationSession', sessionSchema),
    MediationOutcome: conn.model<OutcomeDoc>('MediationOutcome', outcomeSchema),
    MediationScan: conn.model<ScanDoc>('MediationScan', scanSchema),
    MediationConfirmation: conn.model<ConfirmationDoc>('MediationConfirmation', confirmationSchema),
    MediatorOutcomeRow: conn.model<OutcomeRowDoc>('MediatorOutcomeRow', outcomeRowSchema),
    MediatorRating: conn.model<RatingDoc>('MediatorRating', ratingSchema),
    MediatorStats: conn.model<StatsDoc>('MediatorStats', statsSchema),
  }
}
