/**
 * What follows from an appended event besides the projection: claim slots given back and
 * notifications queued. Run by the winner right after its append and again by any repair of a
 * projection that is behind its log — so everything here must be idempotent.
 */
import type { TaskEvent, TaskState } from '@jqtb/shared'
import { scoreTaskEventsSafely } from '../points/scoring'
import { notifyFor } from './notify'
import { countsAgainstCap, releaseSlot } from './slots'
import type { TaskDeps } from './store'

export async function runEffects(deps: TaskDeps, event: TaskEvent, before: TaskState | null, after: TaskState): Promise<void> {
  // a slot is given back only for the claim that took it (its token), so replaying an old event in a
  // repair cannot free the slot of a later claim by the same worker
  if (before) {
    for (const h of before.holders) {
      if (h.capSlot !== undefined && countsAgainstCap(before, h.userId) && !countsAgainstCap(after, h.userId)) {
        await releaseSlot(deps, h.userId, h.capSlot, event.taskId, h.capToken)
      }
    }
  }
  await scoreTaskEventsSafely(deps, [event]) // points (奖惩考核): idempotent, never throws; the catch-up job repairs
  await notifyFor(deps, event, after)
}
