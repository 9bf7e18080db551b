/**
 * The live work — every task not closed or cancelled — read in one go by the task timers
 * (sweeper.ts) and the risk sweep. On the embedded database every query but an `_id` lookup scans the
 * whole collection (docs/database.md#reading-by-id), so a pass takes one
 * snapshot and each timer picks its candidates from it in memory, instead of a scan per timer; on
 * MongoDB it is one range of the `{active, …}` indexes. Every candidate is read again from its log
 * before anything is done to it, so a snapshot a moment old only moves a timer to the next pass.
 */
import type { TaskDeps } from './log'
import type { TaskDoc } from './model'

export async function liveTasks(deps: TaskDeps): Promise<TaskDoc[]> {
  return deps.db.models.Task.find({ active: true }).lean<TaskDoc[]>()
}

/**
 * The live work and, in the same read, every task whose projection was written since `since` (closed
 * ones too: the timers' repair checks those against their logs). On MongoDB each branch of the `$or` is
 * an index range; on the embedded database it is one scan where two queries would be two.
 */
export async function liveAndRecentTasks(deps: TaskDeps, since: number): Promise<TaskDoc[]> {
  return deps.db.models.Task.find({ $or: [{ active: true }, { updatedAt: { $gte: since } }] }).lean<TaskDoc[]>()
}
