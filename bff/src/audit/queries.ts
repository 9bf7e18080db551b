import { AUDIT_GROUPS, type AuditListQuery, type AuditListView } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { AppError } from '../infra/errors'
import { decodeCursor, encodeCursor } from '../infra/paging'
import type { AuditEntryDoc } from './model'
import { presentAuditEntry } from './presenter'

const CHINA_OFFSET_MS = 8 * 3_600_000
/** 00:00 China time of a YYYY-MM-DD day, as an instant. */
const chinaDayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS)

interface Cursor {
  at: number
  id: string
}
const isCursor = (c: Cursor) => typeof c?.at === 'number' && typeof c?.id === 'string'

/** The trail, newest first, filtered by group or kind, actor, subject and China-time days. */
export async function listAudit(deps: { db: Db }, q: AuditListQuery): Promise<AuditListView> {
  const and: Record<string, unknown>[] = []
  if (q.group) and.push({ kind: { $in: [...AUDIT_GROUPS[q.group]] } })
  if (q.kind) and.push({ kind: q.kind })
  if (q.actor) and.push({ 'actor.id': q.actor })
  if (q.subject) and.push({ 'subject.id': q.subject })
  if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', { fields: [{ path: 'from', message: 'after to' }] })
  if (q.from) and.push({ at: { $gte: chinaDayStart(q.from) } })
  if (q.to) and.push({ at: { $lt: new Date(chinaDayStart(q.to).getTime() + 86_400_000) } })
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isCursor)
    and.push({ $or: [{ at: { $lt: new Date(c.at) } }, { at: new Date(c.at), _id: { $lt: c.id } }] })
  }
  const docs = await deps.db.models.AuditEntry.find(and.length ? { $and: and } : {})
    .sort({ at: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean<AuditEntryDoc[]>()
  const page = docs.slice(0, q.limit)
  const last = page.at(-1)
  return {
    items: page.map(presentAuditEntry),
    nextCursor: docs.length > q.limit && last ? encodeCursor({ at: new Date(last.at).getTime(), id: last._id }) : null,
  }
}
