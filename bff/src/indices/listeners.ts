/**
 * Indices react to task events (docs/architecture.md#events): each appended event refreshes the
 * task's facts and marks the days whose numbers may have moved; the rebuild job recomputes them.
 * Idempotent (the facts are a fold of the log; a dirty mark is an insert) and never holds the task
 * back: a failure is logged and the catch-up (jobs.ts) redoes it from the log.
 */
import type { AppDeps } from '../deps'
import type { Listener } from '../kernel/events'
import { taskDeps } from '../tasks/log'
import { noteTaskChanged } from './facts'

export function indicesListeners(deps: AppDeps): Listener[] {
  const tasks = taskDeps(deps)
  return [
    {
      topic: 'task.appended',
      name: 'indices.facts',
      handle: async ({ event }) => {
        try {
          await noteTaskChanged(tasks, event.taskId)
        } catch (err) {
          deps.logger.warn({ err, taskId: event.taskId, seq: event.seq }, 'indices: refreshing facts failed; the catch-up will redo it')
        }
      },
    },
  ]
}
