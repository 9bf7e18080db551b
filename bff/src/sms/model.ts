import { type Connection, Schema } from 'mongoose'

/**
 * One queued SMS. `_id` is the caller's idempotency key: asking twice queues once. The number is kept
 * only encrypted (kernel/phone.ts), with its mask for display. `status`, `attempts`, `nextAttemptAt`,
 * `lastError` are a cache the worker keeps for finding due work; the truth is the attempt log and the
 * send record (docs/sms.md).
 */
export interface SmsOutboxDoc {
  _id: string
  phoneEnc: string
  phoneMasked: string
  template: string
  data: Record<string, string>
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAt: Date
  createdAt: Date
  updatedAt: Date
  lastError?: string
  sentAt?: Date
}

const outboxSchema = new Schema<SmsOutboxDoc>(
  {
    _id: { type: String, required: true },
    phoneEnc: { type: String, required: true },
    phoneMasked: { type: String, required: true },
    template: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: ['pending', 'sent', 'failed'], required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastError: { type: String },
    sentAt: { type: Date },
  },
  { versionKey: false, collection: 'sms_outbox', minimize: false },
)
outboxSchema.index({ status: 1, nextAttemptAt: 1, _id: 1 })

/** Attempt n of an entry, `_id` = `<key>#<n, 4 digits>`: inserting it is the lease (one worker wins). */
export interface SmsAttemptDoc {
  _id: string
  smsId: string
  n: number
  owner: string
  startedAt: Date
  leaseUntil: Date
  outcome?: 'sent' | 'retry' | 'failed'
  error?: string
  nextAttemptAt?: Date
  finishedAt?: Date
}

const attemptSchema = new Schema<SmsAttemptDoc>(
  {
    _id: { type: String, required: true },
    smsId: { type: String, required: true },
    n: { type: Number, required: true },
    owner: { type: String, required: true },
    startedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    outcome: { type: String, enum: ['sent', 'retry', 'failed'] },
    error: { type: String },
    nextAttemptAt: { type: Date },
    finishedAt: { type: Date },
  },
  { versionKey: false, collection: 'sms_attempts' },
)
attemptSchema.index({ smsId: 1, n: 1 })

/**
 * The provider side of one entry, `_id` = the entry's key: written before the provider is called and
 * marked `accepted` after. An accepted send is never sent again. A send left in `sending` whose last
 * try may have gone through (timeout, 5xx, lost answer) is looked up by its `outId` in the provider's
 * records before anything is sent again. Only the lease holder writes it.
 */
export interface SmsSendDoc {
  _id: string
  /** echoed by the provider in its records: finds a send whose answer was lost */
  outId: string
  provider: string
  state: 'sending' | 'accepted'
  bizId?: string
  tries: number
  startedAt: Date
  /** China-time day of the first try (YYYYMMDD): the provider files records by day */
  day: string
  acceptedAt?: Date
  lastError?: string
  /** the last try was refused by the provider's answer (so it certainly did not go through) */
  lastTryRefused?: boolean
  /** days (YYYYMMDD) of tries whose answer was lost: looked up in the provider's records before a resend */
  uncertainDays: string[]
  /** the carrier's delivery receipt */
  receipt?: { status: 'waiting' | 'delivered' | 'failed'; errCode?: string; at?: Date; checkedAt: Date }
}

const sendSchema = new Schema<SmsSendDoc>(
  {
    _id: { type: String, required: true },
    outId: { type: String, required: true },
    provider: { type: String, required: true },
    state: { type: String, enum: ['sending', 'accepted'], required: true },
    bizId: { type: String },
    tries: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    day: { type: String, required: true },
    acceptedAt: { type: Date },
    lastError: { type: String },
    lastTryRefused: { type: Boolean },
    uncertainDays: { type: [String], default: [] },
    receipt: {
      type: { status: { type: String, enum: ['waiting', 'delivered', 'failed'] }, errCode: String, at: Date, checkedAt: Date },
      _id: false,
    },
  },
  { versionKey: false, collection: 'sms_sends' },
)
sendSchema.index({ state: 1, acceptedAt: 1, _id: 1 })

export function smsModels(conn: Connection) {
  return {
    SmsOutbox: conn.model<SmsOutboxDoc>('SmsOutbox', outboxSchema),
    SmsAttempt: conn.model<SmsAttemptDoc>('SmsAttempt', attemptSchema),
    SmsSend: conn.model<SmsSendDoc>('SmsSend', sendSchema),
  }
}
