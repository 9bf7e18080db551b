import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'

/** What a domain asks for when someone must be told something (工作通知). */
export interface NotificationRequest {
  /** idempotency key: the same key is queued once, however often or concurrently it is asked */
  key: string
  /** our user ids */
  recipients: string[]
  /** message kind, e.g. `task_routed`; notifications/templates.ts turns it into a DingTalk message */
  template: string
  /** values the template shows (task number, title, deadline …) */
  data: Record<string, string | number>
  /** mini-app page to open, e.g. `pages/task/index?id=T20261127-0001` */
  page?: string
}

export interface Notifier {
  enqueue(req: NotificationRequest): Promise<{ queued: boolean }>
}

/** Queues into the outbox collection; the worker sends. A duplicate key is a no-op, not an error. */
export function createOutboxNotifier(db: Db, clock: Clock): Notifier {
  return {
    async enqueue(req) {
      const now = clock.now()
      try {
        await db.models.Outbox.create({
          _id: req.key,
          recipients: req.recipients,
          template: req.template,
          data: req.data,
          page: req.page,
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
