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
