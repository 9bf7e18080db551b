/**
 * Reading a task's event log (docs/database.md#task-event-log): the ids of its events, the events after a
 * seq, and the exact current state (projection + the events after it, folded). Appending is
 * store.ts; writing the projection is projection.ts.
 */
import { applyEvent, type TaskEvent, type TaskState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { Logger } from '../infra/logger'
import type { ArchivedTaskDoc, TaskDoc, TaskEventDoc } from './model'

/** What task code needs from the app: the database, time, the outbox, and the key for protected data. */
export interface TaskDeps {
  db: AppDeps['db']
  clock: AppDeps['clock']
  notifier: AppDeps['notifier']
  /** publishes `task.appended` to the other domains (events.ts) */
  events: AppDeps['events']
  logger?: Logger
  /** encrypts parties' phone numbers (config.piiKey) */
  piiKey: string
  /** closed tasks untouched this long are archived (config.taskArchiveAfterDays; archive.ts); 180 days if unset */
  archiveAfterMs?: number
}

export function taskDeps(deps: AppDeps): TaskDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    notifier: deps.notifier,
    events: deps.events,
    logger: deps.logger,
    piiKey: deps.config.piiKey,
    archiveAfterMs: deps.config.taskArchiveAfterDays * 86_400_000,
  }
}

export const eventId = (taskId: string, seq: number) => `${taskId}:${String(seq).padStart(10, '0')}`

export function toEvent(doc: TaskEventDoc): TaskEvent {
  return { taskId: doc.taskId, seq: doc.seq, type: doc.type, at: new Date(doc.at).getTime(), actor: doc.actor, data: clean(doc.data) } as TaskEvent
}

/** Drops `undefined` (the driver would store null) and turns stored nulls back into absent fields. */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = clean(v)
    return out as T
  }
  return value
}

const DERIVED_KEYS = new Set([
  '_id',
  'scope',
  'poolTerritory',
  'poolScope',
  'poolRoles',
  'poolTags',
  'reservedIds',
  'holderIds',
  'applicantIds',
  'reporterId',
  'departmentCode',
  'active',
  'claimable',
  'openSeats',
  'claimOpenUntil',
  'nextClaimExpiry',
  'overdueFrom',
])

export function toState(doc: TaskDoc): TaskState {
  const state: Record<string, unknown> = { id: doc._id }
  for (const [k, v] of Object.entries(clean(doc))) if (!DERIVED_KEYS.has(k)) state[k] = v
  return state as unknown as TaskState
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface TaskLog {
  state: TaskState | null
  /** seq of the last event */
  last: number
  /** events the projection had not folded in yet */
  tail: TaskEvent[]
  /** state as the projection had it (before the tail) */
  projected: TaskState | null
}

/**
 * Events after `seq`, in order, read by `_id` (`<taskId>:<seq+1>`, `<seq+2>` … until one is missing).
 * Point reads by `_id` are the one query FerretDB's SQLite backend answers from an index; a
 * `{taskId, seq: {$gt}}` filter would scan every event of every task. The common case — a fresh
 * projection — costs one read that finds nothing; a longer tail is read in parallel batches.
 */
export async function eventsAfter(deps: TaskDeps, taskId: string, seq: number): Promise<TaskEvent[]> {
  const { TaskEvent } = deps.db.models
  const out: TaskEvent[] = []
  let next = seq + 1
  let batch = 1
  for (;;) {
    const ids = Array.from({ length: batch }, (_, i) => eventId(taskId, next + i))
    const docs = await Promise.all(ids.map((id) => TaskEvent.findById(id).lean<TaskEventDoc>()))
    for (const doc of docs) {
      if (!doc) return out
      out.push(toEvent(doc))
    }
    next += batch
    // after a lost race there is usually exactly one new event: read one more before widening, then
    // double (a tail is rarely long: at most twice the reads it needs)
    batch = next - seq <= 2 ? 1 : Math.min(batch * 2, 16)
  }
}

/**
 * The first `count` events of a task (the timeline), read by `_id` in parallel batches. Events missing
 * from `task_events` were archived (docs/database.md#archive): they are read from the archived copy of
 * the task, in one read. A task that was never archived costs no extra read.
 */
export async function eventsUpTo(deps: TaskDeps, taskId: string, count: number): Promise<TaskEvent[]> {
  const { TaskEvent, TaskArchive } = deps.db.models
  const out: TaskEvent[] = []
  let archived: Map<number, TaskEventDoc> | null = null
  for (let from = 1; from <= count; from += 64) {
    const ids = Array.from({ length: Math.min(64, count - from + 1) }, (_, i) => eventId(taskId, from + i))
    const docs = await Promise.all(ids.map((id) => TaskEvent.findById(id).lean<TaskEventDoc>()))
    if (!archived && docs.some((d) => !d)) {
      const copy = await TaskArchive.findById(taskId, { events: 1 }).lean<ArchivedTaskDoc>()
      archived = new Map((copy?.events ?? []).map((e) => [e.seq, e]))
    }
    for (const [i, doc] of docs.entries()) {
      const found = doc ?? archived?.get(from + i)
      if (found) out.push(toEvent(found))
    }
  }
  return out
}

/**
 * The projection document: `tasks`, else the archived copy without its log (docs/database.md#archive).
 * A task that was never archived costs no extra read. Events after an archived projection are in
 * `task_events` (a move takes only the events up to the archived seq), so `eventsAfter` reads them as usual.
 */
async function projectionDoc(deps: TaskDeps, taskId: string): Promise<TaskDoc | null> {
  const { Task, TaskArchive } = deps.db.models
  return (await Task.findById(taskId).lean<TaskDoc>()) ?? TaskArchive.findById(taskId, { events: 0 }).lean<TaskDoc>()
}

/**
 * The task as its projection has it, without looking for newer events: one read. For commands that
 * append at once (a claim): a stale answer only costs a lost first insert, after which the store
 * folds in what it missed. Falls back to the whole log when there is no projection yet.
 */
export async function readProjected(deps: TaskDeps, taskId: string): Promise<TaskState | null> {
  const doc = await deps.db.models.Task.findById(taskId).lean<TaskDoc>()
  return doc ? toState(doc) : (await readLog(deps, taskId)).state
}

/** Projection (hot, else archived) + tail: always exact, because it depends only on committed inserts. */
export async function readLog(deps: TaskDeps, taskId: string): Promise<TaskLog> {
  const doc = await projectionDoc(deps, taskId)
  const projected = doc ? toState(doc) : null
  const tail = await eventsAfter(deps, taskId, projected?.seq ?? 0)
  let state = projected
  for (const e of tail) state = applyEvent(state, e)
  return { state, last: state?.seq ?? 0, tail, projected }
}
