import type { FeedbackRecord, LeadEventType, LeadState } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/** One entry of a lead's log, `_id` = `<leadId>:<seq, 6 digits>` (the task-event design: the insert decides). */
export interface LeadEventDoc {
  _id: string
  leadId: string
  seq: number
  type: LeadEventType
  at: Date
  actor: { id: string; name: string }
  data: Record<string, unknown>
}

/**
 * A lead as its events fold to, plus what the inbox lists and filters by (a cache, rewritten by each
 * appender and by readers that find it behind its log).
 */
export interface LeadDoc extends Omit<LeadState, 'id'> {
  _id: string
  /** when the incident happened (its first record) and when its last record came */
  firstAt: Date
  lastAt: Date
  channels: string[]
  title: string
  micro: string
  community: string
  categoryCode: string
  family: string
  police: boolean
  /** the suggestion's confidence (0–1) and risk colour, for sorting and filtering the inbox */
  confidence: number
  riskColour: string
  repeatCount30: number
  inboxAt: Date
}

/**
 * A match key of a record, `_id` = `<kind>:<hash>:<yyyymm>:<n, 3 digits>`: insert-only buckets read by
 * `_id` over the months of a window, so finding the earlier records of the same phone, ID or door costs
 * a few point reads however long the history (docs/intake.md#leads).
 */
export interface LeadKeyDoc {
  _id: string
  kind: 'phone' | 'id' | 'address'
  hash: string
  month: string
  n: number
  sourceKey: string
  /** the lead the record joined at the time (a later split or merge is followed through the member log) */
  leadId: string
  at: Date
  dateOnly: boolean
  family: string
  createdAt: Date
}

/** Which lead a record belongs to, `_id` = `<sourceKey>#<generation, 4 digits>`: 1 on linking, +1 per split or merge. */
export interface LeadMemberDoc {
  _id: string
  sourceKey: string
  gen: number
  leadId: string
  at: Date
  by: string
}

/**
 * An incident slot of a key, `_id` = `<kind>:<hash>:<grid>:<slot>`: a new lead claims the slots of its
 * keys, so two records of one incident arriving at the same moment on two instances meet here and end
 * in one lead (the loser joins the winner's).
 */
export interface LeadClaimDoc {
  _id: string
  leadId: string
  sourceKey: string
  at: Date
}

/** The one conversion of a lead, `_id` = the lead id: of two people converting at once, one converts. */
export interface LeadConversionDoc {
  _id: string
  by: { id: string; name: string }
  requestId: string
  auto: boolean
  at: Date
}

/**
 * Feedback to a source channel (非警务警情流转闭环), `_id` = `<sourceKey>|<cause>` (shared/src/intake/feedback.ts):
 * inserted once per record and move; `status`/`attempts`/`nextAttemptAt` are a cache of its attempts.
 */
export interface LeadFeedbackDoc {
  _id: string
  channel: string
  record: FeedbackRecord
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAt: Date
  lastError?: string
  sentAt?: Date
  createdAt: Date
}

/** One try at sending a feedback, `_id` = `<feedbackId>#<n, 4 digits>`: inserting it is the lease (the outbox's design). */
export interface LeadFeedbackAttemptDoc {
  _id: string
  feedbackId: string
  n: number
  worker: string
  at: Date
  leaseUntil: Date
  outcome?: 'sent' | 'retry' | 'failed'
  error?: string
  nextAttemptAt?: Date
}

const mixed = { type: Schema.Types.Mixed }
const opts = (collection: string) => ({ versionKey: false as const, collection, minimize: false })

const eventSchema = new Schema<LeadEventDoc>(
  {
    _id: { type: String, required: true },
    leadId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { ...mixed, required: true },
    data: { ...mixed, default: {} },
  },
  opts('lead_events'),
)
eventSchema.index({ at: 1, _id: 1 })

/** Which leads had events lately: `<leadId>:<10-minute slot>` (touches.ts). */
export interface LeadTouchDoc {
  _id: string
  leadId: string
  at: Date
}
const touchSchema = new Schema<LeadTouchDoc>(
  { _id: { type: String, required: true }, leadId: { type: String, required: true }, at: { type: Date, required: true } },
  opts('lead_touches'),
)
touchSchema.index({ at: 1, _id: 1 })

const leadSchema = new Schema<LeadDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true }, state: { type: String, required: true } },
  { ...opts('leads'), strict: false },
)
leadSchema.index({ state: 1, inboxAt: -1, _id: -1 })
leadSchema.index({ community: 1, inboxAt: -1, _id: -1 })
// looking a lead up by one of its records' numbers (研判 search)
leadSchema.index({ sourceKeys: 1, updatedAt: -1, _id: -1 })

const keySchema = new Schema<LeadKeyDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    hash: { type: String, required: true },
    month: { type: String, required: true },
    n: { type: Number, required: true },
    sourceKey: { type: String, required: true },
    leadId: { type: String, required: true },
    at: { type: Date, required: true },
    dateOnly: { type: Boolean, default: false },
    family: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  opts('lead_keys'),
)

const memberSchema = new Schema<LeadMemberDoc>(
  {
    _id: { type: String, required: true },
    sourceKey: { type: String, required: true },
    gen: { type: Number, required: true },
    leadId: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  opts('lead_members'),
)

const claimSchema = new Schema<LeadClaimDoc>(
  {
    _id: { type: String, required: true },
    leadId: { type: String, required: true },
    sourceKey: { type: String, required: true },
    at: { type: Date, required: true },
  },
  opts('lead_claims'),
)
claimSchema.index({ at: 1 })

const conversionSchema = new Schema<LeadConversionDoc>(
  {
    _id: { type: String, required: true },
    by: { ...mixed, required: true },
    requestId: { type: String, required: true },
    auto: { type: Boolean, default: false },
    at: { type: Date, required: true },
  },
  opts('lead_conversions'),
)

const feedbackSchema = new Schema<LeadFeedbackDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    record: { ...mixed, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: String,
    sentAt: Date,
    createdAt: { type: Date, required: true },
  },
  opts('lead_feedback'),
)
feedbackSchema.index({ status: 1, nextAttemptAt: 1, _id: 1 })

const feedbackAttemptSchema = new Schema<LeadFeedbackAttemptDoc>(
  {
    _id: { type: String, required: true },
    feedbackId: { type: String, required: true },
    n: { type: Number, required: true },
    worker: { type: String, required: true },
    at: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    outcome: String,
    error: String,
    nextAttemptAt: Date,
  },
  opts('lead_feedback_attempts'),
)

export function leadModels(conn: Connection) {
  return {
    LeadEvent: conn.model<LeadEventDoc>('LeadEvent', eventSchema),
    LeadTouch: conn.model<LeadTouchDoc>('LeadTouch', touchSchema),
    Lead: conn.model<LeadDoc>('Lead', leadSchema),
    LeadKey: conn.model<LeadKeyDoc>('LeadKey', keySchema),
    LeadMember: conn.model<LeadMemberDoc>('LeadMember', memberSchema),
    LeadClaim: conn.model<LeadClaimDoc>('LeadClaim', claimSchema),
    LeadConversion: conn.model<LeadConversionDoc>('LeadConversion', conversionSchema),
    LeadFeedback: conn.model<LeadFeedbackDoc>('LeadFeedback', feedbackSchema),
    LeadFeedbackAttempt: conn.model<LeadFeedbackAttemptDoc>('LeadFeedbackAttempt', feedbackAttemptSchema),
  }
}
