import type Router from '@koa/router'
import type { AppDeps } from '../deps'
import { pingDb } from '../infra/db'
import { describeRoute } from '../openapi/registry'

export function healthRoutes(router: Router, { db, clock }: AppDeps) {
  describeRoute(router, { method: 'get', path: '/healthz', tag: 'health', summary: '进程存活', response: '{ status, time }', public: true })
  describeRoute(router, {
    method: 'get',
    path: '/readyz',
    tag: 'health',
    summary: '可以服务：数据库有应答（否则 503）',
    response: '{ status }',
    errors: [503],
    public: true,
  })
  /** process is up */
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', time: clock.now().toISOString() }
  })
  /** process can serve: the database answers */
  router.get('/readyz', async (ctx) => {
    try {
      await Promise.race([pingDb(db), new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 2000))])
      ctx.body = { status: 'ready' }
    } catch {
      ctx.status = 503
      ctx.body = { error: { code: 'DB_UNAVAILABLE', message: '数据库暂时无法连接，请稍后重试' } }
    }
  })
}
