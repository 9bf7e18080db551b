/**
 * The risk engine listens to every task event that feeds a case (docs/risk.md#always-current): new
 * text (a description, a progress note, a review, a reason), a bounce, a return, an escalation, a
 * reopening, the end of the case. It re-scores the task right after the command that appended the
 * event (a follow-up of that command, tasks/follow-ups.ts), so the request that recorded a threat
 * answers with the task already red. Its own risk events feed nothing: no loop.
 */
import type { TaskEventType } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { later } from '../kernel/background'
import type { Listener } from '../kernel/events'
import type {} from '../leads/events'
import { afterTaskCommand } from '../tasks/follow-ups'
import { taskDeps } from '../tasks/log'
import { noteHolder, rescoreTask } from './engine'
import { noteLead } from './intake-feed'

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
          // after the answer (kernel/background.ts): nothing is scored, only the watch list's follow-up person
          later(appDeps, `risk-holder:${event.taskId}`, () => noteHolder(own, event.taskId))
          return
        }
        if (!RESCORED_BY.has(event.type)) return
        // a new case raises the repeat factors of the open cases of the same people or address
        const linked = event.type === 'created'
        await afterTaskCommand(`risk:${event.taskId}`, own, (deps) => rescoreTask(deps, event.taskId, { linked }).then(() => undefined))
      },
    },
    // one lead = one incident (docs/risk.md#intake-records): its records are noted with the lead as their
    // incident whenever a record joins it, leaves it (split, merge) or gets a new version. The payload
    // carries the lead's records as they are now, so a late re-delivery of an old event moves nothing back.
    // A failure is logged, not thrown: the lead's own work goes on, and the risk-intake job catches up.
    {
      topic: 'lead.linked',
      name: 'risk.lead-linked',
      handle: (e) => noteLeadQuietly(appDeps, own, e.leadId, e.sourceKeys),
    },
    {
      topic: 'lead.updated',
      name: 'risk.lead-updated',
      handle: (e) => (LEAD_CHANGES_NOTED.has(e.change) ? noteLeadQuietly(appDeps, own, e.leadId, e.sourceKeys) : Promise.resolve()),
    },
  ]
}

/** Changes of a lead that change its records: a new version, a record split off, a lead merged in (and the one merged away). */
export const LEAD_CHANGES_NOTED: ReadonlySet<string> = new Set(['source_updated', 'split_off', 'absorbed', 'merged_into'])

async function noteLeadQuietly(appDeps: AppDeps, deps: ReturnType<typeof taskDeps>, leadId: string, sourceKeys: readonly string[]): Promise<void> {
  try {
    await noteLead(deps, leadId, sourceKeys)
  } catch (err) {
    appDeps.logger.warn({ err, leadId }, 'risk: a lead’s records could not be scored; the risk-intake job catches up')
  }
}
