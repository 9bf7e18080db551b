import type { TaskSettings } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/**
 * One version of a settings document. `_id` = `<name>:<version padded>`: saving version n+1 is an
 * insert, so two admins editing from the same version cannot both win (the second gets 409), and
 * every earlier version stays readable — the history is the audit trail.
 */
export interface SettingsVersionDoc {
  _id: string
  name: string
  version: number
  value: TaskSettings
  at: Date
  by: { id: string; name: string }
  note?: string
}

const settingsSchema = new Schema<SettingsVersionDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    version: { type: Number, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    by: { type: { id: String, name: String }, _id: false, required: true },
    note: { type: String },
  },
  { versionKey: false, collection: 'settings_versions', minimize: false },
)
settingsSchema.index({ name: 1, version: -1 })

export function settingsModels(conn: Connection) {
  return { SettingsVersion: conn.model<SettingsVersionDoc>('SettingsVersion', settingsSchema) }
}
