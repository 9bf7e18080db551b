import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import type { NoticeTemplates } from '../kernel/notice'

/** What a domain asks for when someone must be told something (工作通知). */
export interface NotificationRequest {
  /** idempotency key: the same key is queued once, however often or concurrently it is asked */
  key: string
  /** our user ids */
  recipients: string[]
  /** message kind, e.g. `task_routed`: a template some domain declares (kernel/notice.ts) */
  template: string
  /** values the template shows (task number, title, deadline …) */
  data: Record<string, string | number>
  /** mini-app page to open, e.g. `pages/task/index?id=T20261127-0001` */
  page?: string
  /** what the notice is about (a task id): the declaring domain's relevance check reads it before each send */
  subject?: string
}

export interface Notifier {
  enqueue(req: NotificationRequest): Promise<{ queued: boolean }>
}

/**
 * Queues into the outbox collection; the worker sends. A duplicate key is a no-op, not an error. A
 * template no domain declares is a programming error: refused here rather than failing at send time.
 */
export function createOutboxNotifier(db: Db, clock: Clock, templates: NoticeTemplates): Notifier {
  return {
    async enqueue(req) {
      if (!Object.hasOwn(templates, req.template)) throw new Error(`no domain declares the notice template "${req.template}"`)
      const now = clock.now()
      try {
        await db.models.Outbox.create({
          _id: req.key,
          recipients: req.recipients,
          template: req.template,
          data: req.data,
          page: req.page,
          subject: req.subject,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        })
        return { queued: true }
      } catch (err) {
        if (isDuplicateKey(err)) return { queued: false }
        throw err
      }
    },
  }
}
