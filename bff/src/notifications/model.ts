import { type Connection, Schema } from 'mongoose'

/**
 * One queued work notification. `_id` is the caller's idempotency key, so asking twice queues once.
 * The sending worker (notifications/worker.ts) delivers it through the DingTalk gateway.
 */
export interface OutboxDoc {
  _id: string
  recipients: string[]
  template: string
  data: Record<string, string | number>
  /** mini-app page the message links to, e.g. `pages/task/index?id=…` */
  page?: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAt: Date
  createdAt: Date
  updatedAt: Date
  lastError?: string
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    recipients: { type: [String], default: [] },
    template: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    page: { type: String },
    status: { type: String, enum: ['pending', 'sent', 'failed'], required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastError: { type: String },
  },
  { versionKey: false, collection: 'outbox', minimize: false },
)
outboxSchema.index({ status: 1, nextAttemptAt: 1, _id: 1 })

export function notificationModels(conn: Connection) {
  return { Outbox: conn.model<OutboxDoc>('Outbox', outboxSchema) }
}
