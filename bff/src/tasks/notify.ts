/**
 * Who is told what when a task event happens (DingTalk 工作通知 through the outbox). Every key is
 * derived from the event id (or from the event that set the deadline), so a retried command, a
 * repair or a second sweeper instance queues each notice once.
 */
import { TASK_CATEGORY_LABELS, type TaskEvent, type TaskState } from '@jqtb/shared'
import { eventId, type TaskDeps } from './log'
import { iso } from './time'

export const taskPage = (taskId: string) => `pages/task/index?id=${taskId}`

export function taskData(t: TaskState): Record<string, string | number> {
  return {
    taskNo: t.taskNo,
    title: t.title,
    category: TASK_CATEGORY_LABELS[t.category] ?? t.category,
    territory: t.territory.name,
    dueAt: iso(t.dueAt) as string,
    ...(t.department ? { department: t.department.name } : {}),
  }
}

async function activeUsers(deps: TaskDeps, filter: Record<string, unknown>): Promise<string[]> {
  const users = await deps.db.models.User.find({ ...filter, active: true }, { _id: 1 }).lean()
  return users.map((u) => u._id)
}

export const deptLeads = (deps: TaskDeps, department: string) => activeUsers(deps, { department, roles: 'dept_lead' })
export const dispatchers = (deps: TaskDeps) => activeUsers(deps, { roles: 'dispatcher' })

/** Queues one notice to everyone named once (nobody named: nothing queued). */
async function send(deps: TaskDeps, key: string, recipients: string[], template: string, t: TaskState, extra: Record<string, string | number> = {}) {
  const unique = [...new Set(recipients)]
  if (!unique.length) return
  await deps.notifier.enqueue({ key, recipients: unique, template, data: { ...taskData(t), ...extra }, page: taskPage(t.id), subject: t.id })
}

/** The notices an appended event causes. */
export { send as sendTaskNotice }

export async function notifyFor(deps: TaskDeps, e: TaskEvent, after: TaskState): Promise<void> {
  const key = (template: string) => `${eventId(e.taskId, e.seq)}:${template}`
  const notActor = (ids: string[]) => ids.filter((id) => id !== e.actor.id)
  /** re-routed, re-published or re-assigned to others: those it was taken from are told they are done with it */
  const takenOver = (ended: { userId: string }[] | undefined) =>
    send(deps, key('task_taken_over'), notActor((ended ?? []).map((d) => d.userId)), 'task_taken_over', after, { by: e.actor.name })
  switch (e.type) {
    case 'created':
      if (e.data.origin !== 'direct_report') return
      return send(deps, key('task_reported'), await dispatchers(deps), 'task_reported', after, { by: e.actor.name })
    case 'routed':
      await takenOver(e.data.ended)
      return send(deps, key('task_routed'), notActor(await deptLeads(deps, e.data.department.code)), 'task_routed', after, {
        department: e.data.department.name,
        signDeadline: iso(e.data.signBy) as string,
      })
    case 'published':
      return takenOver(e.data.ended)
    case 'sent_back':
      return send(deps, key('task_sent_back'), notActor(after.holders.map((h) => h.userId)), 'task_sent_back', after, {
        by: e.actor.name,
        note: e.data.note ?? '',
      })
    case 'claim_approved':
      return send(deps, key('claim_approved'), [e.data.userId], 'claim_approved', after, e.data.expiresAt ? { expiresAt: iso(e.data.expiresAt) as string } : {})
    case 'assigned':
      await takenOver(e.data.replaced ? [e.data.replaced] : [])
      return send(deps, key('task_assigned'), notActor([e.data.userId]), 'task_assigned', after, { by: e.actor.name })
    case 'claim_expired':
      return send(deps, key('claim_expired'), [e.data.userId], 'claim_expired', after)
    case 'returned':
      return send(
        deps,
        key('task_returned'),
        after.holders.map((h) => h.userId),
        'task_returned',
        after,
        { reason: e.data.reason },
      )
    case 'submitted': {
      const reviewers = after.department ? await deptLeads(deps, after.department.code) : await dispatchers(deps)
      return send(deps, key('task_submitted'), notActor(reviewers), 'task_submitted', after, { by: e.actor.name })
    }
    case 'escalated':
      return send(deps, key('task_escalated'), notActor(await dispatchers(deps)), 'task_escalated', after, { reason: e.data.reason })
    case 'source_added': {
      // the people on the task hear that the same dispute came in again (and from where)
      const leads = after.department ? await deptLeads(deps, after.department.code) : []
      return send(deps, key('task_source_added'), notActor([...after.holders.map((h) => h.userId), ...leads]), 'task_source_added', after, {
        channels: e.data.channels.join('、'),
        sourceTitle: e.data.title,
      })
    }
    case 'bounced':
      if (!e.data.escalate) return
      return send(deps, key('task_escalated'), await dispatchers(deps), 'task_escalated', after, { reason: `退回${e.data.bounceCount}次：${e.data.reason}` })
    case 'risk_changed': {
      // the risk engine (or the person who set it) named who hears a red warning, in the event
      if (!e.data.notify?.length) return
      return send(deps, key('risk_red'), notActor(e.data.notify), 'risk_red', after, {
        score: e.data.score,
        factors: e.data.factors.map((f) => `${f.text} ${f.points >= 0 ? '+' : '−'}${Math.abs(f.points)}`).join('\n'),
        followUpBy: iso(e.data.followUpBy) as string,
        by: e.data.source === 'manual' ? `${e.actor.name}（人工设定：${e.data.reason ?? ''}）` : '系统评分',
      })
    }
    case 'risk_escalated':
      return send(deps, key('risk_escalated'), e.data.notify, 'risk_escalated', after, {
        score: e.data.score,
        factors: e.data.factors.map((f) => `${f.text} ${f.points >= 0 ? '+' : '−'}${Math.abs(f.points)}`).join('\n'),
        followUpBy: iso(e.data.followUpBy) as string,
        holders: after.holders.map((h) => h.name).join('、'),
      })
    case 'overdue_escalated': {
      const leads = after.department ? await deptLeads(deps, after.department.code) : []
      const holders = after.holders.map((h) => h.userId)
      return send(deps, key('task_overdue_escalated'), [...(await dispatchers(deps)), ...leads, ...holders], 'task_overdue_escalated', after)
    }
    default:
      return
  }
}
