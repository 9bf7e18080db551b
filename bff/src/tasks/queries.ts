/**
 * Task lists: one filter per view AND the caller's visibility AND their own filters (each authorised
 * in policy.ts), in the query itself; cursor pagination over a sort that ends with `_id` (FerretDB
 * sorts ties in arbitrary order otherwise). The lists that show finished work (mine, department, all)
 * merge archived tasks in past the archive horizon (archive-reads.ts).
 */
import type { TaskListQuery, TaskListView, TaskState } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { pageWithArchive } from './archive-reads'
import type { TaskDeps } from './log'
import { toState } from './log'
import type { TaskDoc } from './model'
import { territoryFilter, viewFilter, visibleFilter } from './policy'

type SortKey = 'publishedAt' | 'submittedAt' | 'updatedAt'
const SORTS: Record<TaskListView, { key: SortKey; dir: 1 | -1 }> = {
  hall: { key: 'publishedAt', dir: -1 },
  review: { key: 'submittedAt', dir: 1 },
  mine: { key: 'updatedAt', dir: -1 },
  department: { key: 'updatedAt', dir: -1 },
  all: { key: 'updatedAt', dir: -1 },
}

interface Cursor {
  k: SortKey
  v: number
  id: string
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url')

function decodeCursor(raw: string, key: SortKey): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor
    if (c.k === key && typeof c.v === 'number' && typeof c.id === 'string' && c.id.length < 40) return c
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', { fields: [{ path: 'cursor', message: 'invalid cursor' }] })
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Lists whose sort (last change, newest first) lets archived tasks be merged in past the archive horizon. */
const HISTORY_VIEWS = new Set<TaskListView>(['mine', 'department', 'all'])

/** A list request as a database query: the filter (visibility, view, the caller's filters, the cursor) and the sort. */
export interface ListQuery {
  filter: Record<string, unknown>
  sort: Record<string, 1 | -1>
  /** can this list hold archived tasks (closed or cancelled ones, sorted by last change)? */
  history: boolean
}

/** Builds the query of a list request; throws the same refusals the list does. The index test builds every hot query here. */
export function listQuery(user: AuthUser, q: TaskListQuery, now: number): ListQuery {
  const and: Record<string, unknown>[] = [visibleFilter(user), viewFilter(q.view, user, now)]
  if (q.state?.length) and.push({ state: { $in: q.state } })
  if (q.category?.length) and.push({ category: { $in: q.category } })
  if (q.tier) and.push({ tier: q.tier })
  if (q.riskColour?.length) and.push({ riskColour: { $in: q.riskColour } })
  if (q.territory) and.push(territoryFilter(user, q.territory))
  if (q.q) {
    const pattern = escapeRegex(q.q)
    and.push({ $or: [{ title: { $regex: pattern } }, { taskNo: { $regex: pattern, $options: 'i' } }] })
  }
  if (q.overdue) and.push({ overdueFrom: { $lt: now } })
  const sort = SORTS[q.view]
  if (q.cursor) {
    const c = decodeCursor(q.cursor, sort.key)
    const beyond = sort.dir === -1 ? '$lt' : '$gt'
    and.push({ $or: [{ [sort.key]: { [beyond]: c.v } }, { [sort.key]: c.v, _id: { [beyond]: c.id } }] })
  }
  // the hall and the review queue hold open work only; an overdue task is not finished
  const terminal = !q.state?.length || q.state.some((s) => s === 'closed' || s === 'cancelled')
  const history = HISTORY_VIEWS.has(q.view) && terminal && !q.overdue
  return { filter: { $and: and }, sort: { [sort.key]: sort.dir, _id: sort.dir }, history }
}

export async function listTasks(deps: TaskDeps, user: AuthUser, q: TaskListQuery): Promise<{ items: TaskState[]; nextCursor: string | null }> {
  const query = listQuery(user, q, deps.clock.now().getTime())
  const docs = query.history
    ? await pageWithArchive(deps, query.filter, q.limit)
    : await deps.db.models.Task.find(query.filter)
        .sort(query.sort)
        .limit(q.limit + 1)
        .lean<TaskDoc[]>()
  const key = SORTS[q.view].key
  const page = docs.slice(0, q.limit)
  const last = page.at(-1)
  const nextCursor = docs.length > q.limit && last ? encodeCursor({ k: key, v: last[key] as number, id: last._id }) : null
  return { items: page.map(toState), nextCursor }
}
