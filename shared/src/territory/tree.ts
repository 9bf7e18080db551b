/** 街道 → 村/社区 → 网格 → 微网格. Codes are path-like: GT, GT-01, GT-01-03, GT-01-03-04. */
export const TERRITORY_LEVELS = ['street', 'community', 'grid', 'micro'] as const
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number]

export const TERRITORY_LEVEL_LABELS: Record<TerritoryLevel, string> = {
  street: '街道',
  community: '村/社区',
  grid: '网格',
  micro: '微网格',
}

export interface TerritoryNode {
  code: string
  name: string
  fullName: string
  level: TerritoryLevel
  parent?: string
  /** Codes of every ancestor, street first; lets one equality query select a whole subtree. */
  ancestors: string[]
  /** 专属网格 (a grid dedicated to an industrial park, school, market …) */
  dedicated?: boolean
  order: number
}

/** True when `code` is `scope` itself or lies anywhere below it. */
export function territoryContains(scope: string, node: Pick<TerritoryNode, 'code' | 'ancestors'>): boolean {
  return node.code === scope || node.ancestors.includes(scope)
}

/** Ancestor codes derived from a code alone (codes are hierarchical by construction). */
export function ancestorsOf(code: string): string[] {
  const parts = code.split('-')
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('-'))
}
