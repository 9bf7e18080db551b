/**
 * How well a mediator fits a dispute (the slot score): domain, locality to the parties, dialect, track
 * record, citizens' ratings, experience and current load. Every point comes with its reason, so a
 * proposal can say why someone was picked. Weights are documented in the README (多元化解队伍).
 */
import { TASK_CATEGORY_LABELS, type TaskCategory } from '../tasks/constants'
import { communityCodeOf, gridCodeOf } from './conflicts'

export const SCORE_WEIGHTS = {
  /** the dispute's category is one of the mediator's domains */
  domain: 30,
  sameMicroGrid: 25,
  sameGrid: 20,
  sameCommunity: 15,
  /** speaks the dialect the proposer asked for (乡音) */
  dialect: 10,
  /** × the smoothed success rate (a full success counts 1, a partial one ½) */
  successRate: 20,
  /** per star above 3 (so 5 stars +10, 1 star −10) */
  ratingPerStar: 5,
  /** per year of experience, up to yearsMax */
  perYear: 0.5,
  yearsMax: 10,
  /** × load / cap */
  load: 15,
} as const

export interface TrackRecord {
  /** mediations with a recorded outcome */
  done: number
  success: number
  partial: number
  ratingSum: number
  ratingCount: number
}

export const EMPTY_RECORD: TrackRecord = { done: 0, success: 0, partial: 0, ratingSum: 0, ratingCount: 0 }

export interface ScoreSubject {
  domains: readonly TaskCategory[]
  dialects: readonly string[]
  years: number
  home?: string
  load: number
  loadCap: number
  stats: TrackRecord
}

export interface ScoreContext {
  category: TaskCategory
  territory: string
  dialect?: string
}

export interface Reason {
  label: string
  points: number
}

const round1 = (x: number) => Math.round(x * 10) / 10

/** Success rate smoothed towards 50 % (one success in one mediation is not a 100 % mediator). */
export function smoothedSuccess(s: TrackRecord): number {
  return (s.success + 0.5 * s.partial + 1) / (s.done + 2)
}

export const successPercent = (s: TrackRecord) => (s.done ? Math.round(((s.success + 0.5 * s.partial) / s.done) * 100) : null)
export const averageRating = (s: TrackRecord) => (s.ratingCount ? round1(s.ratingSum / s.ratingCount) : null)

/** The locality of a home to the dispute's place, most specific first. */
export function locality(home: string | undefined, territory: string): 'micro' | 'grid' | 'community' | null {
  if (!home) return null
  if (home.split('-').length === 4 && home === territory) return 'micro'
  if (gridCodeOf(home) && gridCodeOf(home) === gridCodeOf(territory)) return 'grid'
  if (communityCodeOf(home) === communityCodeOf(territory)) return 'community'
  return null
}

export function scoreOf(m: ScoreSubject, ctx: ScoreContext): { score: number; reasons: Reason[] } {
  const w = SCORE_WEIGHTS
  const reasons: Reason[] = []
  if (m.domains.includes(ctx.category)) reasons.push({ label: `擅长${TASK_CATEGORY_LABELS[ctx.category]}`, points: w.domain })
  const near = locality(m.home, ctx.territory)
  if (near === 'micro') reasons.push({ label: '与当事人同一微网格', points: w.sameMicroGrid })
  else if (near === 'grid') reasons.push({ label: '与当事人同一网格', points: w.sameGrid })
  else if (near === 'community') reasons.push({ label: '与当事人同村社', points: w.sameCommunity })
  if (ctx.dialect && m.dialects.includes(ctx.dialect)) reasons.push({ label: `会说${ctx.dialect}`, points: w.dialect })
  const rate = smoothedSuccess(m.stats)
  const pct = successPercent(m.stats)
  reasons.push({
    label: pct === null ? '尚无调解记录（按 50% 计）' : `调解成功率 ${pct}%（${m.stats.success} 件成功 / 共 ${m.stats.done} 件）`,
    points: round1(rate * w.successRate),
  })
  const avg = averageRating(m.stats)
  if (avg !== null) reasons.push({ label: `群众评价 ${avg} 分（${m.stats.ratingCount} 次）`, points: round1((avg - 3) * w.ratingPerStar) })
  const years = Math.max(0, m.years)
  if (years > 0) reasons.push({ label: `从业 ${years} 年`, points: round1(Math.min(years * w.perYear, w.yearsMax)) })
  if (m.load > 0) reasons.push({ label: `在办 ${m.load}/${m.loadCap}`, points: -round1((m.load / Math.max(1, m.loadCap)) * w.load) })
  return { score: round1(reasons.reduce((s, r) => s + r.points, 0)), reasons }
}

/** One line for a pick: the reasons that added most. */
export function summarise(reasons: readonly Reason[], max = 3): string {
  return [...reasons]
    .filter((r) => r.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, max)
    .map((r) => r.label)
    .join('，')
}
