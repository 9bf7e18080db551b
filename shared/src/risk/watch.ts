/**
 * 重点关注 (the 民转刑 watch list): people and addresses, not single cases, whose risk stays high.
 * A subject is a matching key (a party's phone hash, or a normalised address) with every case linked
 * to it across channels. It is listed by itself when one of its recent cases is red or yellow, or it
 * keeps calling (minCases within the window), or by hand by the 派出所; the list is reviewed weekly;
 * a subject is taken off (销号) by a person with a reason, once it has been quiet long enough.
 */
import type { RiskColour } from '../tasks/constants'
import type { EpochMs } from '../tasks/types'
import type { RiskRuleSet } from './rules'
import { colourRank, DAY } from './score'

/** One case behind a subject, as the list shows it. */
export interface SubjectCase {
  id: string
  ref: string
  title: string
  kind: 'task' | 'lead' | 'record'
  createdAt: EpochMs
  /** the last contact about it (a call, a new record) */
  lastAt: EpochMs
  open: boolean
  colour: RiskColour
  score: number
  channels: string[]
  /** last visit, call or mediation with the parties */
  lastContact?: { at: EpochMs; by: string; what: string }
}

export const WATCH_EVENT_TYPES = ['added', 'closed', 'responsible', 'reviewed'] as const
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number]
export const WATCH_EVENT_LABELS: Record<WatchEventType, string> = {
  added: '人工列入重点关注',
  closed: '销号',
  responsible: '指定跟进责任人',
  reviewed: '每周复核',
}

/** The list is reviewed weekly: a subject not reviewed for this long is due (待复核). */
export const REVIEW_EVERY_DAYS = 7

/** One step of a subject's watch history (`risk_watch_events`, append-only, seq per subject). */
export interface WatchEvent {
  seq: number
  type: WatchEventType
  at: EpochMs
  by: { id: string; name: string }
  reason?: string
  responsible?: { id: string; name: string }
}

/** The people's decisions about a subject, folded from its watch events. */
export interface WatchDecisions {
  seq: number
  /** put on the list by hand (and not taken off since) */
  manual?: { by: string; at: EpochMs; reason: string }
  /** the last 销号: only what happened after it lists the subject again */
  closed?: { by: string; at: EpochMs; reason: string }
  responsible?: { id: string; name: string; by: string; at: EpochMs }
  /** the last weekly review */
  reviewed?: { by: string; at: EpochMs; note: string }
}

export function foldWatch(events: readonly WatchEvent[]): WatchDecisions {
  let d: WatchDecisions = { seq: 0 }
  for (const e of events) {
    if (e.type === 'added') d = { ...d, seq: e.seq, manual: { by: e.by.name, at: e.at, reason: e.reason ?? '' }, closed: undefined }
    else if (e.type === 'closed') d = { ...d, seq: e.seq, manual: undefined, closed: { by: e.by.name, at: e.at, reason: e.reason ?? '' } }
    else if (e.type === 'responsible' && e.responsible) d = { ...d, seq: e.seq, responsible: { ...e.responsible, by: e.by.name, at: e.at } }
    else if (e.type === 'reviewed') d = { ...d, seq: e.seq, reviewed: { by: e.by.name, at: e.at, note: e.reason ?? '' } }
    else d = { ...d, seq: e.seq }
  }
  return d
}

export type Trend = 'new' | 'rising' | 'steady' | 'falling'
export const TREND_LABELS: Record<Trend, string> = { new: '首次', rising: '上升', steady: '平稳', falling: '下降' }

export interface SubjectAssessment {
  /** the highest case score within the window (0: nothing recent) */
  score: number
  colour: RiskColour
  trend: Trend
  onList: boolean
  /** why it is (or is not) on the list, in words */
  why: string[]
  /** cases within the window (after the last 销号) */
  recent: number
  lastAt: EpochMs | null
  lastContact: SubjectCase['lastContact'] | null
  /** on the list and not reviewed within the week */
  reviewDue: boolean
}

export function assessSubject(cases: readonly SubjectCase[], d: WatchDecisions, rules: Pick<RiskRuleSet, 'watch'>, now: EpochMs): SubjectAssessment {
  const from = Math.max(now - rules.watch.days * DAY, d.closed ? d.closed.at + 1 : Number.NEGATIVE_INFINITY)
  const recent = cases.filter((c) => c.lastAt >= from).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  const score = Math.max(0, ...recent.map((c) => c.score))
  const colour = recent.reduce<RiskColour>((m, c) => (colourRank(c.colour) > colourRank(m) ? c.colour : m), 'green')
  const reds = recent.filter((c) => c.colour === 'red').length
  const yellows = recent.filter((c) => c.colour === 'yellow').length
  const why: string[] = []
  if (reds > 0) why.push(`近 ${rules.watch.days} 天有 ${reds} 件红色预警案件`)
  if (yellows > 0) why.push(`近 ${rules.watch.days} 天有 ${yellows} 件黄色预警案件`)
  if (recent.length >= rules.watch.minCases) why.push(`近 ${rules.watch.days} 天重复报警 ${recent.length} 次`)
  const auto = why.length > 0
  if (d.manual) why.push(`${d.manual.by}人工列入：${d.manual.reason}`)
  let trend: Trend = 'new'
  if (recent.length >= 2) {
    const [prev, last] = recent.slice(-2)
    trend = last.score > prev.score + 5 ? 'rising' : last.score < prev.score - 5 ? 'falling' : 'steady'
  }
  const lastAt = cases.length ? Math.max(...cases.map((c) => c.lastAt)) : null
  const contacts = cases.map((c) => c.lastContact).filter((x): x is NonNullable<SubjectCase['lastContact']> => !!x)
  const lastContact = contacts.sort((a, b) => b.at - a.at)[0] ?? null
  const onList = auto || !!d.manual
  const reviewedAt = Math.max(d.reviewed?.at ?? 0, d.manual?.at ?? 0)
  const reviewDue = onList && now - reviewedAt > REVIEW_EVERY_DAYS * DAY
  return { score, colour, trend, onList, why, recent: recent.length, lastAt, lastContact, reviewDue }
}

/** 销号 needs a quiet period: no new case for `quietDays`, and no case still open in red. */
export function closeRefusal(
  cases: readonly SubjectCase[],
  a: Pick<SubjectAssessment, 'onList' | 'lastAt'>,
  rules: Pick<RiskRuleSet, 'watch'>,
  now: EpochMs,
): string | null {
  if (!a.onList) return '该对象不在重点关注名单上'
  const openRed = cases.find((c) => c.open && c.colour === 'red')
  if (openRed) return `${openRed.ref} 仍为红色预警且未办结，不能销号`
  if (a.lastAt !== null && now - a.lastAt < rules.watch.quietDays * DAY) {
    const quiet = Math.floor((now - a.lastAt) / DAY)
    return `最近一次报警在 ${quiet} 天前，须平稳满 ${rules.watch.quietDays} 天才能销号`
  }
  return null
}
