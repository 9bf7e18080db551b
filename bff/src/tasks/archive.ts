/**
 * The archive job (docs/database.md#archive): closed and cancelled tasks untouched for
 * TASK_ARCHIVE_AFTER_DAYS move from `tasks` and `task_events` into `tasks_archive` — one document per
 * task, its projection with its whole log inside — so the hot lists and the sweepers' scans (a scan of
 * the whole collection on the embedded database) see live work only. Readers
 * find an archived task by id (log.ts) and in the history lists (archive-reads.ts).
 *
 * A move is copy, verify, delete by `_id` — never an update of what stays — so a crash between any
 * two steps leaves a duplicate the readers tolerate (they prefer the hot copy), never a loss; the next
 * run finishes it. The hot projection is deleted last: while it exists the task is still this job's
 * work. Then the log is checked again: an event appended meanwhile (a reopening) brings the task back
 * to `tasks` through the ordinary repair, so a task with new work is never missing from the hot lists.
 *
 * Every read and delete of a move is by `_id` (an event's is `<taskId>:<seq>`), a bounded number at a
 * time: the one lookup the embedded database answers from an index, so a page costs the same whether
 * `task_events` holds 20,000 rows or 2,000,000 (a `$in` on `taskId` read the whole table, and at a busy
 * year's size ran past the database deadline).
 */
