/**
 * What follows from an appended event besides the projection: claim slots given back, the task's
 * own notices queued, and the event published to other domains (points, and whoever listens to
 * `task.appended`). Run by the winner right after its append and again by any repair of a
 * projection that is behind its log — so everything here, and every listener, must be idempotent.
 */
import type { TaskEvent, TaskState } from '@jqtb/shared'
import './events'
import type { TaskDeps } from './log'
import { notifyFor } from './notify'
import { countsAgainstCap, releaseSlot } from './slots'

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
  await notifyFor(deps, event, after)
  // a failing listener throws here: the projection then stays behind and the repair publishes again
  await deps.events.publish('task.appended', { event, before, after })
}
