/**
 * Leads react to intake (docs/architecture.md#events): a record created or updated is linked into a
 * lead. A single record is linked before the push or the form is answered; an import batch is linked
 * in the background. Failures are logged, never the record's: the repair job links what was missed.
 */
import type { AppDeps } from '../deps'
import '../intake/events'
import '../tasks/events'
import type { Listener } from '../kernel/events'
import { queueTaskFeedback } from './feedback'
import { enqueueLinking, linkAndRoute } from './link'
import { leadDeps } from './store'

export function leadListeners(deps: AppDeps): Listener[] {
  const d = () => leadDeps(deps)
  return [
    {
      topic: 'intake.recorded',
      name: 'leads.link',
      handle: async ({ keys, bulk, via }) => {
        // an import, or the demo month at start (not holding the start up; its history is not auto-routed)
        if (bulk || via === 'seed') {
          enqueueLinking(d(), keys, { auto: via !== 'seed' })
          return
        }
        for (const key of keys) {
          try {
            await linkAndRoute(d(), key)
          } catch (err) {
            deps.logger.warn({ err, key }, 'linking failed; the repair job will retry')
          }
        }
      },
    },
    {
      // the channels of a task made from a lead hear when it is signed for, closed or cancelled
      topic: 'task.appended',
      name: 'leads.feedback',
      handle: ({ event, after }) => queueTaskFeedback(d(), event, after),
    },
  ]
}