import { applyEvent, isTerminal, type TaskState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import type { PeriodicJob } from '../infra/scheduler'
import { archiveHorizon } from './archive-reads'
import { eventId, eventsAfter, readLog, type TaskDeps, taskDeps, toState } from './log'
import type { ArchivedTaskDoc, TaskDoc, TaskEventDoc } from './model'
import { repairFromLog, writeProjection } from './projection'

/** The points of a move where a crash can happen (the test hook is called after each, for each task). */
export type ArchiveStep = 'copied' | 'events-deleted' | 'projection-deleted'

export interface ArchiveOptions {
  /** at most this many tasks per run (a run never holds up a shutdown for long) */
  limit?: number
  /** tasks per page: read, copied and deleted together */
  page?: number
  /** reads, copies, deletes and checks by `_id` made at once within a page */
  concurrency?: number
  /** tests: called after each step for each task; throwing (or dying) there stands for a crash at that point */
  afterStep?: (step: ArchiveStep, taskId: string) => void | Promise<void>
}

export interface ArchiveReport {
  archived: number
  /** appended to while being archived (a reopening): back in `tasks` */
  revived: number
  /** not ready (projection behind its log, a recent note, a log with a hole) or failed: a later run retries */
  skipped: number
}

type Outcome = keyof ArchiveReport

const DEFAULT_PAGE = 100
const DEFAULT_LIMIT = 200
const DEFAULT_WIDTH = 8

/** The archived form of a task: its projection and its log, in one document. */
export const archivedDocOf = (projection: TaskDoc, events: TaskEventDoc[]): ArchivedTaskDoc => ({ ...projection, events })

/**
 * Archives the closed and cancelled tasks older than the horizon, oldest first. The candidates are read
 * as ids and times only and ordered here: on the embedded database a sorted read of whole projections
 * took 25–30 s at 18,000 hot tasks, past the database deadline; each page's projections are then read
 * by `_id`.
 */
export async function archiveTasks(deps: TaskDeps, opts: ArchiveOptions = {}): Promise<ArchiveReport> {
  const { Task } = deps.db.models
  const limit = opts.limit ?? DEFAULT_LIMIT
  const size = opts.page ?? DEFAULT_PAGE
  const width = opts.concurrency ?? DEFAULT_WIDTH
  const cutoff = archiveHorizon(deps)
  const report: ArchiveReport = { archived: 0, revived: 0, skipped: 0 }
  const candidates = await Task.find({ active: false, updatedAt: { $lt: cutoff } }, { _id: 1, updatedAt: 1 }).lean<Pick<TaskDoc, '_id' | 'updatedAt'>[]>()
  candidates.sort((a, b) => a.updatedAt - b.updatedAt || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
  const chosen = candidates.slice(0, limit).map((c) => c._id)
  for (let i = 0; i < chosen.length; i += size) {
    const page: TaskDoc[] = []
    await inParallel(chosen.slice(i, i + size), width, async (id) => {
      const doc = await Task.findById(id).lean<TaskDoc>()
      if (doc) page.push(doc)
    })
    for (const outcome of await archivePage(deps, page, cutoff, opts)) report[outcome]++
  }
  return report
}

interface Move {
  doc: TaskDoc
  events: TaskEventDoc[]
  /** the events still in `task_events` (an interrupted move may have deleted some already) */
  hotIds: string[]
}

async function archivePage(deps: TaskDeps, docs: TaskDoc[], cutoff: number, opts: ArchiveOptions): Promise<Outcome[]> {
  const { Task, TaskArchive, TaskEvent } = deps.db.models
  if (!docs.length) return []
  const outcomes = new Map<string, Outcome>(docs.map((d) => [d._id, 'skipped']))
  // a failing step (or the test hook) drops the task from the rest of the move: the next run picks it up
  let moves: Move[] = []
  const step = async (s: ArchiveStep, list: Move[]) => {
    const ok: Move[] = []
    for (const m of list) {
      try {
        await opts.afterStep?.(s, m.doc._id)
        ok.push(m)
      } catch (err) {
        deps.logger?.warn({ err, taskId: m.doc._id, step: s }, 'archiving a task stopped; the next run finishes it')
      }
    }
    return ok
  }

  const width = opts.concurrency ?? DEFAULT_WIDTH
  // 1. each task's log by `_id`, seq 1 … seq + 1 (an event after the projection's seq: it is behind its log)
  const logs = new Map<string, TaskEventDoc[]>()
  const candidates = docs.filter((d) => isTerminal(d) && d.updatedAt < cutoff)
  await inParallel(candidates, width, async (doc) => {
    const ids = Array.from({ length: doc.seq + 1 }, (_, i) => eventId(doc._id, i + 1))
    const found = await Promise.all(ids.map((id) => TaskEvent.findById(id).lean<TaskEventDoc>()))
    logs.set(
      doc._id,
      found.filter((e): e is TaskEventDoc => !!e),
    )
  })
  for (const doc of candidates) {
    const mine = logs.get(doc._id) ?? []
    // only a projection at the end of its log is archived (the repair brings it up first)
    if (mine.some((e) => e.seq > doc.seq)) continue
    const bySeq = new Map(mine.map((e) => [e.seq, e]))
    if (bySeq.size < doc.seq) {
      // an interrupted move deleted some already: they are in the archived copy
      for (const e of (await TaskArchive.findById(doc._id, { events: 1 }).lean<ArchivedTaskDoc>())?.events ?? []) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e)
    }
    const events = Array.from({ length: doc.seq }, (_, i) => bySeq.get(i + 1))
    if (events.some((e) => !e)) {
      deps.logger?.warn({ taskId: doc._id, seq: doc.seq }, 'a task log has a hole: not archived')
      continue
    }
    const log = events as TaskEventDoc[]
    // a note (an appeal, a revealed number) leaves updatedAt alone: wait until the log itself is old
    if (new Date(log[log.length - 1].at).getTime() >= cutoff) continue
    moves.push({ doc, events: log, hotIds: mine.map((e) => e._id) })
  }

  // 2. copy each task (projection and log, one document) and verify the copies with one read; a copy
  // left by an interrupted move that differs (the task was reopened and closed since) is replaced
  await insertIgnoringDuplicates(
    TaskArchive.collection,
    moves.map((m) => archivedDocOf(m.doc, m.events)),
  )
  const copied: Move[] = []
  for (let round = 0; round < 2 && moves.length; round++) {
    const differ: Move[] = []
    await inParallel(moves, width, async (m) => {
      const back = await TaskArchive.findById(m.doc._id, { seq: 1, events: 1 }).lean<ArchivedTaskDoc>()
      ;(sameCopy(back ?? undefined, m) ? copied : differ).push(m)
    })
    moves = differ
    await inParallel(differ, width, async (m) => {
      await TaskArchive.collection.replaceOne({ _id: m.doc._id } as never, archivedDocOf(m.doc, m.events) as never, { upsert: true })
    })
  }
  for (const m of moves) deps.logger?.warn({ taskId: m.doc._id }, 'the archived copy of a task does not match; the next run retries')
  moves = await step('copied', copied)

  // 3. delete the copied events from task_events (a timeline reads them from the archive from now on)
  await deleteByIds(
    TaskEvent,
    moves.flatMap((m) => m.hotIds),
    width,
  )
  moves = await step('events-deleted', moves)

  // 4. delete the hot projections: the tasks leave the hot lists
  await deleteByIds(
    Task,
    moves.map((m) => m.doc._id),
    width,
  )
  moves = await step('projection-deleted', moves)

  // 5. check each log again: a writer may have appended since step 1 (its projection write may have
  // landed before step 4)
  await inParallel(moves, width, async (m) => {
    try {
      outcomes.set(m.doc._id, await settle(deps, m.doc._id, toState(m.doc)))
    } catch (err) {
      deps.logger?.warn({ err, taskId: m.doc._id }, 'checking an archived task failed; the sweeper repairs it if it has new work')
    }
  })
  return [...outcomes.values()]
}

/** The archived copy holds this projection's seq and exactly its events. */
function sameCopy(copy: ArchivedTaskDoc | undefined, m: Move): boolean {
  return (
    copy?.seq === m.doc.seq && copy.events?.length === m.events.length && copy.events.every((e, i) => e._id === m.events[i]._id && e.type === m.events[i].type)
  )
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

/** Deletes by `_id` only, one at a time per lane (no condition that could be stale: the copies were verified). */
async function deleteByIds(model: { deleteOne(filter: object): PromiseLike<unknown> }, ids: string[], width: number) {
  await inParallel(ids, width, async (_id) => {
    await model.deleteOne({ _id })
  })
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  const queue = [...items]
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item)
  }
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker))
}

