/**
 * Writing points when task events happen — exactly once.
 *
 * `scoreTaskEvents` runs when a task event is published (listeners.ts) and by the
 * catch-up job for anything that call missed (a crash, a database hiccup). Both may run at once, on
 * several BFF instances: the evaluator derives each entry's `_id` from the event, the person and the
 * reason, so every insert after the first is a duplicate key and is ignored. One entry per
 * (event, person, reason), however many times and however concurrently an event is scored.
 */
import { type LedgerEntryDraft, SCORED_EVENT_TYPES, type ScoringDirectory, scoreTaskLog, type TaskEvent, taskEventId } from '@jqtb/shared'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import type { Logger } from '../infra/logger'
import { insertOnce } from '../kernel/insert-once'
import { openWindow } from '../kernel/windows'
import { eventsUpTo, type TaskDeps, toEvent } from '../tasks/log'
import { eventsInWindow } from '../tasks/window-events'
import { writeEntries } from './corrections'
import type { LedgerEntryDoc } from './model'
import { type Actor, loadVersions, SYSTEM } from './rule-versions'

/** What reading the ledger needs (the app's AppDeps and the tasks domain's TaskDeps both fit). */
export interface PointsDeps {
  db: Db
  clock: Clock
  logger?: Logger
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
export async function scoreTaskEvents(deps: TaskDeps, events: readonly TaskEvent[]): Promise<ScoringResult> {
  const targets = events.filter((e) => SCORED_EVENT_TYPES.includes(e.type))
  if (!targets.length) return { events: 0, entries: 0, inserted: 0 }
  const { ScoredEvent } = deps.db.models
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
    const log = await eventsUpTo(deps, taskId, Math.max(...seqs))
    drafts.push(...scoreTaskLog(log, versions, dir, { only: (e) => seqs.has(e.seq) }))
  }
  const inserted = await writeEntries(
    deps,
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
export async function scoreTaskEventsSafely(deps: TaskDeps, events: readonly TaskEvent[]): Promise<void> {
  try {
    await scoreTaskEvents(deps, events)
  } catch (err) {
    deps.logger?.warn({ err, events: events.map((e) => taskEventId(e.taskId, e.seq)) }, 'scoring task events failed; the catch-up job will retry')
  }
}

const PAGE = 200
const SCORED_TYPES = new Set<string>(SCORED_EVENT_TYPES)

/**
 * Scores the events of recent settled windows that have not been scored (kernel/windows.ts). Several
 * instances may run it at once: the work is idempotent, and the window marks are insert-only. The
 * window's events are read once for every periodic reader of this process (tasks/window-events.ts);
 * their "scored" marks are checked a page at a time.
 */
export async function catchUpScoring(deps: TaskDeps, opts: { page?: number } = {}): Promise<ScoringResult> {
  const page = opts.page ?? PAGE
  const { ScoredEvent } = deps.db.models
  const total: ScoringResult = { events: 0, entries: 0, inserted: 0 }
  const window = await openWindow(deps.db, 'task_events', deps.clock.now())
  if (!window) return total
  const scored = (await eventsInWindow(deps, window)).filter((e) => SCORED_TYPES.has(e.type))
  for (let i = 0; i < scored.length; i += page) {
    const docs = scored.slice(i, i + page)
    // point reads by _id (the one lookup FerretDB answers from an index): which already carry their "scored" mark
    const marks = await Promise.all(docs.map((d) => ScoredEvent.exists({ _id: d._id })))
    const todo = docs.filter((_, j) => !marks[j]).map(toEvent)
    if (todo.length) {
      const r = await scoreTaskEvents(deps, todo)
      total.events += r.events
      total.entries += r.entries
      total.inserted += r.inserted
    }
  }
  await window.done()
  if (total.inserted) deps.logger?.info({ ...total }, 'points catch-up wrote missing entries')
  return total
}
