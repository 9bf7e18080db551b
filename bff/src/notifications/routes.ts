import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { byUserOrIp, rateLimit } from '../infra/rate-limit'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { sendTestNotice } from './commands'

export function notificationRoutes(router: Router, deps: AppDeps) {
  /** A test work notification to the signed-in person (commands.ts sendTestNotice). */
  describeRoute(router, {
    method: 'post',
    path: '/api/notifications/test',
    tag: 'notifications',
    summary: '给自己发一条测试工作通知（进入发送队列，几秒后送达）',
    response: '{ key }',
    status: 202,
    errors: [429],
  })
  // a test is for watching one arrive: a script looping on it would queue sends ahead of real task notices
  const testLimit = rateLimit(
    { name: 'test-notice', max: 5, windowMs: 10 * 60_000, key: byUserOrIp, message: '测试通知发送过于频繁（每 10 分钟最多 5 条），请稍后再试' },
    deps,
  )
  router.post('/api/notifications/test', requireAuth(deps), testLimit, async (ctx) => {
    parse(z.object({}).strict(), ctx.request.body ?? {})
    const body = await sendTestNotice(deps, currentUser(ctx))
    ctx.status = 202
    ctx.body = body
  })
}
