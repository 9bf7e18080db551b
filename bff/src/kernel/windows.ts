/**
 * What the periodic repairs read: recent records only, cut into fixed windows of time.
 *
 * A repair (task events the live call failed to score, the correction of a granted appeal, an appeal
 * step a crash left out of its task's timeline) must find what a crash left behind without reading
 * every record ever written, every minute, on every instance. So each stream of records (task events,
 * appeals, decisions) is cut into windows of WINDOW_MS. A window is read once it has settled — ended
 * more than SETTLE_MS ago, which covers a record whose time was read a moment before it was inserted
 * and clock skew between instances — and, once repaired, marked done: an insert of
 * `<stream>:<window start>` into `points_cursors`. A run reads the marks of the last LOOKBACK_MS by
 * `_id` (the one lookup FerretDB answers from an index) and queries the stream only when a settled
 * window is not done: normally once per WINDOW_MS, for one window. (On FerretDB that query is still
 * a table scan at the SQL level; what a run reads and does is bounded by the window either way.)
 *
 * Marks are insert-only: several instances may repair the same window at once (the work itself is
 * idempotent under deterministic unique keys) and one mark wins; none is ever rewritten. A lost mark
 * only means a window is read again. The price: a repair comes 5 to 20 minutes after the crash, and
 * what is left behind longer than LOOKBACK_MS (every instance down for hours) is no longer looked
 * for; a retried request still finishes its own work.
 */
import type { Db } from '../infra/db'
import { insertOnce } from './insert-once'

export const WINDOW_MS = 15 * 60_000
export const SETTLE_MS = 5 * 60_000
export const LOOKBACK_MS = 3 * 3_600_000

export interface RepairWindow {
  /** read records with a time at or after this … */
  since: Date
  /** … and before this */
  until: Date
  /** Marks the windows read done. Call only when all of [since, until) was repaired. */
  done(): Promise<void>
}

export const windowMarkId = (stream: string, start: number) => `${stream}:${new Date(start).toISOString()}`

/** The part of `stream` a run has to read, or null when every settled window of the lookback is done. */
export async function openWindow(db: Db, stream: string, now: Date): Promise<RepairWindow | null> {
  const t = now.getTime()
  const settled: number[] = []
  for (let s = Math.floor((t - LOOKBACK_MS) / WINDOW_MS) * WINDOW_MS; s + WINDOW_MS + SETTLE_MS <= t; s += WINDOW_MS) settled.push(s)
  const { ScoringCursor } = db.models
  const marked = await Promise.all(settled.map((s) => ScoringCursor.exists({ _id: windowMarkId(stream, s) })))
  const todo = settled.filter((_, i) => !marked[i])
  if (!todo.length) return null
  return {
    since: new Date(todo[0]),
    until: new Date((todo.at(-1) as number) + WINDOW_MS),
    async done() {
      await insertOnce(
        ScoringCursor.collection as never,
        todo.map((s) => ({ _id: windowMarkId(stream, s), scannedUntil: new Date(s + WINDOW_MS), at: now })),
      )
    },
  }
}
