/**
 * Who may read which indices — in one place.
 *
 * In words:
 * - Admins and the centre (社治中心 dispatchers) read everything: any scope, the 一屏掌控, the live red
 *   and overdue lists, the cases behind every number, the monthly report.
 * - A department lead reads their department (and its people): its indices, queues, dashboard, cases,
 *   and the monthly report limited to the department — the same policy as the points export.
 * - Community staff read their community, its grids and the people working there.
 * - Everyone reads their own month (person scope).
 * - The cases behind a number are listed for whoever may read the number; a case the reader may not
 *   open (a task bounced by their department that is now elsewhere) shows its number but not its title.
 */
import { type Dimension, type DimKey, isInside } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'
import { exportScope as pointsExportScope } from '../points/policy'

export const isCentre = (u: AuthUser) => hasRole(u, 'admin', 'dispatcher')

export interface Scope {
  dim: Dimension
  key: string
}

export const parseScope = (s: DimKey | string): Scope => {
  const i = s.indexOf(':')
  return { dim: s.slice(0, i) as Dimension, key: s.slice(i + 1) }
}
export const scopeKey = (s: Scope): DimKey => `${s.dim}:${s.key}`

/** Where a person works, for reading their indices. */
export interface PersonPlace {
  territory: string
  department?: string | null
}

/** The community code a person answers for (community staff), or null. */
export const communityOf = (code: string): string | null => {
  const parts = code.split('-')
  return parts.length >= 2 ? parts.slice(0, 2).join('-') : null
}

/** May `viewer` read the indices of `scope`? (`person` is the scope's person, for person scopes.) */
export function canReadScope(viewer: AuthUser, scope: Scope, person?: PersonPlace | null): boolean {
  if (isCentre(viewer)) return true
  if (scope.dim === 'person' && scope.key === viewer.id) return true
  if (hasRole(viewer, 'dept_lead') && viewer.department) {
    if (scope.dim === 'department' && scope.key === viewer.department) return true
    if (scope.dim === 'person' && person?.department === viewer.department) return true
  }
  if (hasRole(viewer, 'community_staff')) {
    if ((scope.dim === 'community' || scope.dim === 'grid') && isInside(scope.key, viewer.territory)) return true
    if (scope.dim === 'person' && person && isInside(person.territory, viewer.territory)) return true
  }
  return false
}

export function assertCanReadScope(viewer: AuthUser, scope: Scope, person?: PersonPlace | null): void {
  if (!canReadScope(viewer, scope, person)) {
    throw new AppError('FORBIDDEN', '您无权查看这个范围的指数：社治中心可看全部，部门负责人看本部门，村社干部看本社区，每个人看自己的')
  }
}

/** The scope a person's summary and dashboard open on. */
export function defaultScope(viewer: AuthUser): Scope {
  if (isCentre(viewer)) return { dim: 'street', key: viewer.territory.split('-')[0] }
  if (hasRole(viewer, 'dept_lead') && viewer.department) return { dim: 'department', key: viewer.department }
  if (hasRole(viewer, 'community_staff')) {
    const community = communityOf(viewer.territory)
    if (community) return { dim: 'community', key: community }
  }
  return { dim: 'person', key: viewer.id }
}

/** The 一屏掌控 is for those who watch a part of the street: the centre, department leads, community staff. */
export function canOpenDashboard(viewer: AuthUser): boolean {
  return isCentre(viewer) || (hasRole(viewer, 'dept_lead') && !!viewer.department) || hasRole(viewer, 'community_staff')
}

export function assertCanOpenDashboard(viewer: AuthUser): void {
  if (!canOpenDashboard(viewer)) throw new AppError('FORBIDDEN', '一屏掌控供社治中心、部门负责人和村社干部使用；您的本月情况在首页')
}

/** Which board rows (communities, grids, departments) a viewer of `scope` sees in the heat view and league tables. */
export function rowVisible(viewer: AuthUser, scope: Scope, row: { dim: string; key: string; parent?: string }): boolean {
  if (scope.dim === 'street') return isCentre(viewer)
  if (scope.dim === 'community') return row.dim !== 'department' && (row.key === scope.key || row.parent === scope.key)
  return false
}

/** The monthly report: the same policy as the points export (admins and the centre: all; a department lead: their department). */
export function assertCanExportIndices(viewer: AuthUser): { all: true } | { department: string } {
  const scope = pointsExportScope(viewer)
  if (!scope) throw new AppError('FORBIDDEN', '只有管理员、社治中心和部门负责人可以导出月度指数报表')
  return scope
}

/** The territory filter of a scope for task lists (street/community/grid), or the department. */
export function taskFilterOf(scope: Scope): Record<string, unknown> {
  switch (scope.dim) {
    case 'street':
    case 'community':
    case 'grid':
      return { scope: scope.key }
    case 'department':
      return { departmentCode: scope.key }
    case 'person':
      return { holderIds: scope.key }
  }
}