/** Unordered insert of ≤ 100 documents at a time; those already there are fine (the copy is verified after). */
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
 * copy the log back and verify it, write the projection the ordinary way (kept if a reopening wrote
 * one), verify, then delete the archived copy. Run by the job's first pass after a start.
 */
export async function restoreTasks(deps: TaskDeps, opts: { limit?: number } = {}): Promise<number> {
  const { Task, TaskArchive, TaskEvent } = deps.db.models
  const docs = await TaskArchive.find({ updatedAt: { $gte: archiveHorizon(deps) } })
    .limit(opts.limit ?? 10_000)
    .lean<ArchivedTaskDoc[]>()
  const restored: string[] = []
  for (let i = 0; i < docs.length; i += DEFAULT_PAGE) {
    const page = docs.slice(i, i + DEFAULT_PAGE)
    await insertIgnoringDuplicates(
      TaskEvent.collection,
      page.flatMap((d) => d.events),
    )
    const back = new Set<string>()
    await inParallel(
      page.flatMap((d) => d.events.map((e) => e._id)),
      DEFAULT_WIDTH,
      async (id) => {
        if (await TaskEvent.exists({ _id: id })) back.add(id)
      },
    )
    for (const d of page) {
      try {
        if (d.events.some((e) => !back.has(e._id))) throw new Error(`the log of ${d._id} was not copied back`)
        if (!(await Task.exists({ _id: d._id }))) {
          const log = await readLog(deps, d._id)
          if (log.tail.length) await repairFromLog(deps, log)
          else if (log.state) await writeProjection(deps, log.state)
        }
        if (((await Task.findById(d._id, { seq: 1 }).lean<TaskDoc>())?.seq ?? -1) < d.seq) throw new Error(`the projection of ${d._id} was not written back`)
        restored.push(d._id)
      } catch (err) {
        deps.logger?.warn({ err, taskId: d._id }, 'restoring an archived task failed; the next start retries')
      }
    }
  }
  await deleteByIds(TaskArchive, restored, DEFAULT_WIDTH)
  return restored.length
}

// ---------------------------------------------------------------------------------------------

/** The job (tasks/index.ts): every 10 minutes, at most 200 tasks a run; the first run after a start restores first. */
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
