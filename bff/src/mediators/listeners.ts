/**
 * The mediators domain's reactions to task events (docs/architecture.md#events): a member who lets go
 * of the task (放弃, a lapsed claim, someone 指派ed in their place) leaves the team; a task taken
 * away (re-routed, re-published, reopened, cancelled) dissolves it; a closed task's rating goes to
 * the members' records. Idempotent (team events are decided against the folded team; rating rows
 * have deterministic ids). A failure never holds the task back: it is logged, and the repair job
 * (jobs.ts) reconciles active teams every 30 s.
 */
import { memberOf, type TaskEvent, type TaskState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { Listener } from '../kernel/events'
import { reconcileTeam } from './reconcile'
import { rateMembers } from './stats'
import { mutateTeam, readTeam } from './team-store'

/** The user whose seat this event ended, if any. */
function leaver(e: TaskEvent): { userId: string; reason: string } | null {
  if (e.type === 'released') return { userId: e.data.userId, reason: e.data.reason ? `放弃承办：${e.data.reason}` : '放弃承办' }
  if (e.type === 'claim_expired') return { userId: e.data.userId, reason: '认领超时' }
  if (e.type === 'assigned' && e.data.replaced) return { userId: e.data.replaced.userId, reason: `已由${e.data.name}接替（指派）` }
  return null
}

/** What must be recorded at once: the rating of a closed task, a member's departure (team events, no task reads). */
export async function onTaskEvent(deps: AppDeps, e: TaskEvent, before: TaskState | null, after: TaskState): Promise<string | null> {
  const teamId = after.team?.id ?? before?.team?.id
  if (e.type === 'accepted') {
    const members = e.data.doers.map((d) => d.userId)
    const known = teamId ? await readTeam(deps, teamId) : null
    const onTeam = known ? members.filter((id) => known.members.some((m) => m.mediatorId === id)) : []
    if (onTeam.length) await rateMembers(deps, { source: 'review', ref: `${e.taskId}:${e.seq}`, taskId: e.taskId, rating: e.data.rating, mediatorIds: onTeam })
  }
  if (!teamId) return null
  const left = leaver(e)
  if (left) {
    await mutateTeam(deps, teamId, (t) =>
      memberOf(t, left.userId)?.status === 'accepted'
        ? { type: 'left', actor: e.actor, data: { mediatorId: left.userId, reason: left.reason } }
        : { done: true },
    )
  }
  const relevant = left || ['routed', 'published', 'reopened', 'cancelled', 'accepted', 'team_formed', 'team_changed'].includes(e.type)
  return relevant ? teamId : null
}

/**
 * The rest (the proposer told, seats, loads, dissolution) is the team's reconcile, which reads the task.
 * It runs right after the task's effects instead of inside them: reading the task from within its own
 * effects could start the task's repair of the very event being published, and so publish it again.
 */
function reconcileSoon(deps: AppDeps, teamId: string) {
  setImmediate(() => {
    reconcileTeam(deps, teamId).catch((err) => deps.logger.warn({ err, teamId }, 'mediators: reconcile after a task event failed; the repair job will retry'))
  })
}

export function mediatorListeners(deps: AppDeps): Listener[] {
  return [
    {
      topic: 'task.appended',
      name: 'mediators.team',
      handle: async ({ event, before, after }) => {
        try {
          const teamId = await onTaskEvent(deps, event, before, after)
          if (teamId) reconcileSoon(deps, teamId)
        } catch (err) {
          deps.logger.warn({ err, taskId: event.taskId, seq: event.seq }, 'mediators: task event not handled; the repair job will reconcile')
        }
      },
    },
  ]
}
