/** The risk domain's seed: the shipped rule set (version 1), and for `npm start` the demo month (demo.ts). */
import type { SeedContext, SeedResult } from '../kernel/seeding'
import { seedRiskDemo } from './demo'
import { seedDefaultRiskRules } from './rule-versions'

export async function seedRisk({ db, now, demo }: SeedContext): Promise<SeedResult> {
  const riskRules = await seedDefaultRiskRules(db, now)
  return demo ? { riskRules, riskDemo: await seedRiskDemo(demo, now) } : { riskRules }
}
