/**
 * The demo's leads. The intake seed's records are queued for linking as they are stored (the leads
 * domain listens; linked in the background so the start is not held up, and not auto-routed: the
 * month's history waits in the inbox); this queues whatever a start interrupted half-way left, in the
 * order the month happened, so repeats link to what came before. Later starts find everything linked.
 */
import type { IntakeSourceDoc } from '../intake/model'
import type { SeedContext, SeedResult } from '../kernel/seeding'
import { enqueueLinking } from './link'
import { leadDeps } from './store'

export async function seedLeads({ demo }: SeedContext): Promise<SeedResult> {
  if (!demo) return {}
  const d = leadDeps(demo)
  const unlinked = await demo.db.models.IntakeSource.find({ leadId: { $exists: false } }, { _id: 1, reportedAt: 1 })
    .sort({ reportedAt: 1, _id: 1 })
    .lean<Pick<IntakeSourceDoc, '_id' | 'reportedAt'>[]>()
  enqueueLinking(
    d,
    unlinked.map((s) => s._id),
    { auto: false },
  )
  return { demoLeads: { inserted: unlinked.length, updated: 0, unchanged: await demo.db.models.Lead.countDocuments() } }
}
