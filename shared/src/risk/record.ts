/**
 * Intake records (a 110 call, a 12345 ticket, a 浙里访 petition …) as risk cases, so repeats are
 * counted across every channel (docs/risk.md#intake-records). Until leads (统一归口 part 2) say which
 * records are one incident, `incidentsOf` decides it from time: a record of the same person or door
 * within `sameIncidentHours` of another case is that case's incident (the 12345 ticket an hour after
 * the 110 call, the 110 record of a task made from it). A record on a lead has the lead as its
 * incident (`leadId`) and the time rule no longer applies to it.
 */
import type { ChannelCode } from '../intake/channels'
import type { TaskCategory } from '../tasks/constants'
import type { EpochMs } from '../tasks/types'
import { addressKey, partyKey, type RiskCase } from './case'

/** The channel as the factor text names it (「涉 110、12345、浙里访」). */
export const RECORD_CHANNEL_NAMES: Record<ChannelCode, string> = {
  '110': '110',
  '12345': '12345',
  zlf: '浙里访',
  '81890': '81890',
  odr: 'ODR',
  labour: '劳动保障',
  petition: '信访',
  mediation: '人民调解',
  window: '窗口登记',
  grid: '网格上报',
  public: '公众上报',
}

/** What the risk engine reads of an intake record (the BFF maps its stored record onto this). */
export interface RiskRecordInput {
  /** `<channel>:<sourceId>` */
  key: string
  channel: ChannelCode
  sourceId: string
  reportedAt: EpochMs
  title: string
  content: string
  /** 处警情况 and the like: text of the case too */
  handlingNote?: string
  address: string
  category: TaskCategory
  /** the micro-grid (or community) it lies in, when the address pinned one */
  territory: string
  /** keyed hashes only: the phone's (same as the tasks' party hash) or, without one, the 身份证's */
  parties: Array<{ name: string; phoneHash?: string; idHash?: string; phoneMasked?: string }>
  /** the lead it belongs to, once leads exist: its incident */
  leadId?: string
}

export const recordCaseId = (key: string) => `record:${key}`

export function caseFromRecord(r: RiskRecordInput): RiskCase {
  const address = addressKey(r.address)
  const texts = [{ source: 'report' as const, text: `${r.title}。${r.content}`, at: r.reportedAt }]
  if (r.handlingNote?.trim()) texts.push({ source: 'report', text: r.handlingNote, at: r.reportedAt })
  return {
    id: recordCaseId(r.key),
    kind: 'record',
    ref: `${RECORD_CHANNEL_NAMES[r.channel]} ${r.sourceId}`,
    title: r.title,
    category: r.category,
    territory: r.territory,
    incident: r.leadId ? `lead:${r.leadId}` : recordCaseId(r.key),
    createdAt: r.reportedAt,
    // a record is a contact, not work: it is never "open" (no age, no overdue); its task or lead is
    open: false,
    contacts: [{ channel: RECORD_CHANNEL_NAMES[r.channel], at: r.reportedAt }],
    parties: r.parties
      .map((p) => {
        const hash = p.phoneHash ?? (p.idHash ? `id-${p.idHash}` : undefined)
        return { name: p.name, ...(hash ? { key: partyKey(hash) } : {}), ...(p.phoneMasked ? { phoneMasked: p.phoneMasked } : {}) }
      })
      .filter((p) => p.key || p.name),
    ...(address ? { address: { key: address, label: r.address } } : {}),
    texts,
    counts: { bounces: 0, returns: 0, reopens: 0, escalations: 0, failedMediations: 0 },
    agreement: false,
    feedback: [],
  }
}

const firstAt = (c: Pick<RiskCase, 'createdAt' | 'contacts'>) => Math.min(c.createdAt, ...c.contacts.map((x) => x.at))

/**
 * The incident of each case among cases that share a person or a door. Tasks and leads are their own
 * incidents, and so is a record a lead has taken in (its incident is the lead: the 110 call and the
 * 12345 ticket the linker put in one lead count once, a lead linked as a repeat counts again). Only a
 * record not (yet) on a lead is grouped by time: it joins the case (a task, or a record on a lead)
 * whose first contact is nearest in time within `hours` — before or after it — or the record-only
 * incident that started at most `hours` before it; else it starts one. Measured from an incident's
 * start, never chained: a couple calling every day are a new incident each day. Pure and order-free:
 * the same cases give the same grouping anywhere.
 */
export function incidentsOf(cases: readonly RiskCase[], hours: number): Map<string, string> {
  const out = new Map<string, string>()
  const span = hours * 3_600_000
  const onLead = (c: RiskCase) => c.kind !== 'record' || !c.incident.startsWith('record:')
  const anchors = cases.filter(onLead)
  for (const c of anchors) out.set(c.id, c.incident)
  const records = cases.filter((c) => !onLead(c)).sort((a, b) => firstAt(a) - firstAt(b) || a.id.localeCompare(b.id))
  /** incidents started by a record: where each began */
  const started: Array<{ incident: string; at: EpochMs }> = []
  for (const r of records) {
    const at = firstAt(r)
    let best: { incident: string; gap: number } | null = null
    for (const a of anchors) {
      const gap = Math.abs(firstAt(a) - at)
      if (gap <= span && (!best || gap < best.gap)) best = { incident: a.incident, gap }
    }
    // started in time order: only the last ones can be close enough (a busy door stays linear)
    for (let i = started.length - 1; i >= 0 && at - started[i].at <= span; i--) {
      const gap = at - started[i].at
      if (!best || gap < best.gap) best = { incident: started[i].incident, gap }
    }
    if (!best) started.push({ incident: r.incident, at })
    out.set(r.id, best?.incident ?? r.incident)
  }
  return out
}
