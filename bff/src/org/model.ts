import { type Connection, Schema } from 'mongoose'

/**
 * A DingTalk push we have processed: `_id` = `<nonce>:<signature>`. A second delivery of the same
 * signed push (a replay from a captured log, or the platform's retry after a lost answer) finds it
 * and is answered "success" without being applied again. Rows older than a day are purged.
 */
export interface CallbackReceiptDoc {
  _id: string
  eventType: string
  at: Date
}

const receiptSchema = new Schema<CallbackReceiptDoc>(
  {
    _id: { type: String, required: true },
    eventType: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'dingtalk_callback_receipts' },
)
receiptSchema.index({ at: 1 })

export function orgModels(conn: Connection) {
  return { CallbackReceipt: conn.model<CallbackReceiptDoc>('CallbackReceipt', receiptSchema) }
}
