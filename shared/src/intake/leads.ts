/**
 * A lead (线索): one dispute, whichever channels it came through. Like a task, a lead is the fold of
 * its append-only events (the BFF stores them as `<leadId>:<seq>`); this file is the pure part —
 * the events, the fold, what the centre may do in each state, and the suggestion the 研判 inbox shows.
 */
import type { RiskColour, TaskTier } from '../tasks/constants'
import type { MatchKind } from './linking'

export const LEAD_STATES = ['new', 'converted', 'attached', 'returned', 'transferred', 'refused', 'resolved', 'merged'] as const
export type LeadStateName = (typeof LEAD_STATES)[number]

export const LEAD_STATE_LABELS: Record<LeadStateName, string> = {
  new: '待研判',
  converted: '已转工单',
  attached: '已并入工单',
  returned: '已退回',
  transferred: '已移交',
  refused: '不予受理',
  resolved: '已化解',
  merged: '已合并',
}

/** The centre's verbs on a lead (POST /api/intake/leads/:id/<action>). */
export const LEAD_ACTIONS = ['convert', 'attach', 'return', 'transfer', 'refuse', 'resolve', 'merge', 'split', 'reopen'] as const
export type LeadAction = (typeof LEAD_ACTIONS)[number]

export const LEAD_ACTION_LABELS: Record<LeadAction, string> = {
  convert: '转为工单',
  attach: '并入已有工单',
  return: '退回',
  transfer: '移交',
  refuse: '不予受理',
  resolve: '已化解',
  merge: '合并线索',
  split: '拆出',
  reopen: '重新研判',
}

export interface LeadEventDataMap {
  /** the lead began with this record */
  opened: { sourceKey: string }
  /** another record of the same incident joined (by the linker, or the centre's merge) */
  joined: { sourceKey: string; reasons: string[]; matchedBy: MatchKind[]; by: 'linker' | 'centre' }
  /** this lead repeats an earlier one (same people or door) */
  repeat_linked: { leadId: string; reasons: string[]; matchedBy: MatchKind[] }
  /** the centre took a record out: it was not the same incident */
  split_off: { sourceKey: string; newLeadId: string; reason: string }
  /** the centre merged another lead into this one */
  absorbed: { fromLeadId: string; sourceKeys: string[]; reason: string }
  /** this lead was merged into another */
  merged_into: { leadId: string; reason: string }
  converted: { taskId: string; taskNo: string; auto: boolean; routedTo?: string }
  attached: { taskId: string; taskNo: string }
  returned: { to: string; reason: string }
  transferred: { to: string; reason: string }
  refused: { reason: string }
  resolved: { reason: string }
  reopened: { reason: string }
}
export type LeadEventType = keyof LeadEventDataMap

export const LEAD_EVENT_LABELS: Record<LeadEventType, string> = {
  opened: '线索生成',
  joined: '同一事件归集',
  repeat_linked: '关联为重复',
  split_off: '拆出记录',
  absorbed: '合并线索',
  merged_into: '并入其他线索',
  converted: '转为工单',
  attached: '并入已有工单',
  returned: '退回',
  transferred: '移交',
  refused: '不予受理',
  resolved: '已化解',
  reopened: '重新研判',
}

export type LeadEvent = {
  [K in LeadEventType]: { leadId: string; seq: number; at: number; actor: { id: string; name: string }; type: K; data: LeadEventDataMap[K] }
}[LeadEventType]

export interface LeadState {
  id: string
  seq: number
  state: LeadStateName
  createdAt: number
  updatedAt: number
  founder: string
  /** the records of this incident, in the order they joined */
  sourceKeys: string[]
  joins: Array<{ sourceKey: string; reasons: string[]; matchedBy: MatchKind[]; at: number; by: string }>
  repeatOf: Array<{ leadId: string; reasons: string[]; matchedBy: MatchKind[] }>
  taskId?: string
  taskNo?: string
  decision?: { type: LeadEventType; reason?: string; to?: string; by: string; at: number; auto?: boolean }
  mergedInto?: string
}

const DECIDED: LeadEventType[] = ['converted', 'attached', 'returned', 'transferred', 'refused', 'resolved']

