import { buildTerritoryTree, DEMO_DEPARTMENTS } from '@jqtb/shared/src/demo-org'
import { converge, type SeedContext, type SeedResult } from '../kernel/seeding'

/** The demo street's territory tree and its departments. */
export async function seedTerritory({ db }: SeedContext): Promise<SeedResult> {
  const territories = buildTerritoryTree().map(({ code, ...rest }) => ({ _id: code, ...rest }))
  const departments = DEMO_DEPARTMENTS.map((d, order) => ({ _id: d.code, name: d.name, domains: d.domains, order }))
  return {
    territories: await converge(db.models.Territory, territories),
    departments: await converge(db.models.Department, departments),
  }
}
