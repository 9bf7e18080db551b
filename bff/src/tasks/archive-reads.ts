/**
 * Reading the archive (docs/database.md#archive): the history lists merge archived tasks into their
 * pages, and event scans over old periods read the archived logs too. The horizon makes this
 * cheap: every archived projection has `updatedAt` before it and every archived event an `at`
 * before it (the archive job moves nothing younger, and its first pass after a start brings back
 * what a raised TASK_ARCHIVE_AFTER_DAYS no longer allows), so a page or a range that ends after the
 * horizon is answered from the hot collections alone.
 */
import type { TaskEventType } from '@jqtb/shared'
import type { TaskDeps } from './log'
import type { ArchivedTaskDoc, TaskDoc, TaskEventDoc } from './model'

type ArchiveDeps = Pick<TaskDeps, 'db' | 'clock' | 'archiveAfterMs'>

export const DAY_MS = 86_400_000
export const DEFAULT_ARCHIVE_AFTER_DAYS = 180

/** Everything archived is older than this (epoch ms). */
export function archiveHorizon(deps: ArchiveDeps): number {
  return deps.clock.now().getTime() - (deps.archiveAfterMs ?? DEFAULT_ARCHIVE_AFTER_DAYS * DAY_MS)
}

type Filter = Record<string, unknown>

/**
 * One page (`limit + 1` documents, to tell whether more follow) of a list sorted by `updatedAt`
 * descending then `_id`, from `tasks` and, when the page reaches past the horizon, from
 * `tasks_archive` with the same filter (which carries the cursor). An archived copy is shown only when
 * the task has no hot copy (a crash between copy and delete, or a task reopened after it was archived:
 * the hot copy is the current one, whether or not it matches). A page that ends after the horizon —
 * the first pages of a busy list — costs exactly the hot query.
 */
export async function pageWithArchive(deps: ArchiveDeps, filter: Filter, limit: number): Promise<TaskDoc[]> {
  const { Task, TaskArchive } = deps.db.models
  const sort = { updatedAt: -1, _id: -1 } as const
  const hot = await Task.find(filter)
    .sort(sort)
    .limit(limit + 1)
    .lean<TaskDoc[]>()
  const horizon = archiveHorizon(deps)
  const pageEnd = hot[limit - 1]
  if (hot.length > limit && pageEnd && pageEnd.updatedAt >= horizon) return hot

  const hotIds = new Set(hot.map((d) => d._id))
  const archived: TaskDoc[] = []
  let after: TaskDoc | undefined
  // read archived rows until the page is full or the archive is exhausted (rows with a hot copy are dropped)
  for (let round = 0; round < 20 && archived.length < limit + 1; round++) {
    const cursor = after ? [{ $or: [{ updatedAt: { $lt: after.updatedAt } }, { updatedAt: after.updatedAt, _id: { $lt: after._id } }] }] : []
    const batch = await TaskArchive.find({ $and: [filter, ...cursor] }, { events: 0 })
      .sort(sort)
      .limit(limit + 1)
      .lean<TaskDoc[]>()
    const unseen = batch.filter((d) => !hotIds.has(d._id))
    // point reads: `_id: {$in}` is a scan on the embedded database
    const inHot = await Promise.all(unseen.map((d) => Task.exists({ _id: d._id })))
    archived.push(...unseen.filter((_, i) => !inHot[i]))
    if (batch.length <= limit) break
    after = batch.at(-1)
  }
  const byOrder = (a: TaskDoc, b: TaskDoc) => b.updatedAt - a.updatedAt || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0)
  return [...hot, ...archived].sort(byOrder).slice(0, limit + 1)
}

/** Which event: enough to read its task's log up to it. */
export type EventKey = Pick<TaskEventDoc, '_id' | 'taskId' | 'seq'>

/**
 * The events of these types with `at` in [since, until): from `task_events`, plus the logs inside
 * `tasks_archive` when the range starts before the horizon; one per `_id` (a move interrupted between
 * copy and delete leaves an event in both).
 */
export async function eventsInRange(deps: ArchiveDeps, types: readonly TaskEventType[], range: { since: Date; until: Date }): Promise<EventKey[]> {
  const { TaskEvent, TaskArchive } = deps.db.models
  const at = { $gte: range.since, $lt: range.until }
  const hot = await TaskEvent.find({ type: { $in: [...types] }, at }, { taskId: 1, seq: 1 }).lean<EventKey[]>()
  if (range.since.getTime() >= archiveHorizon(deps)) return hot
  const seen = new Set(hot.map((e) => e._id))
  // some event of the type and some event in the range (not always the same one: $elemMatch over
  // sub-documents is broken on the embedded database), so the events are matched again here
  const archived = await TaskArchive.find({ 'events.type': { $in: [...types] }, 'events.at': at }, { events: 1 }).lean<ArchivedTaskDoc[]>()
  const inRange = (e: TaskEventDoc) => types.includes(e.type) && +new Date(e.at) >= +range.since && +new Date(e.at) < +range.until
  const more = archived.flatMap((d) => d.events.filter((e) => inRange(e) && !seen.has(e._id)).map((e) => ({ _id: e._id, taskId: e.taskId, seq: e.seq })))
  return [...hot, ...more]
}
