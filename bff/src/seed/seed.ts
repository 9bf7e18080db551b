/**
 * Seeds every domain that declares `seed`, in the order of domains.ts (the street and people before
 * the rules, the rules before the demo work that earns points). Idempotent and deterministic.
 */
import { DOMAINS } from '../domains'
import type { Db } from '../infra/db'
import type { DomainModule } from '../kernel/domain'
import type { SeedContext, SeedResult } from '../kernel/seeding'

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
