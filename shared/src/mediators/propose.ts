/**
 * The team proposal (攻坚小组): the composition rule's slots filled by score, conflicts excluded, every
 * pick, alternative and exclusion explained. Pure: the BFF loads the pool and calls it; the bench runs
 * it over 5,000 mediators.
 */
import type { RiskColour, TaskCategory } from '../tasks/constants'
import type { EpochMs } from '../tasks/types'
import { type ConflictSubject, communityCodeOf, conflictsOf, type Exclusion, type PartyRef } from './conflicts'
import { MEDIATOR_TYPE_LABELS, type MediatorType } from './constants'
import { type CompositionRule, type CompositionSlot, describeRule, slotLabel } from './rules'
import { type Reason, type ScoreSubject, scoreOf, summarise } from './scoring'

export interface MediatorCandidate extends ConflictSubject, ScoreSubject {
  type: MediatorType
}

export interface ProposalTask {
  id: string
  taskNo: string
  category: TaskCategory
  riskColour: RiskColour
  /** the parties' place */
  territory: string
  parties: PartyRef[]
}

export interface ProposalInput {
  task: ProposalTask
  rule: CompositionRule
  candidates: readonly MediatorCandidate[]
  now: EpochMs
  /** 乡音 the parties speak, when the proposer names one */
  dialect?: string
  /** the mediator the citizen asked for (named by the centre) */
  preferredId?: string
  /** people not to propose at all (already on the team) */
  skip?: ReadonlySet<string>
  /** how many next-best people each slot offers for a swap */
  alternatives?: number
}

export interface ScoredCandidate {
  id: string
  name: string
  type: MediatorType
  score: number
  reasons: Reason[]
  /** the main reasons in one line */
  summary: string
  /** only for excluded people */
  exclusions?: Exclusion[]
}

export interface SlotProposal {
  /** `<index>` of the slot in the rule (or `preferred` for the citizen's choice outside the rule) */
  key: string
  slot: CompositionSlot
  label: string
  picks: ScoredCandidate[]
  /** the next best, for a swap */
  alternatives: ScoredCandidate[]
  /** excluded people who would otherwise have ranked among the picks and alternatives, with why */
  excluded: ScoredCandidate[]
  /** people of this kind (and place) in the pool, and how many of them a conflict or capacity excluded */
  pool: { total: number; excluded: number }
  /** why the slot has fewer picks than it asks for */
  shortfall?: string
}

export type PreferredStatus = 'kept' | 'excluded' | 'not_found'

export interface TeamProposal {
  rule: { id: string; description: string; note?: string }
  slots: SlotProposal[]
  preferred?: { id: string; name?: string; status: PreferredStatus; message: string; exclusions?: Exclusion[] }
}

export const PREFERRED_SLOT_KEY = 'preferred'

/** Is `c` someone this slot can take at all (kind and place), before conflicts? */
export function fitsSlot(c: Pick<MediatorCandidate, 'type' | 'home'>, slot: CompositionSlot, territory: string): boolean {
  if (c.type !== slot.type) return false
  if (slot.local) return !!c.home && communityCodeOf(c.home) === communityCodeOf(territory)
  return true
}

const byScore = (a: ScoredCandidate, b: ScoredCandidate) => b.score - a.score || a.id.localeCompare(b.id)

