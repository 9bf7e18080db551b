/**
 * The demo's leads. The intake seed's records are linked as they are stored (the leads domain listens);
 * this links whatever is left (a seed interrupted half-way), through the real linker, in the order the
 * month happened, so repeats link to what came before. Later starts find everything linked.
 */
import type { IntakeSourceDoc } from '../intake/model'
import type { SeedContext, SeedResult } from '../kernel/seeding'
import { linkAndRoute } from './link'
import { leadDeps } from './store'

export async function seedLeads({ demo }: SeedContext): Promise<SeedResult> {
  if (!demo) return {}
  const d = leadDeps(demo)
  const unlinked = await demo.db.models.IntakeSource.find({ leadId: { $exists: false } }, { _id: 1, reportedAt: 1 })
    .sort({ reportedAt: 1, _id: 1 })
    .lean<Pick<IntakeSourceDoc, '_id' | 'reportedAt'>[]>()
  for (const s of unlinked) await linkAndRoute(d, s._id)
  return { demoLeads: { inserted: unlinked.length, updated: 0, unchanged: await demo.db.models.Lead.countDocuments() } }
}
