import { createHash, timingSafeEqual } from 'node:crypto'
import type Router from '@koa/router'
import type { AppDeps } from '../deps'
import { pingDb } from '../infra/db'
import { AppError } from '../infra/errors'
import { describeRoute } from '../openapi/registry'

const digest = (s: string) => createHash('sha256').update(s).digest()

export function healthRoutes(router: Router, { db, clock, config, metrics }: AppDeps) {
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
  /**
   * Prometheus scrape through the app's own port, only with METRICS_TOKEN as a bearer token (for a
   * scraper that reaches the instances only through the load balancer). Without a token configured,
   * or with a wrong one, it does not exist: 404, the same as any unknown path.
   */
  router.get('/metrics', async (ctx) => {
    const token = config.metrics.token
    const given = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1] ?? ''
    if (!token || !timingSafeEqual(digest(given), digest(token))) throw new AppError('NOT_FOUND', '接口不存在')
    ctx.type = metrics.registry.contentType
    ctx.body = await metrics.registry.metrics()
  })
}
