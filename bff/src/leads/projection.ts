/**
 * The lead document: the folded state plus what the inbox lists, filters and sorts by — title,
 * channels, place, category, the suggestion's confidence and risk colour, the repeat count. Written by
 * whoever appended (after publishing) and by repairs; a writer that finds newer events writes again.
 */
import { applyLeadEvent, familyOf, type LeadState } from '@jqtb/shared'
import { currentOf } from './facts'
import { leadEventsAfter } from './log'
import type { LeadDoc } from './model'
import { routingTableOf } from './routing-table'
import { sourcesOf } from './sources'
import type { LeadDeps } from './store'
import { suggest } from './suggestion'

const DAY = 86_400_000

/** How many leads of the same people or door (this one included) began in the 30 days up to this one. */
export async function repeatsWithin(deps: LeadDeps, state: LeadState, firstAt: number, days = 30): Promise<number> {
  const earlier = await Promise.all(state.repeatOf.map((r) => deps.db.models.Lead.findById(r.leadId, { firstAt: 1 }).lean<{ firstAt: Date }>()))
  return 1 + earlier.filter((l) => l && firstAt - new Date(l.firstAt).getTime() <= days * DAY && firstAt >= new Date(l.firstAt).getTime()).length
}

export async function projectLead(deps: LeadDeps, state: LeadState): Promise<void> {
  for (let guard = 0; guard < 5; guard++) {
    const sources = await sourcesOf(deps, state.sourceKeys)
    const records = sources.map((s) => currentOf(s).record)
    const times = records.map((r) => r.occurredAt)
    const firstAt = times.length ? Math.min(...times) : state.createdAt
    const lastAt = times.length ? Math.max(...sources.map((s) => new Date(s.receivedAt).getTime())) : state.updatedAt
    const { table } = await routingTableOf(deps.db)
    const repeats30 = await repeatsWithin(deps, state, firstAt)
    const s = suggest(state, sources, table, repeats30)
    const founder = sources.find((x) => x._id === state.founder) ?? sources[0]
    const micro = s.territory.micro ?? ''
    const { id, ...rest } = state
    const doc: LeadDoc = {
      ...rest,
      _id: id,
      firstAt: new Date(firstAt),
      lastAt: new Date(lastAt),
      channels: [...new Set(sources.map((x) => x.channel))],
      title: founder ? currentOf(founder).record.title : '（记录已移出）',
      micro,
      community: micro.split('-').slice(0, 2).join('-'),
      categoryCode: s.category.code,
      family: familyOf(s.category.code),
      police: s.police,
      confidence: s.confidence,
      riskColour: s.risk.colour,
      repeatCount30: repeats30,
      inboxAt: new Date(state.createdAt),
    }
    await deps.db.models.Lead.replaceOne({ _id: id }, doc as never, { upsert: true })
    const newer = await leadEventsAfter(deps, id, state.seq)
    if (!newer.length) return
    // someone appended meanwhile: its writer may have been overtaken by this write; write its state too
    for (const e of newer) state = applyLeadEvent(state, e)
  }
}
