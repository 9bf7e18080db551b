/**
 * Composition rules in words (no zod here: the mini-app imports this without the schemas).
 */
import { RISK_LABELS, TASK_CATEGORY_LABELS } from '../tasks/constants'
import { MEDIATOR_TYPE_LABELS } from './constants'
import type { CompositionRule, CompositionSlot } from './rules'

/** 「当事人所在村社的村社干部」: what a slot asks for, in words. */
export function slotLabel(slot: CompositionSlot): string {
  const kind = MEDIATOR_TYPE_LABELS[slot.type]
  if (slot.local) return `当事人所在村社的${kind}`
  if (slot.avoidLocal) return `${kind}（回避当事人所在村社）`
  return kind
}

/** 「婚恋家庭纠纷 · 红色预警 → 民警 1 + 司法所干部 1 + …」 */
export function describeRule(rule: CompositionRule): string {
  const category = rule.category === 'any' ? '不限类型' : TASK_CATEGORY_LABELS[rule.category]
  const colour = rule.colour === 'any' ? '不限预警' : RISK_LABELS[rule.colour]
  return `${category} · ${colour} → ${rule.slots.map((s) => `${slotLabel(s)} ${s.count}`).join(' + ')}`
}
