import type Router from '@koa/router'
import { z } from 'zod'
import { requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { notFound } from '../infra/errors'
import { parse } from '../infra/validate'
import { presentTerritory } from './presenter'

const childrenQuery = z.object({ code: z.string().regex(/^[A-Z0-9-]{1,32}$/, '编码格式不正确') }).strict()

export function territoryRoutes(router: Router, deps: AppDeps) {
  const { Territory, Department } = deps.db.models
  // the organisation is for staff: any signed-in user may read it, nobody else
  const auth = requireAuth(deps)

  /** The street at a glance: counts per level, communities with their grids, departments. */
  router.get('/api/territories/overview', auth, async (ctx) => {
    const street = await Territory.findOne({ level: 'street' }).lean()
    if (!street) throw notFound('街道数据（请先运行 npm run seed）')
    const [communities, grids, micro, departments] = await Promise.all([
      Territory.find({ level: 'community' }).sort({ order: 1, _id: 1 }).lean(),
      Territory.find({ level: 'grid' }, { _id: 1, parent: 1, dedicated: 1 }).lean(),
      Territory.countDocuments({ level: 'micro' }),
      Department.find().sort({ order: 1, _id: 1 }).lean(),
    ])
    const gridsByCommunity = new Map<string, { total: number; dedicated: number }>()
    for (const g of grids) {
      const c = gridsByCommunity.get(g.parent ?? '') ?? { total: 0, dedicated: 0 }
      c.total++
      if (g.dedicated) c.dedicated++
      gridsByCommunity.set(g.parent ?? '', c)
    }
    ctx.body = {
      street: presentTerritory(street),
      counts: { communities: communities.length, grids: grids.length, dedicatedGrids: grids.filter((g) => g.dedicated).length, microGrids: micro },
      communities: communities.map((c) => ({ ...presentTerritory(c), grids: gridsByCommunity.get(c._id) ?? { total: 0, dedicated: 0 } })),
      departments: departments.map((d) => ({ code: d._id, name: d.name, domains: d.domains })),
    }
  })

  /** One level of the tree below `code`. */
  router.get('/api/territories/:code/children', auth, async (ctx) => {
    const { code } = parse(childrenQuery, { code: ctx.params.code })
    const node = await Territory.findById(code).lean()
    if (!node) throw notFound(`区域 ${code} `)
    const children = await Territory.find({ parent: code }).sort({ order: 1, _id: 1 }).lean()
    ctx.body = { node: presentTerritory(node), items: children.map(presentTerritory) }
  })
}
