/**
 * The risk engine listens to every task event that feeds a case (docs/risk.md#always-current): new
 * text (a description, a progress note, a review, a reason), a bounce, a return, an escalation, a
 * reopening, the end of the case. It re-scores the task right after the command that appended the
 * event (a follow-up of that command, tasks/follow-ups.ts), so the request that recorded a threat
 * answers with the task already red. Its own risk events feed nothing: no loop.
 */
import type { TaskEventType } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { Listener } from '../kernel/events'
import { afterTaskCommand } from '../tasks/follow-ups'
import { taskDeps } from '../tasks/log'
import { noteHolder, rescoreTask } from './engine'

/** Events whose facts are scored (or that open or close the case). Claims, notes and risk events are not. */
export const RESCORED_BY: ReadonlySet<TaskEventType> = new Set<TaskEventType>([
  'created',
  'progress',
  'submitted',
  'accepted',
  'returned',
  'bounced',
  'escalated',
  'reopened',
  'cancelled',
])

/** Events that change who holds a case (the watch list's default follow-up person), and nothing scored. */
export const HOLDER_CHANGED_BY: ReadonlySet<TaskEventType> = new Set<TaskEventType>([
  'claimed',
  'claim_approved',
  'assigned',
  'released',
  'claim_expired',
  'routed',
  'published',
])

export function riskListeners(appDeps: AppDeps): Listener[] {
  const own = taskDeps(appDeps)
  return [
    {
      topic: 'task.appended',
      name: 'risk.rescore',
      handle: async ({ event }) => {
        if (HOLDER_CHANGED_BY.has(event.type)) {
          await afterTaskCommand(`risk-holder:${event.taskId}`, own, (deps) => noteHolder(deps, event.taskId))
          return
        }
        if (!RESCORED_BY.has(event.type)) return
        // a new case raises the repeat factors of the open cases of the same people or address
        const linked = event.type === 'created'
        await afterTaskCommand(`risk:${event.taskId}`, own, (deps) => rescoreTask(deps, event.taskId, { linked }).then(() => undefined))
      },
    },
  ]
}
