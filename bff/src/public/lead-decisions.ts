/**
 * A lead the centre decides without a task (退回 / 移交 / 不予受理 / 已化解): the citizens whose filings
 * are in it read what happened — 已受理 (not for 不予受理) and 已办结 with the result in plain words
 * (`leadDecisionOutcome`, shared/src/public/rules.ts) — one SMS each, and a 回访 where the outcome is
 * the centre's own (化解, a refusal). From the leads' `lead.updated` event, which carries the decision.
 * Idempotent like every milestone: keyed inserts and keyed texts, so an event delivered again — or
 * late, after the lead was reopened and converted (it then names the task) — changes nothing.
 */
import { type LeadDecision, leadDecisionOutcome } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { LeadUpdated } from '../leads/events'
import { caseCodesOf } from './follow-lead'
import { startFollowups } from './followups'
import { recordMilestone } from './milestones'

const DECISIONS: ReadonlySet<string> = new Set<LeadDecision>(['returned', 'transferred', 'refused', 'resolved'])

export async function onLeadDecided(deps: AppDeps, payload: LeadUpdated): Promise<void> {
  if (!DECISIONS.has(payload.change) || payload.taskId) return
  const outcome = leadDecisionOutcome(payload.change as LeadDecision, payload.decision ?? {})
  const at = new Date(payload.at)
  for (const code of caseCodesOf(payload.sourceKeys)) {
    const c = await deps.db.models.PublicCase.findById(code, { _id: 1 }).lean()
    if (!c) continue
    // a case that follows a task (the desk accepted it while its lead waited) is that task's to close
    if (await deps.db.models.PublicCaseTask.exists({ _id: code })) continue
    // not to be rated: said before 已办结 is visible, so the page never offers a rating it would refuse
    if (!outcome.followup) await deps.db.models.PublicCase.updateOne({ _id: code }, { $set: { noRating: true } })
    if (outcome.accepted) await recordMilestone(deps, code, 'accepted', {}, at)
    await recordMilestone(deps, code, 'closed', { result: outcome.result }, at)
    if (outcome.followup) await startFollowups(deps, code, at)
  }
}
