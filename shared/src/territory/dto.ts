/** What the territory endpoints return (the BFF's territory/presenter.ts builds these). */
import type { TerritoryLevel } from './tree'

/** One node of the territory tree. */
export interface TerritoryView {
  code: string
  name: string
  fullName: string
  level: TerritoryLevel
  levelLabel: string
  parent?: string
  /** 专属网格 */
  dedicated: boolean
}

export interface DepartmentView {
  code: string
  name: string
  /** the dispute domains it answers for */
  domains: string[]
}

/** `GET /api/territories/overview`: the street at a glance. */
export interface TerritoryOverview {
  street: TerritoryView
  counts: { communities: number; grids: number; dedicatedGrids: number; microGrids: number }
  communities: Array<TerritoryView & { grids: { total: number; dedicated: number } }>
  departments: DepartmentView[]
}

/** `GET /api/territories/:code/children`: one level of the tree below a node. */
export interface TerritoryChildrenView {
  node: TerritoryView
  items: TerritoryView[]
}
