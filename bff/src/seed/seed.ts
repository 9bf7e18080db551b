/**
 * Seeds every domain that declares `seed`, in the order of domains.ts (the street and people before
 * the rules, the rules before the demo work that earns points). Idempotent and deterministic.
 */
import type { AppDeps } from '../deps'
import { DOMAINS } from '../domains'
import type { Db } from '../infra/db'
import type { DomainModule } from '../kernel/domain'
import type { SeedContext, SeedResult } from '../kernel/seeding'
import { runMigrations } from '../platform/migrations'

export interface SeedOptions {
  now?: Date
  /** also create the demo data (npm start) through the composed app; tests leave it out and make their own */
  demo?: SeedContext['demo']
  domains?: readonly DomainModule[]
}

export async function seedDemo(db: Db, { now = new Date(), demo, domains = DOMAINS }: SeedOptions = {}): Promise<SeedResult> {
  const report: SeedResult = {}
  for (const d of domains) if (d.seed) Object.assign(report, await d.seed({ db, now, demo }))
  return report
}

/**
 * The seed at `npm start`. The first start of a database seeds under a migration's lease
 * (platform/migrations.ts): of instances started at the same moment one seeds and the others wait, because
 * the demo tasks are made on a clock set back in time and another instance's sweepers must not escalate
 * them half-made. Every later start converges the seed again (idempotent; the demo parts skip by marker).
 */
export async function seedAtStart(deps: AppDeps): Promise<SeedResult | undefined> {
  let report: SeedResult | undefined
  const seedStep: DomainModule = {
    name: 'seed',
    migrations: [
      {
        id: 'demo-street',
        description: 'the demo street, its people and a month of work (first start of this database)',
        up: async () => {
          report = await seedDemo(deps.db, { demo: deps })
          return Object.fromEntries(Object.entries(report).map(([k, r]) => [k, r.inserted]))
        },
      },
    ],
  }
  const [outcome] = await runMigrations(deps, [seedStep])
  if (outcome?.status === 'found') report = await seedDemo(deps.db, { demo: deps })
  return report
}
