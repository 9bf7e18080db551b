import type { DepartmentView, TerritoryChildrenView, TerritoryOverview, TerritoryView } from '@jqtb/shared/src/territory/dto'
import { api } from './api'

/* Reference data the forms pick from (departments, the territory tree), cached for the app's life. */

export type { DepartmentView as Department, TerritoryView as TerritoryItem } from '@jqtb/shared/src/territory/dto'

let departments: Promise<DepartmentView[]> | null = null
export function getDepartments(): Promise<DepartmentView[]> {
  if (!departments) {
    departments = api<TerritoryOverview>('/api/territories/overview').then((o) => o.departments)
    departments.catch(() => {
      departments = null
    })
  }
  return departments
}

const children = new Map<string, Promise<TerritoryView[]>>()
export function getTerritoryChildren(code: string): Promise<TerritoryView[]> {
  let hit = children.get(code)
  if (!hit) {
    hit = api<TerritoryChildrenView>(`/api/territories/${encodeURIComponent(code)}/children`).then((r) => r.items)
    hit.catch(() => children.delete(code))
    children.set(code, hit)
  }
  return hit
}
