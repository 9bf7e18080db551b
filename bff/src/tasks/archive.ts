/**
 * The archive job (docs/database.md#archive): closed and cancelled tasks untouched for
 * TASK_ARCHIVE_AFTER_DAYS move from `tasks` / `task_events` to `tasks_archive` / `task_events_archive`,
 * so the hot lists and the sweepers' scans — which read every document on the embedded database —
 * see live work only. Readers find an archived task by id (log.ts) and in the history lists
 * (archive-reads.ts).
 *
 * A move is copy, verify, delete by `_id` — never an update — so a crash between any two steps leaves
 * a duplicate the readers tolerate (they prefer the hot copy), never a loss; the next run finishes
 * it. The hot projection is deleted last: while it exists the task is still this job's work. Then the
 * log is checked again: an event appended meanwhile (a reopening) brings the task back to `tasks`
 * through the ordinary repair, so a task with new work is never missing from the hot lists.
 */
import { applyEvent, isTerminal, type TaskState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import type { PeriodicJob } from '../infra/scheduler'
import { archiveHorizon } from './archive-reads'
import { eventId, eventsAfter, readLog, type TaskDeps, taskDeps, toState } from './log'
import type { TaskDoc, TaskEventDoc } from './model'
import { repairFromLog, writeProjection } from './projection'

/** The points of a move where a crash can happen (the test hook is called after each). */
export type ArchiveStep = 'events-copied' | 'projection-copied' | 'events-deleted' | 'projection-deleted'

export interface ArchiveOptions {
  /** at most this many tasks per run (a run never holds up a shutdown for long) */
  limit?: number
  /** tasks moved at once (1: one after the other; a backlog, e.g. the first run on years of data, goes faster with more) */
  concurrency?: number
  /** tests: called after each step of each move; throwing (or dying) there stands for a crash at that point */
  afterStep?: (step: ArchiveStep, taskId: string) => void | Promise<void>
}

export interface ArchiveReport {
  archived: number
  /** appended to while being archived (a reopening): back in `tasks` */
  revived: number
  /** not ready (projection behind its log, a recent note, an unreadable log) or failed: a later run retries */
  skipped: number
}

type Outcome = keyof ArchiveReport

const PAGE = 100
const DEFAULT_LIMIT = 200

/** Archives the closed and cancelled tasks older than the horizon, oldest first. */
export async function archiveTasks(deps: TaskDeps, opts: ArchiveOptions = {}): Promise<ArchiveReport> {
  const { Task } = deps.db.models
  const limit = opts.limit ?? DEFAULT_LIMIT
  const cutoff = archiveHorizon(deps)
  const report: ArchiveReport = { archived: 0, revived: 0, skipped: 0 }
  let after: { v: number; id: string } | null = null
  for (let done = 0; done < limit; ) {
    const cursor: object[] = after ? [{ $or: [{ updatedAt: { $gt: after.v } }, { updatedAt: after.v, _id: { $gt: after.id } }] }] : []
    const page: Pick<TaskDoc, '_id' | 'updatedAt'>[] = await Task.find(
      { $and: [{ active: false }, { updatedAt: { $lt: cutoff } }, ...cursor] },
      { _id: 1, updatedAt: 1 },
    )
      .sort({ updatedAt: 1, _id: 1 })
      .limit(Math.min(PAGE, limit - done))
      .lean<Pick<TaskDoc, '_id' | 'updatedAt'>[]>()
    const queue = page.map((d) => d._id)
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        let outcome: Outcome = 'skipped'
        try {
          outcome = await archiveOne(deps, id, cutoff, opts.afterStep)
        } catch (err) {
          deps.logger?.warn({ err, taskId: id }, 'archiving a task failed; the next run finishes it')
        }
        report[outcome]++
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker))
    done += page.length
    const last = page.at(-1)
    if (!last || page.length < PAGE) break
    after = { v: last.updatedAt, id: last._id }
  }
  return report
}

