/**
 * The leads domain's repairs, safe on several instances:
 *
 * - records left unlinked (a crash between storing and linking, a failed listener) are linked: the
 *   arrivals journal of intake records is read in settled windows (the points domain's window marks,
 *   docs/database.md#window-marks), so a run reads recent arrivals only, and each record by `_id`;
 * - leads whose projection is behind their log (events not yet published) are settled when read, and
 *   the recently touched ones (touches.ts, not a query of the events by time) are read every minute for that;
 * - feedback to the source channels is sent (feedback.ts).
 */
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import { readArrivals } from '../intake/arrivals'
import type { IntakeSourceDoc } from '../intake/model'
import { openWindow } from '../kernel/windows'
import { feedbackJob } from './feedback'
import { linkAndRoute } from './link'
import { leadDeps, readLead } from './store'
import { expireTouches, leadsTouchedSince } from './touches'

export async function linkMissed(deps: AppDeps): Promise<number> {
  const d = leadDeps(deps)
  const window = await openWindow(deps.db, 'lead-links', deps.clock.now())
  if (!window) return 0
  const keys = [...new Set((await readArrivals(deps.db, { at: window.since }, { until: window.until })).map((a) => a.source))]
  let linked = 0
  for (const key of keys) {
    const doc = await deps.db.models.IntakeSource.findById(key, { _id: 1, leadId: 1 }).lean<Pick<IntakeSourceDoc, '_id' | 'leadId'>>()
    // an arrival whose record was never stored (a crash in between): nothing to link
    if (!doc) continue
    // the cache says linked: the member log is the truth, linkSource checks it and only files keys
    if (doc.leadId) continue
    await linkAndRoute(d, doc._id)
    linked++
  }
  await window.done()
  return linked
}

export async function settleRecentLeads(deps: AppDeps): Promise<number> {
  const d = leadDeps(deps)
  const ids = await leadsTouchedSince(deps.db, new Date(deps.clock.now().getTime() - 30 * 60_000))
  for (const id of ids) await readLead(d, id)
  return ids.length
}

export function leadJobs(deps: AppDeps): PeriodicJob[] {
  return [
    { name: 'leads-link-missed', intervalMs: 60_000, run: () => linkMissed(deps) },
    { name: 'leads-settle', intervalMs: 60_000, run: () => settleRecentLeads(deps) },
    { name: 'leads-touches', intervalMs: 3600_000, run: () => expireTouches(deps.db, deps.clock.now()) },
    feedbackJob(leadDeps(deps)),
  ]
}
