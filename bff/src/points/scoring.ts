/**
 * Writing points when task events happen — exactly once.
 *
 * `scoreTaskEvents` is called right after a task event is appended (bff/src/tasks) and by the
 * catch-up job for anything that call missed (a crash, a database hiccup). Both may run at once, on
 * several BFF instances: the evaluator derives each entry's `_id` from the event, the person and the
 * reason, so every insert after the first is a duplicate key and is ignored. One entry per
 * (event, person, reason), however many times and however concurrently an event is scored.
 */
import { type LedgerEntryDraft, SCORED_EVENT_TYPES, type ScoringDirectory, scoreTaskLog, type TaskEvent, taskEventId } from '@jqtb/shared'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import type { Logger } from '../infra/logger'
import type { TaskEventDoc } from '../tasks/model'
import type { LedgerEntryDoc } from './model'
import { type Actor, loadVersions, SYSTEM } from './rules'

/** What scoring needs (the tasks domain's TaskDeps and the app's AppDeps both fit). */
export interface PointsDeps {
  db: Db
  clock: Clock
  logger?: Logger
}

/**
 * A stored task event as the evaluator reads it. (Not the tasks domain's `toEvent`: the task store
 * calls scoring after every append, and importing it back here would make the two modules a cycle.)
 */
export function toTaskEvent(doc: TaskEventDoc): TaskEvent {
  return { taskId: doc.taskId, seq: doc.seq, type: doc.type, at: new Date(doc.at).getTime(), actor: doc.actor, data: doc.data } as TaskEvent
}

export function entryDoc(d: LedgerEntryDraft, at: Date, by: Actor = SYSTEM): LedgerEntryDoc {
  return {
    _id: d.id,
    subjectKind: d.subjectKind,
    subjectId: d.subjectId,
    subjectName: d.subjectName,
    territory: d.territory ?? '',
    department: d.department ?? '',
    month: d.month,
    delta: d.delta,
    kind: d.kind,
    reasonCode: d.reasonCode,
    reason: d.reason,
    ruleKey: d.ruleKey,
    ruleVersion: d.ruleVersion,
    taskId: d.taskId,
    taskNo: d.taskNo,
    taskDepartment: d.taskDepartment ?? '',
    eventId: d.eventId,
    eventType: d.eventType,
    eventAt: new Date(d.eventAt),
    corrects: d.corrects ?? '',
    at,
    by,
  }
}

/**
 * Inserts documents keyed by a deterministic `_id`; those that exist already are skipped. Returns
 * how many were new. Any error other than a duplicate key is thrown.
 */
interface WriteError {
  code?: number
}

export async function insertOnce<T extends { _id: string }>(
  collection: { insertMany(docs: T[], opts: { ordered: false }): Promise<{ insertedCount: number }> },
  docs: T[],
): Promise<number> {
  let inserted = 0
  // unordered batches of ≤ 100: each document stands alone (MONGO-PORTABLE.md §6.10)
  for (let i = 0; i < docs.length; i += 100) {
    const batch = docs.slice(i, i + 100)
    try {
      inserted += (await collection.insertMany(batch, { ordered: false })).insertedCount
    } catch (err) {
      const e = err as { writeErrors?: WriteError[] | WriteError; insertedCount?: number; code?: number }
      const writeErrors: WriteError[] = Array.isArray(e.writeErrors)
        ? e.writeErrors
        : e.writeErrors
          ? [e.writeErrors]
          : e.code === 11000
            ? [{ code: 11000 }]
            : []
      if (!writeErrors.length || writeErrors.some((w) => w.code !== 11000)) throw err
      inserted += typeof e.insertedCount === 'number' ? e.insertedCount : batch.length - writeErrors.length
    }
  }
  return inserted
}

/**
 * A task's events 1..`last`, read by `_id` in parallel batches: a point read by `_id` is the one query
 * FerretDB's SQLite backend answers from an index (any other filter scans the whole collection).
 */
export async function readLogUpTo(db: Db, taskId: string, last: number): Promise<TaskEvent[]> {
  const out: TaskEvent[] = []
  for (let from = 1; from <= last; from += 64) {
    const ids = Array.from({ length: Math.min(64, last - from + 1) }, (_, i) => taskEventId(taskId, from + i))
    const docs = await Promise.all(ids.map((id) => db.models.TaskEvent.findById(id).lean<TaskEventDoc>()))
    for (const doc of docs) if (doc) out.push(toTaskEvent(doc))
  }
  return out
}

export interface ScoringResult {
  events: number
  entries: number
  inserted: number
}

/** People, departments and grids the evaluator names, read in three queries. */
export async function directoryFor(db: Db, events: TaskEvent[]): Promise<ScoringDirectory> {
  const userIds = new Set<string>()
  const departments = new Set<string>()
  const territories = new Set<string>()
  for (const e of events) {
    const d = e.data as unknown as Record<string, unknown>
    if (typeof d.userId === 'string') userIds.add(d.userId)
    for (const doer of (d.doers as Array<{ userId: string }> | undefined) ?? []) userIds.add(doer.userId)
    const s = d.scoring as { territory?: string; department?: string } | undefined
    if (s?.territory) {
      const parts = s.territory.split('-')
      territories.add(parts.slice(0, Math.min(parts.length, 3)).join('-'))
    }
    if (s?.department) departments.add(s.department)
  }
  const { User, Department, Territory } = db.models
  const [users, depts, terrs] = await Promise.all([
    userIds.size ? User.find({ _id: { $in: [...userIds] } }, { _id: 1, name: 1, territory: 1, department: 1 }).lean() : [],
    departments.size ? Department.find({ _id: { $in: [...departments] } }, { _id: 1, name: 1 }).lean() : [],
    territories.size ? Territory.find({ _id: { $in: [...territories] } }, { _id: 1, fullName: 1 }).lean() : [],
  ])
  const people = new Map(users.map((u) => [u._id, { name: u.name, territory: u.territory, ...(u.department ? { department: u.department } : {}) }]))
  const deptNames = new Map(depts.map((d) => [d._id, d.name]))
  const terrNames = new Map(terrs.map((t) => [t._id, t.fullName]))
  return { person: (id) => people.get(id), departmentName: (c) => deptNames.get(c), territoryName: (c) => terrNames.get(c) }
}