async function archiveOne(deps: TaskDeps, taskId: string, cutoff: number, afterStep: ArchiveOptions['afterStep']): Promise<Outcome> {
  const { Task, TaskArchive, TaskEvent, TaskEventArchive } = deps.db.models
  const step = async (s: ArchiveStep) => afterStep?.(s, taskId)
  // read again: the page may be a moment old
  const doc = await Task.findById(taskId).lean<TaskDoc>()
  if (!doc || !isTerminal(doc) || doc.updatedAt >= cutoff) return 'skipped'
  const n = doc.seq
  // only a projection at the end of its log is archived (one point read; the repair brings it up first)
  if ((await eventsAfter(deps, taskId, n)).length) return 'skipped'

  // 1. copy the events (from the archive where an interrupted move already deleted them) and verify
  const events = await readRawEvents(deps, taskId, n)
  if (events.length !== n) {
    deps.logger?.warn({ taskId, seq: n, found: events.length }, 'a task log has a hole: not archived')
    return 'skipped'
  }
  // a note (an appeal, a revealed number) leaves updatedAt alone: wait until the log itself is old
  if (new Date(events[n - 1].at).getTime() >= cutoff) return 'skipped'
  await insertIgnoringDuplicates(TaskEventArchive.collection, events)
  const copied = await Promise.all(events.map((e) => TaskEventArchive.findById(e._id, { seq: 1, type: 1 }).lean<TaskEventDoc>()))
  if (copied.some((c, i) => !c || c.seq !== events[i].seq || c.type !== events[i].type)) throw new Error(`archived events of ${taskId} do not match`)
  await step('events-copied')

  // 2. copy the projection and verify
  await TaskArchive.collection.replaceOne({ _id: taskId } as never, doc as never, { upsert: true })
  if ((await TaskArchive.findById(taskId, { seq: 1 }).lean<TaskDoc>())?.seq !== n) throw new Error(`archived projection of ${taskId} does not match`)
  await step('projection-copied')

  // 3. delete the hot events (a reader of the timeline finds them in the archive from now on)
  for (let i = 0; i < events.length; i += 16) await Promise.all(events.slice(i, i + 16).map((e) => TaskEvent.deleteOne({ _id: e._id })))
  await step('events-deleted')

  // 4. delete the hot projection: the task leaves the hot lists
  await Task.deleteOne({ _id: taskId })
  await step('projection-deleted')

  // 5. check the log: a writer may have appended since step 1 (and its projection write may have landed before step 4)
  return settle(deps, taskId, toState(doc))
}

/**
 * After the hot projection was deleted: events after the archived seq mean the task has new work,
 * and the ordinary repair writes it back to `tasks`. A hot projection at or before the archived seq
 * is an older write that landed late: deleted again (the archive is exact). Of a writer appending
 * now, either its event is seen here, or its own projection write comes after the delete and stays.
 */
async function settle(deps: TaskDeps, taskId: string, archived: TaskState): Promise<Outcome> {
  const { Task } = deps.db.models
  const n = archived.seq
  for (let round = 0; round < 4; round++) {
    const tail = await eventsAfter(deps, taskId, n)
    if (tail.length) {
      let state = archived
      for (const e of tail) state = applyEvent(state, e)
      await repairFromLog(deps, { state, last: state.seq, tail, projected: archived })
      return 'revived'
    }
    const hot = await Task.findById(taskId, { seq: 1 }).lean<TaskDoc>()
    if (!hot) return 'archived'
    // a newer projection without a tail seen yet: its event is being written — look again
    if (hot.seq <= n) await Task.deleteOne({ _id: taskId })
  }
  deps.logger?.warn({ taskId }, 'an archived task keeps a hot projection; the next run looks again')
  return 'archived'
}

/** A task's events 1..n as stored (hot, else archived), read by `_id` in parallel batches. */
async function readRawEvents(deps: TaskDeps, taskId: string, n: number): Promise<TaskEventDoc[]> {
  const { TaskEvent, TaskEventArchive } = deps.db.models
  const out: TaskEventDoc[] = []
  for (let from = 1; from <= n; from += 64) {
    const ids = Array.from({ length: Math.min(64, n - from + 1) }, (_, i) => eventId(taskId, from + i))
    const docs = await Promise.all(
      ids.map(async (id) => (await TaskEvent.findById(id).lean<TaskEventDoc>()) ?? TaskEventArchive.findById(id).lean<TaskEventDoc>()),
    )
    for (const d of docs) if (d) out.push(d)
  }
  return out
}

