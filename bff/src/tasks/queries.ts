/**
 * Reading tasks. Lists: one filter per view AND the caller's visibility AND their own filters (each
 * authorised in policy.ts), in the query itself; cursor pagination over a sort that ends with `_id`
 * (FerretDB sorts ties in arbitrary order otherwise). The lists that show finished work (mine, department,
 * all) merge archived tasks in past the archive horizon (archive-reads.ts). One task: its state and the
 * timeline the caller may see.
 */
import {
  CLAIM_MODES,
  RISK_COLOURS,
  type TaskCountsQuery,
  type TaskCountsView,
  type TaskEvent,
  type TaskListQuery,
  type TaskListView,
  type TaskSettings,
  type TaskState,
} from '@jqtb/shared'
import { decodeCursor, encodeCursor, escapeRegex } from '../infra/paging'
import type { AuthUser } from '../kernel/actor'
import { getTaskSettings } from '../settings/queries'
import { pageWithArchive } from './archive-reads'
import type { TaskDeps } from './log'
import { eventsUpTo, toState } from './log'
import type { TaskDoc } from './model'
import { assertVisible, canSeeEvent, territoryFilter, viewFilter, visibleFilter } from './policy'
import { loadTask } from './store'

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

const isCursorFor = (key: SortKey) => (c: Cursor) => c.k === key && typeof c.v === 'number' && typeof c.id === 'string' && c.id.length < 40

/**
 * The hall leaves out a task whose colour excludes its claim mode (a 抢单 task gone red, by the settings'
 * claimModesByRisk): it waits for 指派. Null when nothing is excluded, or for the other views.
 */
async function barredFromHall(deps: TaskDeps, view: TaskListView): Promise<Record<string, unknown> | null> {
  if (view !== 'hall') return null
  const settings: TaskSettings = await getTaskSettings(deps.db)
  const barred = RISK_COLOURS.map((c) => ({ riskColour: c, claimMode: { $in: CLAIM_MODES.filter((m) => !settings.claimModesByRisk[c].includes(m)) } })).filter(
    (f) => f.claimMode.$in.length,
  )
  return barred.length ? { $nor: barred } : null
}

/** The view's filter, the caller's visibility and their own filters: what a list shows and what its counts count. */
function listFilter(
  user: AuthUser,
  q: Omit<TaskListQuery, 'cursor' | 'limit'>,
  now: number,
  barred: Record<string, unknown> | null,
): Record<string, unknown>[] {
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
  if (barred) and.push(barred)
  return and
}

/** Lists whose sort (last change, newest first) lets archived tasks be merged in past the archive horizon. */
const HISTORY_VIEWS = new Set<TaskListView>(['mine', 'department', 'all'])

/** A list request as a database query: the filter (visibility, view, the caller's filters, the cursor) and the sort. */
export interface ListQuery {
  filter: Record<string, unknown>
  sort: Record<string, 1 | -1>
  /** can this list hold archived tasks (closed or cancelled ones, sorted by last change)? */
  history: boolean
}

/** Builds the query of a list request; throws the same refusals the list does. */
export function listQuery(user: AuthUser, q: TaskListQuery, now: number, barred: Record<string, unknown> | null = null): ListQuery {
  const and = listFilter(user, q, now, barred)
  const sort = SORTS[q.view]
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isCursorFor(sort.key))
    const beyond = sort.dir === -1 ? '$lt' : '$gt'
    and.push({ $or: [{ [sort.key]: { [beyond]: c.v } }, { [sort.key]: c.v, _id: { [beyond]: c.id } }] })
  }
  // the hall and the review queue hold open work only; an overdue task is not finished
  const terminal = !q.state?.length || q.state.some((s) => s === 'closed' || s === 'cancelled')
  const history = HISTORY_VIEWS.has(q.view) && terminal && !q.overdue
  return { filter: { $and: and }, sort: { [sort.key]: sort.dir, _id: sort.dir }, history }
}

export async function listTasks(deps: TaskDeps, user: AuthUser, q: TaskListQuery): Promise<{ items: TaskState[]; nextCursor: string | null }> {
  const query = listQuery(user, q, deps.clock.now().getTime(), await barredFromHall(deps, q.view))
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

/** One task for its page: the state and the events of its log the caller may see (403 if they may not see the task). */
export async function taskWithTimeline(deps: TaskDeps, user: AuthUser, taskId: string): Promise<{ task: TaskState; events: TaskEvent[] }> {
  const task = await loadTask(deps, taskId)
  assertVisible(task, user)
  const events = await eventsUpTo(deps, taskId, task.seq)
  return { task, events: events.filter((e) => canSeeEvent(e, user, task)) }
}

/**
 * `GET /api/tasks/counts`: the list's own filter, grouped — the numbers on a list page's chips and on the first
 * pages' 「待处理」 rows. `$group` with `$sum` only (docs/database.md: the portable aggregation subset). It counts
 * `tasks`: the live work and what finished within TASK_ARCHIVE_AFTER_DAYS, not the archive (docs/database.md#archive).
 */
export async function countTasks(deps: TaskDeps, user: AuthUser, q: TaskCountsQuery): Promise<TaskCountsView> {
  const and = listFilter(user, q, deps.clock.now().getTime(), await barredFromHall(deps, q.view))
  const rows = await deps.db.models.Task.aggregate<{ _id: string; n: number }>([{ $match: { $and: and } }, { $group: { _id: `$${q.by}`, n: { $sum: 1 } } }])
  const counts: Record<string, number> = {}
  for (const r of rows) if (r._id) counts[r._id] = r.n
  return { by: q.by, counts, total: rows.reduce((sum, r) => sum + r.n, 0) }
}
