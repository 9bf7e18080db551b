import type { AuditKind } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

/**
 * One line of the audit trail. `_id` names the record it is about (`person:<change id>`,
 * `settings:<version id>`, `reveal:<task event id>` …), so writing it twice — a retry, a backfill —
 * writes it once. Inserted right after the record it indexes and never changed; the record (the
 * person's history, a settings or rules version, the task's log) stays the authority.
 */
export interface AuditEntryDoc {
  _id: string
  at: Date
  kind: AuditKind
  actor: { id: string; name: string }
  subject: { type: string; id: string; label: string }
  summary: string
  fields: string[]
}

const actorSchema = new Schema({ id: { type: String, required: true }, name: { type: String, required: true } }, { _id: false })
const subjectSchema = new Schema(
  { type: { type: String, required: true }, id: { type: String, required: true }, label: { type: String, default: '' } },
  { _id: false },
)

const auditSchema = new Schema<AuditEntryDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    kind: { type: String, required: true },
    actor: { type: actorSchema, required: true },
    subject: { type: subjectSchema, required: true },
    summary: { type: String, required: true },
    fields: { type: [String], default: [] },
  },
  { versionKey: false, collection: 'audit_entries' },
)
auditSchema.index({ at: -1, _id: -1 })
auditSchema.index({ kind: 1, at: -1, _id: -1 })
auditSchema.index({ 'actor.id': 1, at: -1, _id: -1 })
auditSchema.index({ 'subject.id': 1, at: -1, _id: -1 })

export function auditModels(conn: Connection) {
  return { AuditEntry: conn.model<AuditEntryDoc>('AuditEntry', auditSchema) }
}
