/**
 * A lead's linked history: the earlier and later leads of the same phones, ID numbers or door, across
 * channels, with what they share in words and the task made from each — what the 研判 page shows and
 * the risk domain reads (`leadHistory`, docs/intake.md#a-leads-linked-history). Read through the match
 * keys (point reads over the months of ±90 days), so its cost does not grow with history.
 */
import {
  LEAD_STATE_LABELS,
  type LeadHistoryView,
  type LeadLinkFacts,
  type LeadState,
  REPEAT_DAYS,
  type RelatedLeadView,
  relate,
  TASK_STATE_LABELS,
} from '@jqtb/shared'
import type { LinkFacts } from '@jqtb/shared/src/intake/linking'
import type { AppDeps } from '../deps'
import { readLog } from '../tasks/log'
import { currentOf, factsOf, keysOf } from './facts'
import { readKey } from './keys'
import { membershipOf } from './linker'
import { sourcesOf } from './sources'
import { type LeadDeps, leadDeps, loadLead, readLead } from './store'

const DAY = 86_400_000

/** Everything a lead's records carry, as one set of facts (for comparing with other leads). */
function combined(records: LinkFacts[], at: number): LinkFacts {
  return {
    sourceKey: records[0]?.sourceKey ?? '',
    at,
    dateOnly: false,
    family: records[0]?.family ?? 'other',
    phones: Object.assign({}, ...records.map((r) => r.phones)),
    ids: Object.assign({}, ...records.map((r) => r.ids)),
    ...(records.find((r) => r.place) ? { place: records.find((r) => r.place)!.place } : {}),
  }
}

async function factsOfLead(deps: LeadDeps, state: LeadState): Promise<LeadLinkFacts | null> {
  const sources = await sourcesOf(deps, state.sourceKeys)
  if (!sources.length) return null
  const records = sources.map(factsOf)
  const founder = records.find((r) => r.sourceKey === state.founder) ?? records[0]
  return { leadId: state.id, firstAt: Math.min(...records.map((r) => r.at)), family: founder.family, records }
}

export async function historyOf(deps: LeadDeps, state: LeadState): Promise<LeadHistoryView> {
  const sources = await sourcesOf(deps, state.sourceKeys)
  const records = sources.map(factsOf)
  const firstAt = records.length ? Math.min(...records.map((r) => r.at)) : state.createdAt
  const founder = sources.find((s) => s._id === state.founder) ?? sources[0]
  const mine = combined(records, firstAt)
  const keys = [...new Map(records.flatMap(keysOf).map((k) => [`${k.kind}:${k.hash}`, k])).values()]
  const entries = (await Promise.all(keys.map((k) => readKey(deps, k, firstAt - REPEAT_DAYS * DAY, firstAt + REPEAT_DAYS * DAY)))).flat()

  const leadIds = new Set<string>()
  for (const e of entries) {
    if (state.sourceKeys.includes(e.sourceKey)) continue
    leadIds.add((await membershipOf(deps, e.sourceKey))?.leadId ?? e.leadId)
  }
  const related: RelatedLeadView[] = []
  for (let id of leadIds) {
    let other = (await readLead(deps, id)).state
    for (let hops = 0; other?.state === 'merged' && other.mergedInto && hops < 5; hops++) {
      id = other.mergedInto
      other = (await readLead(deps, id)).state
    }
    if (!other || other.id === state.id || related.some((r) => r.leadId === other!.id)) continue
    const facts = await factsOfLead(deps, other)
    if (!facts) continue
    const relation = relate({ ...mine, at: firstAt }, facts)
    if (relation.kind === 'none' || !relation.matchedBy.length) continue
    const otherSources = await sourcesOf(deps, other.sourceKeys)
    const otherFounder = otherSources.find((s) => s._id === other!.founder) ?? otherSources[0]
    const task = other.taskId ? (await readLog(deps.tasks, other.taskId)).state : null
    related.push({
      leadId: other.id,
      title: otherFounder ? currentOf(otherFounder).record.title : other.id,
      at: new Date(facts.firstAt).toISOString(),
      state: other.state,
      stateLabel: LEAD_STATE_LABELS[other.state],
      category: otherFounder ? currentOf(otherFounder).record.category.code : 'other.general',
      family: facts.family,
      channels: [...new Set(otherSources.map((s) => s.channel))],
      relation: facts.firstAt <= firstAt ? 'earlier' : 'later',
      matchedBy: relation.matchedBy,
      reasons: relation.reasons.filter((r) => !r.startsWith('同为') && r !== '类别未定'),
      taskId: other.taskId ?? null,
      taskNo: other.taskNo ?? null,
      taskState: task?.state ?? null,
      taskStateLabel: task ? TASK_STATE_LABELS[task.state] : null,
    })
  }
  related.sort((a, b) => b.at.localeCompare(a.at))
  const within = (days: number) => 1 + related.filter((r) => r.relation === 'earlier' && firstAt - Date.parse(r.at) <= days * DAY).length
  const record = founder ? currentOf(founder).record : null
  return {
    lead: {
      id: state.id,
      at: new Date(firstAt).toISOString(),
      title: record?.title ?? state.id,
      category: record?.category.code ?? 'other.general',
      family: mine.family,
      micro: record?.territory.micro ?? null,
      state: state.state,
    },
    related,
    repeats: { days30: within(30), days90: within(90) },
    sources: sources.map((s) => ({ key: s._id, channel: s.channel, sourceId: s.sourceId, at: new Date(currentOf(s).record.reportedAt).toISOString() })),
  }
}

/** The linked history of a lead (the query other domains use). */
export async function leadHistory(deps: AppDeps, leadId: string): Promise<LeadHistoryView> {
  const d = leadDeps(deps)
  return historyOf(d, await loadLead(d, leadId))
}
