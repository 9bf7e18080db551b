import { type Connection, Schema } from 'mongoose'

/**
 * One queued work notification. `_id` is the caller's idempotency key, so asking twice queues once.
 * `status`, `attempts`, `nextAttemptAt`, `lastError` are a projection the worker keeps for finding due
 * work; the truth is the append-only attempt log (`outbox_attempts`), see worker.ts.
 */
export interface OutboxDoc {
  _id: string
  recipients: string[]
  template: string
  data: Record<string, string | number>
  /** mini-app page the message links to, e.g. `pages/task/index?id=…` */
  page?: string
  /** what it is about (a task id), for the declaring domain's relevance check */
  subject?: string
  /** `dropped`: its moment passed before it could be sent (the task moved on); `droppedReason` says how */
  status: 'pending' | 'sent' | 'failed' | 'dropped'
  attempts: number
  nextAttemptAt: Date
  createdAt: Date
  updatedAt: Date
  lastError?: string
  droppedReason?: string
  sentAt?: Date
  /** our user ids that could not be reached (no platform account, deactivated), with why */
  unreachable?: Array<{ userId: string; reason: string }>
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    recipients: { type: [String], default: [] },
    template: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    page: { type: String },
    subject: { type: String },
    status: { type: String, enum: ['pending', 'sent', 'failed', 'dropped'], required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastError: { type: String },
    droppedReason: { type: String },
    sentAt: { type: Date },
    unreachable: { type: [{ userId: String, reason: String }], default: undefined, _id: false },
  },
  { versionKey: false, collection: 'outbox', minimize: false },
)
outboxSchema.index({ status: 1, nextAttemptAt: 1, _id: 1 })

/**
 * One attempt at sending an outbox entry, `_id` = `<outboxId>#<n>`. Inserting attempt n is the lease:
 * exactly one worker wins it (unique `_id`, docs/database.md#outbox-leases). Only that worker writes the outcome.
 */
export interface OutboxAttemptDoc {
  _id: string
  outboxId: string
  n: number
  owner: string
  startedAt: Date
  /** after this, a worker may take over (the owner is presumed crashed) */
  leaseUntil: Date
  outcome?: 'sent' | 'retry' | 'failed' | 'dropped'
  error?: string
  /** for `retry`: not before */
  nextAttemptAt?: Date
  finishedAt?: Date
}

const attemptSchema = new Schema<OutboxAttemptDoc>(
  {
    _id: { type: String, required: true },
    outboxId: { type: String, required: true },
    n: { type: Number, required: true },
    owner: { type: String, required: true },
    startedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    outcome: { type: String, enum: ['sent', 'retry', 'failed', 'dropped'] },
    error: { type: String },
    nextAttemptAt: { type: Date },
    finishedAt: { type: Date },
  },
  { versionKey: false, collection: 'outbox_attempts' },
)
attemptSchema.index({ outboxId: 1, n: 1 })

/**
 * Who gets an entry, resolved once (insert-once, `_id` = outbox id) so every attempt sends the same
 * chunks to the same platform ids, whatever changes in the directory meanwhile.
 */
export interface OutboxPlanDoc {
  _id: string
  provider: string
  chunks: Array<{ index: number; recipients: string[] }>
  unreachable: Array<{ userId: string; reason: string }>
  createdAt: Date
}

const planSchema = new Schema<OutboxPlanDoc>(
  {
    _id: { type: String, required: true },
    provider: { type: String, required: true },
    chunks: { type: [{ index: Number, recipients: [String] }], default: [], _id: false },
    unreachable: { type: [{ userId: String, reason: String }], default: [], _id: false },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'outbox_plans' },
)

/**
 * The send-attempt record of one chunk, `_id` = `<outboxId>#c<chunk>`, written before the platform is
 * called and marked `accepted` after. A chunk already accepted is never sent again; a chunk left in
 * `sending` (crash, timeout, lost answer) is sent again with identical content and the same bizMsgId,
 * which both platforms deduplicate (DingTalk: same content to the same user on the same day; 浙政钉: bizMsgId).
 * DingTalk's dedup ends at midnight China time, so a DingTalk chunk whose last try may have got through
 * is not resent on a later day (see delivery.ts).
 */
export interface OutboxSendDoc {
  _id: string
  outboxId: string
  chunk: number
  provider: string
  bizMsgId: string
  state: 'sending' | 'accepted'
  /** DingTalk task_id / 浙政钉 msgId */
  taskId?: string
  tries: number
  startedAt: Date
  acceptedAt?: Date
  lastError?: string
  /** the last try was refused by the platform's answer (so it certainly did not get through) */
  lastTryRefused?: boolean
  /** DingTalk getsendresult, when checked after an interrupted attempt */
  delivery?: { read: number; unread: number; forbidden: number; invalid: number; failed: number; checkedAt: Date }
}

const sendSchema = new Schema<OutboxSendDoc>(
  {
    _id: { type: String, required: true },
    outboxId: { type: String, required: true },
    chunk: { type: Number, required: true },
    provider: { type: String, required: true },
    bizMsgId: { type: String, required: true },
    state: { type: String, enum: ['sending', 'accepted'], required: true },
    taskId: { type: String },
    tries: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    acceptedAt: { type: Date },
    lastError: { type: String },
    lastTryRefused: { type: Boolean },
    delivery: { type: { read: Number, unread: Number, forbidden: Number, invalid: Number, failed: Number, checkedAt: Date }, _id: false },
  },
  { versionKey: false, collection: 'outbox_sends' },
)
sendSchema.index({ outboxId: 1, chunk: 1 })

export function notificationModels(conn: Connection) {
  return {
    Outbox: conn.model<OutboxDoc>('Outbox', outboxSchema),
    OutboxAttempt: conn.model<OutboxAttemptDoc>('OutboxAttempt', attemptSchema),
    OutboxPlan: conn.model<OutboxPlanDoc>('OutboxPlan', planSchema),
    OutboxSend: conn.model<OutboxSendDoc>('OutboxSend', sendSchema),
  }
}
