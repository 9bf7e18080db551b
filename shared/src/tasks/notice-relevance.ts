/**
 * Whether a work notice queued about a task still says something true and worth acting on when the outbox is
 * about to send it. A notice retried for a while (the platform busy, the database away) must not arrive as news
 * after its moment — "please sign for this task" when it has long been signed and assigned. The outbox drops such
 * a notice instead of sending it and records why (the reason this returns).
 */
import { TASK_STATE_LABELS, TERMINAL_STATES } from './constants'
import type { TaskState } from './types'

export interface QueuedTaskNotice {
  template: string
  recipients: readonly string[]
  /** the values it shows (department name, claim expiry …) */
  data: Readonly<Record<string, string | number | undefined>>
}

/**
 * Notices that ask someone to act, most by a deadline: retried at most a couple of minutes apart (the outbox's
 * backoff is capped for them) and dropped once moot. The others (a claim expired, the task was taken over, new
 * tasks in the hall) stay true however late they come.
 */
export const TIME_SENSITIVE_TASK_NOTICES = [
  'task_routed',
  'task_reported',
  'task_assigned',
  'claim_approved',
  'claim_expiring',
  'task_reminder',
  'task_submitted',
  'task_returned',
  'task_escalated',
  'task_sent_back',
  'task_overdue_escalated',
] as const

const NOT_HOLDER = '接收人已不再承办该工单'

/** null while the notice is still current; otherwise why it is not, in words for the outbox record. */
export function staleTaskNotice(n: QueuedTaskNotice, t: TaskState | null, now: number): string | null {
  if (!t) return '工单不存在'
  const label = `工单已是「${TASK_STATE_LABELS[t.state]}」`
  if (!(TIME_SENSITIVE_TASK_NOTICES as readonly string[]).includes(n.template)) return null
  if (TERMINAL_STATES.includes(t.state)) return label
  const held = t.holders.filter((h) => n.recipients.includes(h.userId))
  switch (n.template) {
    case 'task_routed':
      if (t.state !== 'routed') return `${label}，无需再签收`
      if (n.data.department !== undefined && t.department?.name !== n.data.department) return `工单已改派给${t.department?.name ?? '其他部门'}`
      return null
    case 'task_reported':
      return t.state === 'draft' ? null : `${label}，社治中心已处理`
    case 'task_submitted':
      return t.state === 'submitted' ? null : `${label}，已不在待验收`
    case 'task_escalated':
      return t.state === 'escalated' ? null : `${label}，上报已处理`
    case 'task_assigned':
    case 'claim_approved':
    case 'task_sent_back':
      return held.length ? null : NOT_HOLDER
    case 'task_returned':
      if (!held.length) return NOT_HOLDER
      return t.state === 'returned' ? null : `${label}，驳回已处理`
    case 'claim_expiring': {
      const h = held[0]
      if (!h) return NOT_HOLDER
      if (h.startedAt !== undefined || h.expiresAt === undefined) return '已开始处置，认领不会到期'
      if (h.expiresAt <= now) return '认领已到期'
      const warned = typeof n.data.expiresAt === 'string' ? Date.parse(n.data.expiresAt) : Number.NaN
      if (!Number.isNaN(warned) && warned !== h.expiresAt) return '认领已延期'
      return null
    }
    case 'task_reminder':
      if (!held.length) return NOT_HOLDER
      return t.state === 'submitted' ? `${label}，已提交验收` : null
    case 'task_overdue_escalated':
      return t.state === 'submitted' ? `${label}，已提交验收` : null
    default:
      return null
  }
}
