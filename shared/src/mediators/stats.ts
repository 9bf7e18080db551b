/**
 * A mediator's computed record (never typed by anyone): mediations done, success rate, average
 * duration, citizens' ratings. Folded from the insert-only outcome and rating rows the BFF keeps.
 */
import type { MediationOutcome } from './constants'
import { averageRating, successPercent, type TrackRecord } from './scoring'

export interface OutcomeRow {
  outcome: MediationOutcome
  durationMs: number
}

export interface RatingRow {
  rating: number
}

export interface MediatorStats extends TrackRecord {
  failed: number
  /** average time from the team's formation to the recorded outcome */
  avgDurationMs: number | null
  /** whole percent, or null before the first outcome */
  successRate: number | null
  averageRating: number | null
}

export function statsOf(outcomes: readonly OutcomeRow[], ratings: readonly RatingRow[]): MediatorStats {
  const count = (o: MediationOutcome) => outcomes.filter((r) => r.outcome === o).length
  const record: TrackRecord = {
    done: outcomes.length,
    success: count('success'),
    partial: count('partial'),
    ratingSum: ratings.reduce((s, r) => s + r.rating, 0),
    ratingCount: ratings.length,
  }
  const total = outcomes.reduce((s, r) => s + Math.max(0, r.durationMs), 0)
  return {
    ...record,
    failed: count('failed'),
    avgDurationMs: outcomes.length ? Math.round(total / outcomes.length) : null,
    successRate: successPercent(record),
    averageRating: averageRating(record),
  }
}

/** 「3.5 天」 / 「6 小时」: a duration the way people say it. */
export function durationLabel(ms: number | null): string {
  if (ms === null) return '—'
  const hours = ms / 3_600_000
  if (hours < 24) return `${Math.max(1, Math.round(hours))} 小时`
  return `${Math.round((hours / 24) * 10) / 10} 天`
}
