/** Reading the organisation: the street at a glance, and the tree one level at a time. */
import type { TerritoryChildrenView, TerritoryOverview } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { notFound } from '../infra/errors'
import { presentDepartment, presentTerritory } from './presenter'

/** The street at a glance: counts per level, communities with their grids, departments. */
export async function territoryOverview(deps: AppDeps): Promise<TerritoryOverview> {
  const { Territory, Department } = deps.db.models
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
  return {
    street: presentTerritory(street),
    counts: { communities: communities.length, grids: grids.length, dedicatedGrids: grids.filter((g) => g.dedicated).length, microGrids: micro },
    communities: communities.map((c) => ({ ...presentTerritory(c), grids: gridsByCommunity.get(c._id) ?? { total: 0, dedicated: 0 } })),
    departments: departments.map(presentDepartment),
  }
}

/** One level of the tree below `code`. */
export async function territoryChildren(deps: AppDeps, code: string): Promise<TerritoryChildrenView> {
  const { Territory } = deps.db.models
  const node = await Territory.findById(code).lean()
  if (!node) throw notFound(`区域 ${code} `)
  const children = await Territory.find({ parent: code }).sort({ order: 1, _id: 1 }).lean()
  return { node: presentTerritory(node), items: children.map(presentTerritory) }
}