/** Unordered insert of ≤ 100 documents; those already there are fine (the copy is verified after). */
async function insertIgnoringDuplicates(collection: { insertMany(docs: never[], opts: { ordered: false }): Promise<unknown> }, docs: object[]) {
  for (let i = 0; i < docs.length; i += 100) {
    try {
      await collection.insertMany(docs.slice(i, i + 100) as never[], { ordered: false })
    } catch (err) {
      const errors = (err as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors
      const list = Array.isArray(errors) ? errors : errors ? [errors] : []
      if (!isDuplicateKey(err) || list.some((w) => w.code !== 11000)) throw err
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Back from the archive

/**
 * Brings back archived tasks the horizon no longer allows (TASK_ARCHIVE_AFTER_DAYS was raised), so
 * everything archived stays older than the horizon the readers rely on. The mirror image of a move:
 * copy the events back, write the projection the ordinary way, verify, then delete the archived
 * events and last the archived projection. Run by the job's first pass after a start.
 */
export async function restoreTasks(deps: TaskDeps, opts: { limit?: number } = {}): Promise<number> {
  const { TaskArchive } = deps.db.models
  const docs = await TaskArchive.find({ updatedAt: { $gte: archiveHorizon(deps) } }, { _id: 1 })
    .limit(opts.limit ?? 10_000)
    .lean<Pick<TaskDoc, '_id'>[]>()
  let restored = 0
  for (const { _id } of docs) {
    try {
      restored += await restoreOne(deps, _id)
    } catch (err) {
      deps.logger?.warn({ err, taskId: _id }, 'restoring an archived task failed; the next start retries')
    }
  }
  return restored
}

async function restoreOne(deps: TaskDeps, taskId: string): Promise<number> {
  const { Task, TaskArchive, TaskEvent, TaskEventArchive } = deps.db.models
  const archived = await TaskArchive.findById(taskId).lean<TaskDoc>()
  if (!archived) return 0
  const events = await readRawEvents(deps, taskId, archived.seq)
  if (events.length !== archived.seq) throw new Error(`the log of ${taskId} has a hole`)
  await insertIgnoringDuplicates(TaskEvent.collection, events)
  const back = await Promise.all(events.map((e) => TaskEvent.exists({ _id: e._id })))
  if (back.some((b) => !b)) throw new Error(`events of ${taskId} were not copied back`)
  // the hot projection: kept if a reopening wrote one, else the archived state plus any newer events
  if (!(await Task.exists({ _id: taskId }))) {
    const log = await readLog(deps, taskId)
    if (log.tail.length) await repairFromLog(deps, log)
    else if (log.state) await writeProjection(deps, log.state)
  }
  if (((await Task.findById(taskId, { seq: 1 }).lean<TaskDoc>())?.seq ?? -1) < archived.seq) throw new Error(`the projection of ${taskId} was not written back`)
  for (let i = 0; i < events.length; i += 16) await Promise.all(events.slice(i, i + 16).map((e) => TaskEventArchive.deleteOne({ _id: e._id })))
  await TaskArchive.deleteOne({ _id: taskId })
  return 1
}

// ---------------------------------------------------------------------------------------------

/** The job (tasks/index.ts): every 10 minutes, at most `limit` tasks a run; the first run after a start restores first. */
export function archiveJobs(appDeps: AppDeps, intervalMs = 10 * 60_000): PeriodicJob[] {
  const deps = taskDeps(appDeps)
  let first = true
  return [
    {
      name: 'tasks-archive',
      intervalMs,
      run: async () => {
        const restored = first ? await restoreTasks(deps) : 0
        first = false
        const report = { ...(await archiveTasks(deps)), restored }
        if (Object.values(report).some((n) => n > 0)) deps.logger?.info({ archive: report }, 'task archive')
        return report
      },
    },
  ]
}
