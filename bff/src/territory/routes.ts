import type Router from '@koa/router'
import { z } from 'zod'
import { requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { parse } from '../infra/validate'
import { territoryChildren, territoryOverview } from './queries'

const childrenQuery = z.object({ code: z.string().regex(/^[A-Z0-9-]{1,32}$/, '编码格式不正确') }).strict()

export function territoryRoutes(router: Router, deps: AppDeps) {
  // the organisation is for staff: any signed-in user may read it, nobody else
  const auth = requireAuth(deps)

  /** The street at a glance: counts per level, communities with their grids, departments. */
  router.get('/api/territories/overview', auth, async (ctx) => {
    ctx.body = await territoryOverview(deps)
  })

  /** One level of the tree below `code`. */
  router.get('/api/territories/:code/children', auth, async (ctx) => {
    const { code } = parse(childrenQuery, { code: ctx.params.code })
    ctx.body = await territoryChildren(deps, code)
  })
}
