/**
 * The stored facts of each case (`indices_facts`) and the days they make dirty. A task's facts are
 * folded from its whole log (read by `_id`, the one lookup the embedded database indexes) and written
 * only when they changed; the days of every mark of the old and the new facts are marked dirty, so the
 * rebuild (rebuild.ts) recomputes exactly the periods whose numbers may have moved.
 *
 * Two refreshes of one task may race (two events appended at once on two instances): each writes the
 * fold it read and then looks for an event after it, folding again until there is none — so the last
 * writer has seen the whole log, as with the task projection (docs/database.md#projection-and-repair).
 * A refresh that dies midway is redone by the catch-up job (jobs.ts).
 */
import { type CaseFact, factId, factSpan, marksOf, periodKeyAt, taskFacts } from '@jqtb/shared'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import type { Logger } from '../infra/logger'
import { eventsAfter, type TaskDeps } from '../tasks/log'
import type { IndexFactDoc } from './model'

/** What the indices code needs from the app (AppDeps and the tasks domain's TaskDeps both fit). */
export interface IndicesDeps {
  db: Db
  clock: Clock
  logger?: Logger
}

/** The street every case belongs to (the demo street; one street per deployment). */
export const STREET = 'GT'

/** Stable JSON (sorted keys) for comparing stored documents with fresh ones. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  )
}

/** The days (CST) of every mark of a fact: what a change of it may move. */
export function daysOf(fact: CaseFact | undefined): string[] {
  if (!fact) return []
  return [...new Set(marksOf(fact, STREET).map((m) => periodKeyAt(m.at, 'day')))]
}

export function factDoc(fact: CaseFact, v: number, now: Date): IndexFactDoc {
  const span = factSpan(fact)
  return { _id: factId(fact), kind: fact.kind, fact, from: span.from, to: span.to, v, at: now }
}

/** Writes a fact document (an upsert by `_id`; two first writes racing: the loser writes again). */
export async function writeFact(db: Db, doc: IndexFactDoc): Promise<void> {
  const { IndexFact } = db.models
  for (let attempt = 0; ; attempt++) {
    try {
      await IndexFact.collection.replaceOne({ _id: doc._id } as never, doc as never, { upsert: true })
      return
    } catch (err) {
      if (!isDuplicateKey(err) || attempt > 0) throw err
    }
  }
}

/** How many times one refresh folds again after finding newer events, before leaving it to the catch-up. */
const SETTLE_ROUNDS = 8

/**
 * Folds a task's facts from its log and stores them if they changed. Answers the days whose periods
 * must be rebuilt (none when nothing changed).
 */
export async function refreshTaskFacts(deps: TaskDeps, taskId: string): Promise<string[]> {
  const { IndexFact } = deps.db.models
  const stored = await IndexFact.findById(`task:${taskId}`).lean<IndexFactDoc>()
  const days = new Set(daysOf(stored?.fact))
  let events = await eventsAfter(deps, taskId, 0)
  let changed = false
  for (let round = 0; round < SETTLE_ROUNDS && events.length; round++) {
    const fact = taskFacts(events)
    if (!fact) break
    if (!stored || changed || canonical(stored.fact) !== canonical(fact)) {
      await writeFact(deps.db, factDoc(fact, fact.seq, deps.clock.now()))
      changed = true
      for (const d of daysOf(fact)) days.add(d)
    }
    const newer = await eventsAfter(deps, taskId, fact.seq)
    if (!newer.length) break
    events = [...events, ...newer]
  }
  return changed ? [...days] : []
}

/** Marks days dirty (an insert each; a day already marked stays marked). */
export async function markDirty(db: Db, days: Iterable<string>, now: Date): Promise<void> {
  const docs = [...new Set(days)].map((d) => ({ _id: d, at: now }))
  if (!docs.length) return
  try {
    await db.models.IndexDirty.collection.insertMany(docs as never[], { ordered: false })
  } catch (err) {
    const e = err as { writeErrors?: Array<{ code?: number }> | { code?: number }; code?: number }
    const errors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [{ code: e.code }]
    if (errors.some((w) => w.code !== 11000)) throw err
  }
}

/** Refreshes a task's facts and marks what changed dirty: what the listener and the catch-up do per task. */
export async function noteTaskChanged(deps: TaskDeps, taskId: string, alsoDays: string[] = []): Promise<string[]> {
  const days = [...(await refreshTaskFacts(deps, taskId)), ...alsoDays]
  await markDirty(deps.db, days, deps.clock.now())
  return days
}
