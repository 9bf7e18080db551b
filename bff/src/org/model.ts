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

/**
 * One run of the address-book sync, kept so the admin's 「通讯录新成员」 page can offer its newcomers
 * without reading the whole address book again. Insert-only; runs older than 90 days are purged.
 */
export interface OrgSyncRunDoc {
  _id: string
  provider: string
  at: Date
  by: { id: string; name: string }
  /** the OrgSyncReport as answered */
  report: Record<string, unknown>
}

const syncRunSchema = new Schema<OrgSyncRunDoc>(
  {
    _id: { type: String, required: true },
    provider: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: { id: String, name: String }, _id: false, required: true },
    report: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, collection: 'org_sync_runs', minimize: false },
)
syncRunSchema.index({ at: -1, _id: -1 })

export function orgModels(conn: Connection) {
  return {
    CallbackReceipt: conn.model<CallbackReceiptDoc>('CallbackReceipt', receiptSchema),
    OrgSyncRun: conn.model<OrgSyncRunDoc>('OrgSyncRun', syncRunSchema),
  }
}
