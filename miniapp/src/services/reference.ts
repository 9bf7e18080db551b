import { api } from './api'

/* Reference data the forms pick from (departments, the territory tree), cached for the app's life. */

export interface Department {
  code: string
  name: string
}

export interface TerritoryItem {
  code: string
  name: string
  fullName: string
  level: 'street' | 'community' | 'grid' | 'micro'
  dedicated?: boolean
}

let departments: Promise<Department[]> | null = null
export function getDepartments(): Promise<Department[]> {
  if (!departments) {
    departments = api<{ departments: Department[] }>('/api/territories/overview').then((o) => o.departments)
    departments.catch(() => {
      departments = null
    })
  }
  return departments
}

const children = new Map<string, Promise<TerritoryItem[]>>()
export function getTerritoryChildren(code: string): Promise<TerritoryItem[]> {
  let hit = children.get(code)
  if (!hit) {
    hit = api<{ items: TerritoryItem[] }>(`/api/territories/${encodeURIComponent(code)}/children`).then((r) => r.items)
    hit.catch(() => children.delete(code))
    children.set(code, hit)
  }
  return hit
}
