/**
 * 属地 between territory codes, the one rule every task check uses (visibility, pools, reports,
 * assignment, list filters). Codes are path-like (GT, GT-01, GT-01-03), so "inside" is "the same code
 * or below it".
 */
import { ancestorsOf, territoryContains } from '../territory'

/** `code` is `scope` itself or lies anywhere below it. */
export const isInside = (code: string, scope: string) => territoryContains(scope, { code, ancestors: ancestorsOf(code) })

/** Two territories overlap when one contains the other (a pool and its members, a task and its assignees). */
export const territoriesOverlap = (a: string, b: string) => isInside(a, b) || isInside(b, a)
