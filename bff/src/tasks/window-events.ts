/**
 * The task events of a settled window of time (kernel/windows.ts), for the periodic repairs of three
 * domains: the points catch-up, the indices' catch-up and the projection repair. Each used to query
 * its window itself, and on the embedded database every such query reads every event ever stored
 * (docs/database.md#reading-by-id): at 160,000 events, tens of seconds on a busy database, three
 * times (and the repair every five minutes). A settled window's events no longer change — it ended
 * more than SETTLE_MS ago — so one read serves every reader in this process.
 */
import type { Db } from '../infra/db'
import type { TaskDeps } from './log'
import type { TaskEventDoc } from './model'

/** Ranges kept per database: the readers of one process read the same newest window within minutes. */
const KEEP = 4
const kept = new WeakMap<Db, Map<string, Promise<TaskEventDoc[]>>>()

/** Every event with `since ≤ at < until`, in time order (`_id` breaking ties). */
export function eventsInWindow(deps: TaskDeps, window: { since: Date; until: Date }): Promise<TaskEventDoc[]> {
  const ranges = kept.get(deps.db) ?? new Map<string, Promise<TaskEventDoc[]>>()
  kept.set(deps.db, ranges)
  const key = `${window.since.toISOString()}/${window.until.toISOString()}`
  const hit = ranges.get(key)
  if (hit) return hit
  const read = deps.db.models.TaskEvent.find({ at: { $gte: window.since, $lt: window.until } })
    .sort({ at: 1, _id: 1 })
    .lean<TaskEventDoc[]>()
    .exec()
  ranges.set(key, read)
  // a failed read is not kept: the next run reads again
  read.catch(() => ranges.delete(key))
  for (const old of ranges.keys()) if (ranges.size > KEEP) ranges.delete(old)
  return read
}

/** Forgets what this process read (tests that rewind the window marks, as if no run had read a window). */
export function forgetWindowEvents(db: Db): void {
  kept.delete(db)
}
