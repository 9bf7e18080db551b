/**
 * What the leads domain tells the domains after it (risk re-scores a lead; indices count repeats):
 * every linking and every change of a lead, with the lead id. Published after the lead's event is
 * stored, again by a repair; at least once, so listeners must be idempotent.
 */
import type { LeadEventType } from '@jqtb/shared'

export interface LeadLinked {
  leadId: string
  sourceKey: string
  /** a new lead, a record joining a lead, or a new lead linked as a repeat of earlier ones */
  kind: 'new' | 'joined' | 'repeat'
  /** the earlier leads of the same people or door this lead repeats (empty when none) */
  relatedLeadIds: string[]
  /** how many earlier leads it repeats (0: a first contact), across all channels */
  repeatCount: number
  /** the channels of the lead's records (110, 12345 …) */
  channels: string[]
  /** the lead's records now (`<channel>:<sourceId>`), so a listener needs no read of the lead */
  sourceKeys: string[]
  /** the task the lead became or joined, if any */
  taskId?: string
  at: string
}

export interface LeadUpdated {
  leadId: string
  change: 'source_updated' | Exclude<LeadEventType, 'opened' | 'joined' | 'repeat_linked'>
  repeatCount: number
  channels: string[]
  /** the lead's records now (empty once merged into another); with `source_updated`, one of them has a new version */
  sourceKeys: string[]
  /** the record that got a new version (`source_updated` only) */
  updatedSourceKey?: string
  /** the task the lead became or joined, if any */
  taskId?: string
  /** 退回 / 移交 / 不予受理 / 已化解: to whom and the reason the centre gave (what the source channel is told too) */
  decision?: { to?: string; reason: string }
  at: string
}

declare module '../kernel/events' {
  interface DomainEvents {
    'lead.linked': LeadLinked
    'lead.updated': LeadUpdated
  }
}
