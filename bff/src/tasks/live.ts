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

/**
 * What the timers and the risk sweep choose by; a chosen task is read whole by `_id`. (The embedded
 * database reads every row whatever is asked for; what it need not do is send thousands of whole
 * tasks back.)
 */
const CHOSEN_BY = [
  'seq',
  'updatedAt',
  'active',
  'state',
  'escalation',
  'holders',
  'nextClaimExpiry',
  'dueAt',
  'signBy',
  'claimable',
  'openedAt',
  'riskColour',
] as const
export type LiveTask = Pick<TaskDoc, '_id' | (typeof CHOSEN_BY)[number]>
const PROJECTION = Object.fromEntries(CHOSEN_BY.map((f) => [f, 1]))

export async function liveTasks(deps: TaskDeps): Promise<LiveTask[]> {
  return deps.db.models.Task.find({ active: true }, PROJECTION).lean<LiveTask[]>()
}

/**
 * The live work and, in the same read, every task whose projection was written since `since` (closed
 * ones too: the timers' repair checks those against their logs). On MongoDB each branch of the `$or` is
 * an index range; on the embedded database it is one scan where two queries would be two.
 */
export async function liveAndRecentTasks(deps: TaskDeps, since: number): Promise<LiveTask[]> {
  return deps.db.models.Task.find({ $or: [{ active: true }, { updatedAt: { $gte: since } }] }, PROJECTION).lean<LiveTask[]>()
}
