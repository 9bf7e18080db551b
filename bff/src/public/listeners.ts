/**
 * The citizen's milestones follow the task that handles their case (task.appended), the mediation
 * team formed for it (mediation.team_formed) and the lead their record is in (lead.linked /
 * lead.updated: a lead founded by another channel becomes the case's task — follow-lead.ts; a lead
 * decided without a task closes the case — lead-decisions.ts).
 * Idempotent: each milestone is a keyed insert and a keyed SMS, recorded just after the task command
 * answers (a moment later, never before). A failure never holds the task back: it
 * is logged, and the repair in jobs.ts derives the milestones again from the task. A failure on a lead
 * event is thrown: the lead stays behind its log and the leads' repair delivers the event again.
 */
import type { AppDeps } from '../deps'
import { later } from '../kernel/background'
import type { Listener } from '../kernel/events'
import { onLeadEvent } from './follow-lead'
import { onLeadDecided } from './lead-decisions'
import { onTaskAppended, onTeamFormed } from './milestones'

export function publicListeners(deps: AppDeps): Listener[] {
  return [
    {
      // after the answer (kernel/background.ts): a claim does not wait for the citizen's timeline
      topic: 'task.appended',
      name: 'public.milestones',
      handle: async (payload) =>
        later(deps, `public-milestones:${payload.event.taskId}:${payload.event.seq}`, async () => {
          try {
            await onTaskAppended(deps, payload)
          } catch (err) {
            deps.logger.warn({ err, taskId: payload.after.id }, 'public milestone not recorded; the repair job will')
          }
        }),
    },
    {
      topic: 'mediation.team_formed',
      name: 'public.mediating',
      handle: async (payload) => {
        try {
          await onTeamFormed(deps, payload.taskId, new Date(payload.at))
        } catch (err) {
          deps.logger.warn({ err, taskId: payload.taskId }, 'public milestone not recorded; the repair job will')
        }
      },
    },
    { topic: 'lead.linked', name: 'public.follow-lead', handle: (payload) => onLeadEvent(deps, payload) },
    { topic: 'lead.updated', name: 'public.follow-lead', handle: (payload) => onLeadEvent(deps, payload) },
    { topic: 'lead.updated', name: 'public.lead-decided', handle: (payload) => onLeadDecided(deps, payload) },
  ]
}