export function applyLeadEvent(s: LeadState | null, e: LeadEvent): LeadState {
  if (!s) {
    const key = e.type === 'opened' ? e.data.sourceKey : e.type === 'joined' ? e.data.sourceKey : ''
    s = { id: e.leadId, seq: 0, state: 'new', createdAt: e.at, updatedAt: e.at, founder: key, sourceKeys: [], joins: [], repeatOf: [] }
  }
  const next: LeadState = { ...s, seq: e.seq, updatedAt: e.at }
  const add = (key: string) => (next.sourceKeys.includes(key) ? next.sourceKeys : [...next.sourceKeys, key])
  switch (e.type) {
    case 'opened':
      // a record of the same incident can join a moment before the founder's own event lands
      next.founder = e.data.sourceKey
      next.createdAt = Math.min(next.createdAt, e.at)
      next.sourceKeys = add(e.data.sourceKey)
      break
    case 'joined':
      next.sourceKeys = add(e.data.sourceKey)
      next.joins = [...next.joins, { ...e.data, at: e.at, by: e.actor.name }]
      break
    case 'repeat_linked':
      if (!next.repeatOf.some((r) => r.leadId === e.data.leadId)) next.repeatOf = [...next.repeatOf, e.data]
      break
    case 'split_off':
      next.sourceKeys = next.sourceKeys.filter((k) => k !== e.data.sourceKey)
      next.joins = next.joins.filter((j) => j.sourceKey !== e.data.sourceKey)
      break
    case 'absorbed':
      for (const k of e.data.sourceKeys) next.sourceKeys = add(k)
      break
    case 'merged_into':
      next.state = 'merged'
      next.mergedInto = e.data.leadId
      next.sourceKeys = []
      break
    case 'reopened':
      next.state = 'new'
      next.decision = undefined
      break
    default:
      if (DECIDED.includes(e.type)) {
        next.state = e.type === 'converted' ? 'converted' : e.type === 'attached' ? 'attached' : (e.type as LeadStateName)
        const d = e.data as { reason?: string; to?: string; taskId?: string; taskNo?: string; auto?: boolean }
        next.decision = { type: e.type, reason: d.reason, to: d.to, by: e.actor.name, at: e.at, ...(d.auto ? { auto: true } : {}) }
        if (d.taskId) {
          next.taskId = d.taskId
          next.taskNo = d.taskNo
        }
      }
  }
  return next
}

export const foldLead = (events: LeadEvent[]): LeadState | null => events.reduce<LeadState | null>((s, e) => applyLeadEvent(s, e), null)

/** What the centre may do with a lead now. */
export function leadActions(s: LeadState): LeadAction[] {
  switch (s.state) {
    case 'new':
      return ['convert', 'attach', 'return', 'transfer', 'refuse', 'resolve', 'merge', ...(s.sourceKeys.length > 1 ? (['split'] as const) : [])]
    case 'returned':
    case 'transferred':
    case 'refused':
    case 'resolved':
      return ['reopen']
    default:
      return []
  }
}

export const canDo = (s: LeadState, a: LeadAction) => leadActions(s).includes(a)

/** Words that signal a dispute may turn violent (民转刑): they make the suggestion red. */
export const THREAT_WORDS = ['扬言', '拼命', '报复', '同归于尽', '弄死', '杀了', '砍', '持刀', '拿刀', '自杀', '跳楼', '喝农药']

export interface RiskSuggestion {
  colour: RiskColour
  confidence: number
  reasons: string[]
}

/**
 * A first, explainable risk colour for the inbox (the risk domain re-scores leads when it listens):
 * threat words or violence → red; three or more contacts of the same people/door in 30 days → red, two
 * → yellow; a family or land dispute, or a police matter → at least yellow.
 */
export function suggestRisk(input: { text: string; repeats30: number; family: string; police: boolean }): RiskSuggestion {
  const reasons: string[] = []
  const threats = THREAT_WORDS.filter((w) => input.text.includes(w))
  let colour: RiskColour = 'green'
  if (threats.length) {
    colour = 'red'
    reasons.push(`内容有「${threats.join('」「')}」`)
  }
  if (input.repeats30 >= 3) {
    colour = 'red'
    reasons.push(`30 天内第 ${input.repeats30} 次`)
  } else if (input.repeats30 === 2) {
    if (colour === 'green') colour = 'yellow'
    reasons.push('30 天内第 2 次')
  }
  if (colour === 'green' && (input.police || input.family === 'family' || input.family === 'land')) {
    colour = 'yellow'
    reasons.push(input.police ? '涉警' : input.family === 'family' ? '婚恋家庭纠纷易激化' : '土地纠纷易激化')
  }
  return { colour, confidence: reasons.length ? 0.8 : 0.6, reasons: reasons.length ? reasons : ['无重复、无激化迹象'] }
}

export interface LeadSuggestionInput {
  category: { code: string; confidence: number; confident: boolean }
  territory: { micro: string | null; confidence: number; confident: boolean }
  police: boolean
}

/** How sure the whole suggestion is: as sure as its least sure part; a police matter is never automatic. */
export function suggestionConfidence(s: LeadSuggestionInput): number {
  if (!s.territory.micro) return 0
  return Math.min(s.category.confidence, s.territory.confidence)
}

export const TIER_BY_DEFAULT: TaskTier = 'general'
