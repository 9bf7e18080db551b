import { type DepartmentView, TERRITORY_LEVEL_LABELS, type TerritoryView } from '@jqtb/shared'
import type { DepartmentDoc, TerritoryDoc } from './model'

export function presentTerritory(t: TerritoryDoc): TerritoryView {
  return {
    code: t._id,
    name: t.name,
    fullName: t.fullName,
    level: t.level,
    levelLabel: TERRITORY_LEVEL_LABELS[t.level],
    parent: t.parent,
    dedicated: t.dedicated ?? false,
  }
}

export function presentDepartment(d: DepartmentDoc): DepartmentView {
  return { code: d._id, name: d.name, domains: d.domains }
}
