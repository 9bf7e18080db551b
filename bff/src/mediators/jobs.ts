/**
 * Repairs (safe on several instances at once; every step is idempotent): active teams reconciled with
 * their tasks (seats, invitations, loads); outcomes whose follow-up did not finish; stats and
 * versioned caches left behind; load slots of memberships that no longer exist; old release tickets.
 */
import { isEnded, LOADED_STATUSES } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import { RELEASE_TICKET_TTL_MS, releaseLoad } from './load'
import { mediatorStore, orgStore } from './profiles'
import { reconcileTeam } from './reconcile'
import { afterOutcome } from './records'
import { repairStats } from './stats'
import { readTeam } from './team-store'
import { preferenceStore } from './teams'
import { repairVersioned } from './versioned'

/** A slot younger than this may belong to a confirmation still under way. */
const SLOT_GRACE_MS = 2 * 60_000

export async function repairMediation(deps: AppDeps): Promise<{ teams: number; outcomes: number; slots: number }> {
  const now = deps.clock.now()
  const { MediationTeam, MediationOutcome, MediationEventMark, MediatorLoadSlot, MediatorLoadRelease } = deps.db.models
  let teams = 0
  const active = await MediationTeam.find({ $or: [{ ended: false }, { updatedAt: { $gte: now.getTime() - 3_600_000 } }] }, { _id: 1 }).lean()
  for (const t of active) {
    try {
      await reconcileTeam(deps, t._id)
      teams++
    } catch (err) {
      deps.logger.warn({ err, teamId: t._id }, 'mediators: reconcile failed')
    }
  }
  let outcomes = 0
  for (const o of await MediationOutcome.find({ recordedAt: { $gte: new Date(now.getTime() - 7 * 86_400_000) } }).lean()) {
    if (await MediationEventMark.exists({ _id: `${o._id}:outcome` })) continue
    await afterOutcome(deps, o).catch((err) => deps.logger.warn({ err, teamId: o._id }, 'mediators: outcome follow-up failed'))
    outcomes++
  }
  // slots whose membership is gone (a crash between taking them and the team's first event, or a lost release)
  let slots = 0
  for (const s of await MediatorLoadSlot.find({ at: { $lt: new Date(now.getTime() - SLOT_GRACE_MS) } }).lean()) {
    const team = await readTeam(deps, s.teamId)
    const member = team?.members.find((m) => m.mediatorId === s.mediatorId && m.load.token === s.token)
    if (team && member && !isEnded(team) && LOADED_STATUSES.includes(member.status)) continue
    if (await releaseLoad(deps, s.mediatorId, { k: s.k, token: s.token })) slots++
  }
  await MediatorLoadRelease.deleteMany({ at: { $lt: new Date(now.getTime() - RELEASE_TICKET_TTL_MS) } })
  const since = new Date(now.getTime() - 15 * 60_000)
  await repairStats(deps, since)
  for (const store of [mediatorStore(deps), orgStore(deps), preferenceStore(deps)]) await repairVersioned(store, since)
  await deps.db.models.MediationLink.deleteMany({ expiresAt: { $lt: new Date(now.getTime() - 30 * 86_400_000) } })
  return { teams, outcomes, slots }
}

export function mediatorJobs(deps: AppDeps): PeriodicJob[] {
  return [{ name: 'mediation-repair', intervalMs: 30_000, run: () => repairMediation(deps) }]
}
