import type { AuditKind } from './kinds'

export interface AuditEntryView {
  id: string
  at: string
  kind: AuditKind
  kindLabel: string
  actor: { id: string; name: string }
  subject: { type: string; id: string; label: string }
  /** one sentence in Chinese: what happened (phone numbers never in full) */
  summary: string
  /** names of the fields that changed, in Chinese */
  fields: string[]
}

export interface AuditListView {
  items: AuditEntryView[]
  nextCursor: string | null
}
