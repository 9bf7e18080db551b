/** Reading a lead's log by `_id` (`<leadId>:<seq>`, seq after seq until one is missing). */
import type { LeadEvent } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { LeadEventDoc } from './model'

export const leadEventId = (leadId: string, seq: number) => `${leadId}:${String(seq).padStart(6, '0')}`

export function toLeadEvent(doc: LeadEventDoc): LeadEvent {
  return { leadId: doc.leadId, seq: doc.seq, type: doc.type, at: new Date(doc.at).getTime(), actor: doc.actor, data: doc.data } as LeadEvent
}

export async function leadEventsAfter(deps: { db: AppDeps['db'] }, leadId: string, seq: number): Promise<LeadEvent[]> {
  const out: LeadEvent[] = []
  for (let n = seq + 1; ; n++) {
    const doc = await deps.db.models.LeadEvent.findById(leadEventId(leadId, n)).lean<LeadEventDoc>()
    if (!doc) return out
    out.push(toLeadEvent(doc))
  }
}
