import { AUDIT_KIND_LABELS, type AuditEntryView } from '@jqtb/shared'
import type { AuditEntryDoc } from './model'

export function presentAuditEntry(e: AuditEntryDoc): AuditEntryView {
  return {
    id: e._id,
    at: new Date(e.at).toISOString(),
    kind: e.kind,
    kindLabel: AUDIT_KIND_LABELS[e.kind] ?? e.kind,
    actor: { id: e.actor.id, name: e.actor.name },
    subject: { type: e.subject.type, id: e.subject.id, label: e.subject.label },
    summary: e.summary,
    fields: e.fields ?? [],
  }
}
