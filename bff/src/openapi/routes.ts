import type Router from '@koa/router'
import type { AppDeps } from '../deps'
import { buildOpenApi } from './document'
import { describeRoute } from './registry'

/** `GET /api/openapi.json`: generated on first request from the router, so every domain's routes are in it. */
export function openapiRoutes(router: Router, deps: AppDeps) {
  let cached: string | null = null
  describeRoute(router, {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'meta',
    summary: '本 API 的 OpenAPI 3.1 文档',
    response: 'OpenAPI document',
    public: true,
  })
  router.get('/api/openapi.json', async (ctx) => {
    cached ??= JSON.stringify(buildOpenApi(router, { version: '0.1.0' }, deps.responses))
    ctx.type = 'application/json'
    ctx.body = cached
  })
}
