/**
 * Points react to task events (docs/architecture.md#events). Scoring is idempotent (each ledger
 * entry's `_id` comes from the event, the person and the reason) and never holds the task back: a
 * failure is logged and the catch-up job (jobs.ts) scores what was missed.
 */
import type { AppDeps } from '../deps'
import type { Listener } from '../kernel/events'
import { taskDeps } from '../tasks/log'
import { scoreTaskEventsSafely } from './scoring'

export function pointsListeners(deps: AppDeps): Listener[] {
  const tasks = taskDeps(deps)
  return [{ topic: 'task.appended', name: 'points.score', handle: ({ event }) => scoreTaskEventsSafely(tasks, [event]) }]
}
