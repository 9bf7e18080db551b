/**
 * What the 研判 inbox suggests for a lead, each part with how sure it is: the category and the
 * micro-grid (the most confident of its records), the handler and department, tier and claim mode
 * (the routing table's row for the category), and a first risk colour. The whole is as sure as its
 * least sure part; a police matter or an unknown place is never converted without a person.
 */
import {
  type Handler,
  type LeadState,
  type RiskSuggestion,
  type RoutingRow,
  type RoutingTable,
  routingRowFor,
  suggestionConfidence,
  suggestRisk,
} from '@jqtb/shared'
import type { AddressMatch } from '@jqtb/shared/src/intake/address/match'
import type { CategoryResult } from '@jqtb/shared/src/intake/clean/category'
import type { IntakeSourceDoc } from '../intake/model'
import { currentOf } from './facts'

export interface Suggestion {
  category: CategoryResult
  territory: AddressMatch
  police: boolean
  row: RoutingRow | null
  handler: Handler
  department: string
  risk: RiskSuggestion
  confidence: number
  /** converted and routed without a person (routing row allows it, sure enough, not a police matter) */
  auto: boolean
}

export function suggest(state: LeadState, sources: IntakeSourceDoc[], table: RoutingTable, repeats30: number): Suggestion {
  const records = sources.map((s) => currentOf(s).record)
  const byConfidence = <T extends { confidence: number }>(xs: T[]) => [...xs].sort((a, b) => b.confidence - a.confidence)[0]
  const category = byConfidence(records.map((r) => r.category)) ?? { raw: '', code: 'other.general', confidence: 0.3, confident: false, via: 'none' as const }
  const pinned = records.map((r) => r.territory).filter((t) => t.micro)
  const territory = byConfidence(pinned.length ? pinned : records.map((r) => r.territory)) ?? {
    micro: null,
    confidence: 0,
    confident: false,
    candidates: [],
    matched: '没有地址',
  }
  const police = records.some((r) => r.police.police)
  const row = routingRowFor(table, category.code)
  const text = records.map((r) => `${r.title} ${r.content}`).join(' ')
  const risk = suggestRisk({ text, repeats30, family: category.code.split('.')[0], police })
  const confidence = Math.round(suggestionConfidence({ category, territory, police }) * 100) / 100
  return {
    category,
    territory,
    police,
    row,
    handler: row?.handler ?? 'department',
    department: row?.department ?? 'SZZX',
    risk,
    confidence,
    auto: !!row?.auto && !police && !!territory.micro && state.state === 'new' && confidence >= table.autoConvertAbove,
  }
}
