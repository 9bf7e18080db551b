import { TERRITORY_LEVEL_LABELS } from '@jqtb/shared'
import type { TerritoryDoc } from './model'

export function presentTerritory(t: TerritoryDoc) {
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