export function proposeTeam(input: ProposalInput): TeamProposal {
  const { task, rule, now } = input
  const alternatives = input.alternatives ?? 5
  const ctx = { taskId: task.id, category: task.category, territory: task.territory, parties: task.parties, now }
  const scoreCtx = { category: task.category, territory: task.territory, dialect: input.dialect }
  const byType = new Map<MediatorType, MediatorCandidate[]>()
  for (const c of input.candidates) {
    if (input.skip?.has(c.id)) continue
    byType.set(c.type, [...(byType.get(c.type) ?? []), c])
  }
  const scored = new Map<string, { score: number; reasons: Reason[] }>()
  const score = (c: MediatorCandidate) => {
    let s = scored.get(c.id)
    if (!s) {
      s = scoreOf(c, scoreCtx)
      scored.set(c.id, s)
    }
    return s
  }
  const view = (c: MediatorCandidate, exclusions?: Exclusion[]): ScoredCandidate => {
    const s = score(c)
    return { id: c.id, name: c.name, type: c.type, score: s.score, reasons: s.reasons, summary: summarise(s.reasons), ...(exclusions ? { exclusions } : {}) }
  }

  const slots: SlotProposal[] = rule.slots.map((slot, i) => ({
    key: String(i),
    slot,
    label: slotLabel(slot),
    picks: [],
    alternatives: [],
    excluded: [],
    pool: { total: 0, excluded: 0 },
  }))
  const taken = new Set<string>()
  let preferred: TeamProposal['preferred']

  // the citizen's choice first: kept in the first slot of their kind unless they have a conflict
  if (input.preferredId) {
    const p = input.candidates.find((c) => c.id === input.preferredId)
    if (!p) {
      preferred = { id: input.preferredId, status: 'not_found', message: '当事人指定的调解员已不在调解员库中（可能已停用）' }
    } else {
      const target = slots.find((s) => fitsSlot(p, s.slot, task.territory))
      const exclusions = conflictsOf(p, ctx, target?.slot)
      if (exclusions.length) {
        preferred = { id: p.id, name: p.name, status: 'excluded', exclusions, message: `当事人指定的${p.name}未被采用` }
      } else {
        const slot =
          target ??
          slots[
            slots.push({
              key: PREFERRED_SLOT_KEY,
              slot: { type: p.type, count: 1 },
              label: `当事人指定的${MEDIATOR_TYPE_LABELS[p.type]}`,
              picks: [],
              alternatives: [],
              excluded: [],
              pool: { total: 1, excluded: 0 },
            }) - 1
          ]
        slot.picks.push({ ...view(p), summary: `当事人指定；${view(p).summary}`.replace(/；$/, '') })
        taken.add(p.id)
        preferred = { id: p.id, name: p.name, status: 'kept', message: `已按当事人要求安排${p.name}` }
      }
    }
  }

  for (const s of slots) {
    if (s.key === PREFERRED_SLOT_KEY) continue
    const fitting = (byType.get(s.slot.type) ?? []).filter((c) => fitsSlot(c, s.slot, task.territory))
    const free: ScoredCandidate[] = []
    const excluded: ScoredCandidate[] = []
    for (const c of fitting) {
      const exclusions = conflictsOf(c, ctx, s.slot)
      if (exclusions.length) excluded.push(view(c, exclusions))
      else if (!taken.has(c.id)) free.push(view(c))
    }
    free.sort(byScore)
    excluded.sort(byScore)
    const want = s.slot.count - s.picks.length
    const picks = free.slice(0, Math.max(0, want))
    for (const p of picks) taken.add(p.id)
    s.picks.push(...picks)
    s.alternatives = free.slice(picks.length, picks.length + alternatives)
    // the exclusions worth explaining: people who would have ranked among the picks or the alternatives
    const cutoff = [...free.slice(0, s.slot.count + alternatives), ...excluded].sort(byScore).slice(0, s.slot.count + alternatives)
    s.excluded = excluded.filter((e) => cutoff.includes(e))
    s.pool = { total: fitting.length, excluded: excluded.length }
    const short = s.slot.count - s.picks.length
    if (short > 0) {
      s.shortfall =
        fitting.length === 0
          ? `调解员库中暂无${s.label}`
          : excluded.length === fitting.length
            ? `${s.label}共 ${fitting.length} 人，均因回避或在办已满被排除`
            : `${s.label}可安排的人数不足（缺 ${short} 人）`
    }
  }
  return { rule: { id: rule.id, description: describeRule(rule), ...(rule.note ? { note: rule.note } : {}) }, slots, ...(preferred ? { preferred } : {}) }
}

/**
 * Can `c` take `slot` on this dispute now? The confirm step asks this of every person the proposer
 * chose (the proposal may be minutes old, and a client may send anyone).
 */
export function checkChoice(
  c: MediatorCandidate | undefined,
  slot: CompositionSlot,
  input: Pick<ProposalInput, 'task' | 'now'>,
): { ok: true } | { ok: false; message: string; exclusions?: Exclusion[] } {
  if (!c) return { ok: false, message: '所选人员不在调解员库中或已停用' }
  if (!fitsSlot(c, slot, input.task.territory)) return { ok: false, message: `${c.name}不是${slotLabel(slot)}` }
  const ctx = { taskId: input.task.id, category: input.task.category, territory: input.task.territory, parties: input.task.parties, now: input.now }
  const exclusions = conflictsOf(c, ctx, slot)
  return exclusions.length ? { ok: false, message: `${c.name}不能加入：${exclusions[0].shown.replace(/^排除：/, '')}`, exclusions } : { ok: true }
}
