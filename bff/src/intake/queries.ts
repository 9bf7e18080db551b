/**
 * Reading intake records: the list (newest first, cursor over `receivedAt` then `_id`, so ties never
 * reorder between pages) and one record with its versions. A list is a scan on the embedded database
 * and an index read on MongoDB (`receivedAt`, `channel`, `flags` indexes in model.ts).
 */
import type { RecordListQuery } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import type { IntakeDeps } from './ingest'
import { readSource, type SourceState } from './ingest'
import type { IntakeSourceDoc } from './model'

interface Cursor {
  v: number
  id: string
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url')

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor
    if (typeof c.v === 'number' && Number.isFinite(c.v) && typeof c.id === 'string' && c.id.length <= 120) return c
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', { fields: [{ path: 'cursor', message: 'invalid cursor' }] })
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export async function listSources(deps: IntakeDeps, q: RecordListQuery): Promise<{ items: IntakeSourceDoc[]; nextCursor: string | null }> {
  const and: Record<string, unknown>[] = []
  if (q.channel) and.push({ channel: q.channel })
  if (q.flag) and.push({ flags: q.flag })
  if (q.q) {
    const pattern = escapeRegex(q.q)
    and.push({
      $or: [
        { sourceId: { $regex: pattern, $options: 'i' } },
        { 'first.record.title': { $regex: pattern } },
        { 'first.record.address': { $regex: pattern } },
        { 'latest.record.title': { $regex: pattern } },
      ],
    })
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor)
    and.push({ $or: [{ receivedAt: { $lt: new Date(c.v) } }, { receivedAt: new Date(c.v), _id: { $lt: c.id } }] })
  }
  const docs = await deps.db.models.IntakeSource.find(and.length ? { $and: and } : {})
    .sort({ receivedAt: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean<IntakeSourceDoc[]>()
  const page = docs.slice(0, q.limit)
  const last = page.at(-1)
  return { items: page, nextCursor: docs.length > q.limit && last ? encodeCursor({ v: last.receivedAt.getTime(), id: last._id }) : null }
}

export async function getSource(deps: IntakeDeps, key: string): Promise<SourceState> {
  const state = await readSource(deps, key, { allVersions: true })
  if (!state) throw new AppError('NOT_FOUND', '这条渠道记录不存在')
  return state
}
