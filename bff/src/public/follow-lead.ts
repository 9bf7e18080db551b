/**
 * A citizen's filing is an intake record (`public:<code>`) that the leads domain links like any other.
 * When it joins a lead founded by another channel (a 110 call, a 12345 ticket), the task made from that
 * lead names the founder's record, not the case code: the case follows the lead instead. From the
 * leads' events (lead.linked / lead.updated, which carry the lead's records and its task) this notes
 * the lead a case is in, and once the lead has a task, links the case to it and replays the task's
 * events so far into milestones; the task's later events reach it through the link (milestones.ts).
 * Idempotent: the link is an insert, the milestones are keyed inserts with keyed texts.
 */
import type { AppDeps } from '../deps'
import type { LeadLinked, LeadUpdated } from '../leads/events'
import { linkCaseToTask } from './case-tasks'
import { catchUpWithTask } from './milestones'
import type { PublicCaseDoc } from './model'

const PUBLIC_PREFIX = 'public:'

/** The case codes among a lead's records. */
export const caseCodesOf = (sourceKeys: readonly string[]): string[] =>
  sourceKeys.filter((k) => k.startsWith(PUBLIC_PREFIX)).map((k) => k.slice(PUBLIC_PREFIX.length))

export async function onLeadEvent(deps: AppDeps, payload: LeadLinked | LeadUpdated): Promise<void> {
  for (const code of caseCodesOf(payload.sourceKeys)) {
    const c = await deps.db.models.PublicCase.findById(code, { leadId: 1, taskId: 1 }).lean<PublicCaseDoc>()
    if (!c) continue
    // a cache: the payload carries the lead's records as they are now, so a late event does not move it back
    if (c.leadId !== payload.leadId) await deps.db.models.PublicCase.updateOne({ _id: code }, { $set: { leadId: payload.leadId } })
    if (!payload.taskId) continue
    const followed = await linkCaseToTask(deps, code, payload.taskId, { via: 'lead', leadId: payload.leadId })
    if (followed === payload.taskId) await catchUpWithTask(deps, code, payload.taskId)
  }
}
