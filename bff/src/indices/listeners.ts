/**
 * Indices react to other domains' events (docs/architecture.md#events): each appended task event
 * refreshes the task's facts (just after the command answers) and marks the days whose numbers may have moved; leads, mediation
 * outcomes and 回访 ratings become facts of their own (external.ts). Idempotent (a fact is a fold; a
 * dirty mark is an insert) and never holds the publisher back: a failure is logged and the catch-up
 * (jobs.ts) or the publisher's repair redoes it.
 *
 * `lead.linked`, `mediation.recorded` and `followup.rated` are subscribed by name: the domains that
 * publish them declare their payloads (bff/src/intake/events.ts …); until a build has them, nothing is
 * published on those topics and their indices read 暂无数据. The payloads are parsed, not trusted.
 */
import type { AppDeps } from '../deps'
import { later } from '../kernel/background'
import type { Listener } from '../kernel/events'
import { taskDeps } from '../tasks/log'
import { onFollowUpRated, onLeadLinked, onMediationRecorded } from './external'
import { noteTaskChanged } from './facts'

/** A listener of a topic another domain declares (or will): the bus routes by name. */
const byName = (topic: string, name: string, handle: (payload: unknown) => Promise<void>) => ({ topic, name, handle }) as unknown as Listener

export function indicesListeners(deps: AppDeps): Listener[] {
  const tasks = taskDeps(deps)
  const guarded = (what: string, fn: (payload: unknown) => Promise<unknown>) => async (payload: unknown) => {
    try {
      await fn(payload)
    } catch (err) {
      deps.logger.warn({ err }, `indices: ${what} failed; it is redone when the event is delivered again`)
      throw err
    }
  }
  return [
    {
      // after the answer (kernel/background.ts): a claim storm does not wait for the numbers
      topic: 'task.appended',
      name: 'indices.facts',
      handle: async ({ event }) =>
        later(deps, `indices-facts:${event.taskId}`, async () => {
          try {
            await noteTaskChanged(tasks, event.taskId)
          } catch (err) {
            deps.logger.warn({ err, taskId: event.taskId, seq: event.seq }, 'indices: refreshing facts failed; the catch-up will redo it')
          }
        }),
    },
    byName(
      'lead.linked',
      'indices.leads',
      guarded('a lead fact', (p) => onLeadLinked(deps, p)),
    ),
    byName(
      'mediation.recorded',
      'indices.mediations',
      guarded('a mediation fact', (p) => onMediationRecorded(deps, p)),
    ),
    byName(
      'followup.rated',
      'indices.follow-ups',
      guarded('a 回访 fact', (p) => onFollowUpRated(deps, p)),
    ),
  ]
}
