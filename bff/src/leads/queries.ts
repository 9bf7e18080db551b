/**
 * The 研判 inbox and other lists of leads: the lead documents (a cache of the logs, rewritten by every
 * appender), filtered in the query, newest first with the cursor on (time, `_id`). A list is a scan on
 * the embedded database and an index read on MongoDB (model.ts).
 */
import { type LeadListQuery, recordKeysFor } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { escapeRegex } from '../intake/queries'
import type { LeadDoc } from './model'
import type { LeadDeps } from './store'

interface Cursor {
  v: number
  id: string
}
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url')
function decode(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor
    if (typeof c.v === 'number' && Number.isFinite(c.v) && typeof c.id === 'string' && c.id.length < 40) return c
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', { fields: [{ path: 'cursor', message: 'invalid cursor' }] })
}

/**
 * The leads holding a record whose number was typed (a case code, a 警情编号 …), whatever their state or
 * queue: a person looking a number up wants that lead, decided or not. Merged leads hold no records.
 */
export async function leadsByRecord(deps: LeadDeps, typed: string): Promise<LeadDoc[]> {
  const keys = recordKeysFor(typed)
  if (!keys.length) return []
  return deps.db.models.Lead.find({ sourceKeys: { $in: keys } })
    .sort({ updatedAt: -1, _id: -1 })
    .limit(10)
    .lean<LeadDoc[]>()
}

export async function listLeads(deps: LeadDeps, q: LeadListQuery): Promise<{ items: LeadDoc[]; nextCursor: string | null; byRecord?: true }> {
  if (q.q && !q.cursor) {
    const held = await leadsByRecord(deps, q.q)
    if (held.length) return { items: held, nextCursor: null, byRecord: true }
  }
  const sortKey = q.view === 'inbox' ? 'inboxAt' : 'updatedAt'
  const and: Record<string, unknown>[] = [
    q.view === 'inbox'
      ? { state: 'new' }
      : q.view === 'decided'
        ? { state: { $in: ['converted', 'attached', 'returned', 'transferred', 'refused', 'resolved'] } }
        : { state: { $ne: 'merged' } },
  ]
  if (q.riskColour) and.push({ riskColour: q.riskColour })
  if (q.channel) and.push({ channels: q.channel })
  if (q.repeat) and.push({ repeatCount30: { $gte: 2 } })
  if (q.police) and.push({ police: true })
  if (q.q) and.push({ $or: [{ title: { $regex: escapeRegex(q.q) } }, { _id: { $regex: escapeRegex(q.q), $options: 'i' } }] })
  if (q.cursor) {
    const c = decode(q.cursor)
    const key = sortKey === 'inboxAt' ? 'inboxAt' : 'updatedAt'
    const at = sortKey === 'inboxAt' ? new Date(c.v) : c.v
    and.push({ $or: [{ [key]: { $lt: at } }, { [key]: at, _id: { $lt: c.id } }] })
  }
  const docs = await deps.db.models.Lead.find({ $and: and })
    .sort({ [sortKey]: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean<LeadDoc[]>()
  const page = docs.slice(0, q.limit)
  const last = page.at(-1)
  const v = last ? (sortKey === 'inboxAt' ? new Date(last.inboxAt).getTime() : last.updatedAt) : 0
  return { items: page, nextCursor: docs.length > q.limit && last ? encode({ v, id: last._id }) : null }
}

export interface LeadCounts {
  /** 待研判 */
  inbox: number
  /** of those: red, repeats (≥ 2 in 30 days), police matters */
  red: number
  repeat: number
  police: number
  /** decided (converted, attached, returned, transferred, refused, resolved) */
  decided: number
}

/** The queues of the 研判 inbox with their counts (one count each; the leads collection is small). */
export async function leadCounts(deps: LeadDeps): Promise<LeadCounts> {
  const { Lead } = deps.db.models
  const [inbox, red, repeat, police, decided] = await Promise.all([
    Lead.countDocuments({ state: 'new' }),
    Lead.countDocuments({ state: 'new', riskColour: 'red' }),
    Lead.countDocuments({ state: 'new', repeatCount30: { $gte: 2 } }),
    Lead.countDocuments({ state: 'new', police: true }),
    Lead.countDocuments({ state: { $in: ['converted', 'attached', 'returned', 'transferred', 'refused', 'resolved'] } }),
  ])
  return { inbox, red, repeat, police, decided }
}