/**
 * Scores task events (any mix of tasks and types; types that never score are ignored) and marks
 * them scored. Idempotent and safe to run concurrently with itself.
 */
export async function scoreTaskEvents(deps: PointsDeps, events: readonly TaskEvent[]): Promise<ScoringResult> {
  const targets = events.filter((e) => SCORED_EVENT_TYPES.includes(e.type))
  if (!targets.length) return { events: 0, entries: 0, inserted: 0 }
  const { LedgerEntry, ScoredEvent } = deps.db.models
  const now = deps.clock.now()
  const versions = await loadVersions(deps.db, now)
  const dir = await directoryFor(deps.db, targets)

  const byTask = new Map<string, Set<number>>()
  for (const e of targets) {
    const seqs = byTask.get(e.taskId) ?? new Set<number>()
    seqs.add(e.seq)
    byTask.set(e.taskId, seqs)
  }
  const drafts: LedgerEntryDraft[] = []
  for (const [taskId, seqs] of byTask) {
    // the log up to the last event to score: its creation, bounces and acceptances before it are its history
    const log = await readLogUpTo(deps.db, taskId, Math.max(...seqs))
    drafts.push(...scoreTaskLog(log, versions, dir, { only: (e) => seqs.has(e.seq) }))
  }
  const inserted = await insertOnce(
    LedgerEntry.collection as never,
    drafts.map((d) => entryDoc(d, now)),
  )
  // marked only after every entry is in: a crash before this line leaves the events to the catch-up job
  await insertOnce(
    ScoredEvent.collection as never,
    targets.map((e) => ({ _id: taskEventId(e.taskId, e.seq), at: now })),
  )
  return { events: targets.length, entries: drafts.length, inserted }
}

/**
 * The call the task store makes right after an append. It never throws: a task action must not fail
 * because points could not be written — the catch-up job writes them a minute later.
 */
export async function scoreTaskEventsSafely(deps: PointsDeps, events: readonly TaskEvent[]): Promise<void> {
  try {
    await scoreTaskEvents(deps, events)
  } catch (err) {
    deps.logger?.warn({ err, events: events.map((e) => taskEventId(e.taskId, e.seq)) }, 'scoring task events failed; the catch-up job will retry')
  }
}

const CURSOR_ID = 'task_events'
/** Each run looks again at the hour before where the last one stopped (an event's time is read before it is inserted). */
const OVERLAP_MS = 60 * 60_000
const PAGE = 200

/**
 * Scores recent events that have not been scored. Several instances may run it at once: the work is
 * idempotent, and the cursor is only a hint of where to start (if two instances write it out of
 * order, the next run merely looks further back).
 *
 * The window is bounded (from the last run, less the overlap, to now) and paged by (time, `_id`)
 * after the last event seen, not by skipping: a page costs the same however deep into the window it
 * is, and an event inserted meanwhile cannot shift a page and be passed over.
 */
export async function catchUpScoring(deps: PointsDeps, opts: { page?: number } = {}): Promise<ScoringResult> {
  const page = opts.page ?? PAGE
  const { TaskEvent, ScoredEvent, ScoringCursor } = deps.db.models
  const now = deps.clock.now()
  const cursor = await ScoringCursor.findById(CURSOR_ID).lean()
  const since = cursor ? new Date(new Date(cursor.scannedUntil).getTime() - OVERLAP_MS) : new Date(0)
  const total: ScoringResult = { events: 0, entries: 0, inserted: 0 }
  let after: { at: Date; id: string } | null = null
  for (;;) {
    const window: Record<string, unknown> = after
      ? { $or: [{ at: { $gt: after.at, $lte: now } }, { at: after.at, _id: { $gt: after.id } }] }
      : { at: { $gte: since, $lte: now } }
    const docs = await TaskEvent.find({ type: { $in: [...SCORED_EVENT_TYPES] }, ...window })
      .sort({ at: 1, _id: 1 })
      .limit(page)
      .lean<TaskEventDoc[]>()
    if (!docs.length) break
    // point reads by _id (see readLogUpTo): which of these events already carry their "scored" mark
    const marks = await Promise.all(docs.map((d) => ScoredEvent.findById(d._id, { _id: 1 }).lean()))
    const done = new Set(marks.filter((m) => m !== null).map((m) => m._id))
    const todo = docs.filter((d) => !done.has(d._id)).map(toTaskEvent)
    if (todo.length) {
      const r = await scoreTaskEvents(deps, todo)
      total.events += r.events
      total.entries += r.entries
      total.inserted += r.inserted
    }
    if (docs.length < page) break
    const last = docs[docs.length - 1]
    after = { at: new Date(last.at), id: last._id }
  }
  await ScoringCursor.updateOne({ _id: CURSOR_ID }, { $set: { scannedUntil: now, at: now } }, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
  if (total.inserted) deps.logger?.info({ ...total }, 'points catch-up wrote missing entries')
  return total
}
