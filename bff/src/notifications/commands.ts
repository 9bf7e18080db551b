import { randomUUID } from 'node:crypto'
import type { AppDeps } from '../deps'
import type { AuthUser } from '../kernel/actor'
import { chinaTime } from '../kernel/notice'

/**
 * Queues a test work notification to `user`, so whoever runs the app can watch one arrive (on the
 * simulator's phone page, or in real DingTalk). Answers the outbox key.
 */
export async function sendTestNotice(deps: AppDeps, user: AuthUser): Promise<{ key: string }> {
  const now = deps.clock.now()
  const key = `test:${user.id}:${now.getTime()}:${randomUUID().slice(0, 8)}`
  await deps.notifier.enqueue({
    key,
    recipients: [user.id],
    template: 'test',
    data: { name: user.name, requestedAt: chinaTime(now) },
    page: 'pages/me/index',
  })
  return { key }
}
