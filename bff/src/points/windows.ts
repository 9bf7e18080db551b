/**
 * Where the periodic repairs look: recent records only, cut into fixed windows of time.
 *
 * A repair (task events the live call failed to score, the correction of a granted appeal, an appeal
 * step a crash left out of its task's timeline) must find what a crash left behind without reading
 * every record ever written, every minute, on every instance. So each stream of records (task events,
 * appeals, decisions) is cut into windows of WINDOW_MS. A run reads the stream from the oldest window
 * of the last LOOKBACK_MS that is not marked done, up to now; after repairing all of it, it marks
 * every window that ended more than SETTLE_MS ago: an insert of `<stream>:<window start>` into
 * `points_cursors`, read back by `_id` (the one lookup FerretDB answers from an index). The margin
 * covers a record whose time was read a moment before it was inserted, and clock skew between
 * instances. A normal run therefore reads the last quarter of an hour or so, whatever the collection's size.
 *
 * Marks are insert-only: several instances may repair the same window at once (the work itself is
 * idempotent under deterministic unique keys) and one mark wins; none is ever rewritten. A lost mark
 * only means a window is read again. What a crash leaves behind for longer than LOOKBACK_MS (every
 * instance down for hours) is no longer looked for; a retried request still repairs its own work.
 */
import type { Db } from '../infra/db'
import { insertOnce } from './insert-once'

export const WINDOW_MS = 15 * 60_000
export const SETTLE_MS = 5 * 60_000
export const LOOKBACK_MS = 3 * 3_600_000

export interface RepairWindow {
  /** read records with a time at or after this … */
  since: Date
  /** … up to this instant (the run's now) */
  until: Date
  /** Marks the settled windows of [since, until] done. Call only when all of it was repaired. */
  done(): Promise<void>
}

export const windowMarkId = (stream: string, start: number) => `${stream}:${new Date(start).toISOString()}`

/** The part of `stream` this run has to read. */
export async function openWindow(db: Db, stream: string, now: Date): Promise<RepairWindow> {
  const t = now.getTime()
  const first = Math.floor((t - LOOKBACK_MS) / WINDOW_MS) * WINDOW_MS
  const settled: number[] = []
  for (let s = first; s + WINDOW_MS + SETTLE_MS <= t; s += WINDOW_MS) settled.push(s)
  const { ScoringCursor } = db.models
  const marked = await Promise.all(settled.map((s) => ScoringCursor.exists({ _id: windowMarkId(stream, s) })))
  const todo = settled.filter((_, i) => !marked[i])
  const since = todo[0] ?? (settled.length ? (settled.at(-1) as number) + WINDOW_MS : first)
  return {
    since: new Date(since),
    until: now,
    async done() {
      if (!todo.length) return
      await insertOnce(
        ScoringCursor.collection as never,
        todo.map((s) => ({ _id: windowMarkId(stream, s), scannedUntil: new Date(s + WINDOW_MS), at: now })),
      )
    },
  }
}
