/** What leaves the server about leads: labels in Chinese, times as ISO, phone and 身份证 numbers masked. */
import {
  CHANNEL_LABELS,
  type ChannelCode,
  CLAIM_MODE_LABELS,
  HANDLER_LABELS,
  LEAD_EVENT_LABELS,
  LEAD_STATE_LABELS,
  type LeadDetailView,
  type LeadEvent,
  type LeadHistoryView,
  type LeadState,
  type LeadTimelineEntry,
  type LeadView,
  leadActions,
  RISK_LABELS,
  type RoutingTable,
  type RoutingTableView,
  type SuggestionView,
  TASK_TIER_LABELS,
  type Taxonomy,
  taxonomyPath,
} from '@jqtb/shared'
import type { PhotoLinks } from '../files/presenter'
import type { IntakeSourceDoc } from '../intake/model'
import { presentCategory, presentTerritory } from '../intake/presenter'
import { currentOf } from './facts'
import type { LeadDoc } from './model'
import type { Suggestion } from './suggestion'

const iso = (ms: number | Date) => new Date(ms).toISOString()
const ref = (names: Map<string, string>, code: string) => ({ code, name: names.get(code) ?? code })

export function presentLead(doc: LeadDoc, tax: Taxonomy, names: Map<string, string>): LeadView {
  return {
    id: doc._id,
    state: doc.state,
    stateLabel: LEAD_STATE_LABELS[doc.state],
    title: doc.title,
    channels: doc.channels.map((c) => ({ code: c as ChannelCode, label: CHANNEL_LABELS[c as ChannelCode] ?? c })),
    sourceCount: doc.sourceKeys.length,
    firstAt: iso(doc.firstAt),
    lastAt: iso(doc.lastAt),
    micro: doc.micro ? ref(names, doc.micro) : null,
    category: { code: doc.categoryCode, path: taxonomyPath(tax, doc.categoryCode) },
    riskColour: doc.riskColour as LeadView['riskColour'],
    confidence: doc.confidence,
    repeatCount30: doc.repeatCount30,
    police: doc.police,
    taskId: doc.taskId ?? null,
    taskNo: doc.taskNo ?? null,
  }
}

export function presentSuggestion(s: Suggestion, tax: Taxonomy, names: Map<string, string>, departments: Map<string, string>): SuggestionView {
  return {
    category: presentCategory(s.category, tax),
    territory: presentTerritory(s.territory, names),
    handler: s.handler,
    handlerLabel: HANDLER_LABELS[s.handler],
    department: s.department ? { code: s.department, name: departments.get(s.department) ?? s.department } : null,
    tier: s.row?.tier ?? 'general',
    tierLabel: TASK_TIER_LABELS[s.row?.tier ?? 'general'],
    claimMode: s.row?.claimMode ?? 'first_come',
    claimModeLabel: CLAIM_MODE_LABELS[s.row?.claimMode ?? 'first_come'],
    risk: { colour: s.risk.colour, label: RISK_LABELS[s.risk.colour], confidence: s.risk.confidence, reasons: s.risk.reasons },
    police: s.police,
    confidence: s.confidence,
    auto: s.auto,
  }
}

function eventNote(e: LeadEvent): string {
  switch (e.type) {
    case 'opened':
      return `由 ${e.data.sourceKey} 生成`
    case 'joined':
      return `${e.data.sourceKey}：${e.data.reasons.join('；')}`
    case 'repeat_linked':
      return `重复 ${e.data.leadId}：${e.data.reasons.join('；')}`
    case 'split_off':
      return `${e.data.sourceKey} 拆出为 ${e.data.newLeadId}：${e.data.reason}`
    case 'absorbed':
      return `并入线索 ${e.data.fromLeadId} 的 ${e.data.sourceKeys.length} 条记录：${e.data.reason}`
    case 'merged_into':
      return `并入线索 ${e.data.leadId}：${e.data.reason}`
    case 'converted':
      return `${e.data.auto ? '自动' : ''}转为工单 ${e.data.taskNo}${e.data.routedTo ? `，${e.data.routedTo}` : ''}`
    case 'attached':
      return `并入工单 ${e.data.taskNo}`
    case 'returned':
    case 'transferred':
      return `${e.type === 'returned' ? '退回' : '移交'}${e.data.to}：${e.data.reason}`
    default:
      return e.data.reason
  }
}

export const presentLeadEvent = (e: LeadEvent): LeadTimelineEntry => ({
  seq: e.seq,
  type: e.type,
  label: LEAD_EVENT_LABELS[e.type],
  at: iso(e.at),
  by: e.actor.name,
  note: eventNote(e),
})

export function presentLeadDetail(input: {
  doc: LeadDoc
  state: LeadState
  sources: IntakeSourceDoc[]
  suggestion: SuggestionView
  history: LeadHistoryView
  timeline: LeadEvent[]
  tax: Taxonomy
  names: Map<string, string>
  links: PhotoLinks
}): LeadDetailView {
  const { doc, state, sources } = input
  const why = new Map(state.joins.map((j) => [j.sourceKey, j.reasons]))
  return {
    ...presentLead({ ...doc, ...stateFields(state) }, input.tax, input.names),
    suggestion: input.suggestion,
    sources: sources.map((s) => {
      const r = currentOf(s).record
      return {
        key: s._id,
        channel: s.channel,
        channelLabel: CHANNEL_LABELS[s.channel],
        sourceId: s.sourceId,
        title: r.title,
        content: r.content,
        address: r.address,
        reportedAt: iso(r.reportedAt),
        dateOnly: r.dateOnly,
        parties: r.parties.map((p) => ({ name: p.name, role: p.role, phone: p.phoneMasked ?? null, idNo: p.idMasked ?? null })),
        photos: input.links(currentOf(s).photos ?? []),
        joinedBecause: why.get(s._id) ?? [],
      }
    }),
    history: input.history,
    repeatOf: state.repeatOf.map((r) => ({ leadId: r.leadId, reasons: r.reasons })),
    decision: state.decision
      ? {
          label: LEAD_EVENT_LABELS[state.decision.type],
          reason: state.decision.reason ?? null,
          to: state.decision.to ?? null,
          by: state.decision.by,
          at: iso(state.decision.at),
          auto: !!state.decision.auto,
        }
      : null,
    mergedInto: state.mergedInto ?? null,
    timeline: input.timeline.map(presentLeadEvent),
    actions: leadActions(state),
  }
}

/** The fields of the folded state that a (possibly stale) document shows. */
const stateFields = (s: LeadState) => ({ state: s.state, sourceKeys: s.sourceKeys, taskId: s.taskId, taskNo: s.taskNo })

export function presentRouting(table: RoutingTable, meta: { version: number; at: Date | null; by: string | null }, tax: Taxonomy): RoutingTableView {
  return {
    version: meta.version,
    updatedAt: meta.at ? meta.at.toISOString() : null,
    updatedBy: meta.by,
    autoConvertAbove: table.autoConvertAbove,
    rows: table.rows.map((r) => ({ ...r, categoryPath: taxonomyPath(tax, r.category) })),
  }
}
