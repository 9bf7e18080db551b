/**
 * The routing table (分拨规则): for a kind of dispute, who handles it first — a department, the village
 * or community (二级中心) of its place, or its grid — with the responsible department, the default tier
 * and claim mode, and whether a lead of that kind may be converted and routed without a person when
 * the suggestion is sure enough. Admins edit it in the app; every save is a version (who, when).
 */
import { z } from 'zod'
import { CLAIM_MODES, type ClaimMode, TASK_CATEGORIES, TASK_TIERS, type TaskTier } from '../tasks/constants'
import { departmentCode } from '../tasks/schemas'
import { DEFAULT_TAXONOMY, familyOf, kindOf } from './taxonomy'

export const HANDLERS = ['department', 'community', 'grid'] as const
export type Handler = (typeof HANDLERS)[number]

export const HANDLER_LABELS: Record<Handler, string> = {
  department: '职能部门',
  community: '村/社区（二级中心）',
  grid: '网格',
}

export interface RoutingRow {
  /** a taxonomy code: a family, a kind or an item (the most specific row wins) */
  category: string
  /** who handles it first */
  handler: Handler
  /** the responsible department (handles it when `handler` is department; otherwise the one behind the community) */
  department: string
  tier: TaskTier
  claimMode: ClaimMode
  /** a sure lead of this kind is converted and routed without waiting for a person */
  auto: boolean
}

export interface RoutingTable {
  rows: RoutingRow[]
  /** suggestions at or above this confidence are converted automatically (rows with `auto`); 1.01 = never */
  autoConvertAbove: number
}

const TASK_DEPARTMENT = Object.fromEntries(TASK_CATEGORIES.map((c) => [c.code, c.department])) as Record<string, string>

/** The default table: one row per kind, from the task categories' departments. */
export const DEFAULT_ROUTING: RoutingTable = {
  autoConvertAbove: 0.95,
  rows: DEFAULT_TAXONOMY.filter((n) => n.code.split('.').length === 2).map((n) => {
    const family = familyOf(n.code)
    const light = ['neighbour', 'property', 'urban'].includes(family)
    return {
      category: n.code,
      handler: family === 'neighbour' || n.code === 'family.household' ? 'community' : 'department',
      department: TASK_DEPARTMENT[n.taskCategory] ?? 'SZZX',
      tier: n.police ? 'general' : light ? 'simple' : family === 'land' || family === 'petition' ? 'complex' : 'general',
      claimMode: 'first_come',
      auto: light && !n.police,
    }
  }),
}

/** The row that decides for a code: the item's own, else its kind's, else its family's. */
export function routingRowFor(table: RoutingTable, code: string): RoutingRow | null {
  const exact = table.rows.find((r) => r.category === code)
  if (exact) return exact
  const kind = table.rows.find((r) => r.category === kindOf(code))
  if (kind) return kind
  return table.rows.find((r) => r.category === familyOf(code)) ?? null
}

const row = z
  .object({
    category: z.string().regex(/^[a-z_]+(\.[a-z_0-9]+){0,2}$/, '分类编码格式不正确'),
    handler: z.enum(HANDLERS),
    department: departmentCode,
    tier: z.enum(TASK_TIERS),
    claimMode: z.enum(CLAIM_MODES),
    auto: z.boolean(),
  })
  .strict()

/** `PUT /api/intake/routing` — a new version of the routing table (admin). */
export const routingTableBody = z
  .object({
    baseVersion: z.number().int().min(0),
    rows: z.array(row).max(300),
    autoConvertAbove: z.number().min(0.5, '自动分拨的置信度门槛不能低于 0.5').max(1.01),
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>()
    b.rows.forEach((r, i) => {
      if (seen.has(r.category)) ctx.addIssue({ code: 'custom', path: ['rows', i, 'category'], message: `分类 ${r.category} 有两行规则` })
      seen.add(r.category)
    })
  })
export type RoutingTableBody = z.infer<typeof routingTableBody>
export type RoutingTableInput = z.input<typeof routingTableBody>
