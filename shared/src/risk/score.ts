/**
 * The risk score of a case with its linked history (the cases of the same people or address), as
 * a list of factors in words with their points. Pure: the same case, history, rules and time give
 * the same answer on the server, in the preview and in the tests.
 */
import { RISK_LABELS, type RiskColour, TASK_CATEGORY_LABELS, VULNERABLE_FLAG_LABELS, VULNERABLE_FLAGS, type VulnerableFlag } from '../tasks/constants'
import type { EpochMs } from '../tasks/types'
import { type RiskCase, TEXT_SOURCE_LABELS } from './case'
import { findPhrase, findWord } from './phrases'
import { incidentsOf } from './record'
import { DEFAULT_SAME_INCIDENT_HOURS, type RiskRuleSet } from './rules'

export const DAY = 86_400_000
export const HOUR = 3_600_000

export const FACTOR_CODES = [
  'repeat_party',
  'repeat_address',
  'calls_110',
  'category',
  'phrase',
  'linked_phrase',
  'vulnerable',
  'age',
  'overdue',
  'bounces',
  'returns',
  'reopens',
  'escalations',
  'failed_mediations',
  'unhappy_feedback',
  'agreement',
] as const
export type FactorCode = (typeof FACTOR_CODES)[number]

export interface RiskFactor {
  code: FactorCode
  points: number
  /** the reason in words, without the points: 「近 30 天同一当事人第 3 次报警」 */
  text: string
  /** this factor alone makes the case red (a phrase the admin marked 直接红色) */
  forceRed?: boolean
  /** the cases behind it (repeats, linked phrases): ids of RiskCase */
  cases?: string[]
}

export interface RiskAssessment {
  score: number
  colour: RiskColour
  factors: RiskFactor[]
}

/** 「描述含「扬言」 +25」: a factor as people read it. */
export const factorLine = (f: Pick<RiskFactor, 'text' | 'points'>) => `${f.text} ${f.points >= 0 ? '+' : '−'}${Math.abs(f.points)}`

/** Colour of a score under the thresholds (forceRed: red whatever the score). */
export function colourOf(score: number, rules: Pick<RiskRuleSet, 'thresholds'>, forceRed = false): RiskColour {
  if (forceRed || score >= rules.thresholds.red) return 'red'
  return score >= rules.thresholds.yellow ? 'yellow' : 'green'
}

const COLOUR_RANK: Record<RiskColour, number> = { green: 0, yellow: 1, red: 2 }
export const higherColour = (a: RiskColour, b: RiskColour): RiskColour => (COLOUR_RANK[a] >= COLOUR_RANK[b] ? a : b)
export const colourRank = (c: RiskColour) => COLOUR_RANK[c]

/** A case counts in a window when any contact about it falls in it. */
const touches = (c: RiskCase, from: EpochMs, to: EpochMs) => c.contacts.some((x) => x.at >= from && x.at <= to) || (c.createdAt >= from && c.createdAt <= to)
const lastContactAt = (c: RiskCase) => Math.max(c.createdAt, ...c.contacts.map((x) => x.at))

interface Repeats {
  points: number
  days: number
  n: number
  cases: RiskCase[]
  incidentOf: (c: RiskCase) => string
}

/** Repeats by one key: the window that scores most, with the incidents in it. */
function repeats(
  subject: RiskCase,
  all: RiskCase[],
  key: string,
  windows: RiskRuleSet['repeats']['party'],
  sameIncidentHours: number,
  now: EpochMs,
): Repeats | null {
  let best: Repeats | null = null
  for (const w of windows) {
    const inWindow = all.filter((c) => (c.parties.some((p) => p.key === key) || c.address?.key === key) && touches(c, now - w.days * DAY, now))
    // records of one incident (the 110 call, the 12345 ticket an hour later, the task made of them) count once
    const grouping = incidentsOf([subject, ...inWindow.filter((c) => c.id !== subject.id)], sameIncidentHours)
    const incidentOf = (c: RiskCase) => grouping.get(c.id) ?? c.incident
    const incidents = new Map<string, RiskCase>()
    for (const c of inWindow) incidents.set(incidentOf(c), c)
    if (!incidents.has(incidentOf(subject))) incidents.set(incidentOf(subject), subject)
    const n = incidents.size
    if (n < 2) continue
    const points = Math.min(w.max, (n - 1) * w.perRepeat)
    const cases = inWindow.some((c) => c.id === subject.id) ? inWindow : [subject, ...inWindow]
    if (points > 0 && (!best || points > best.points)) best = { points, days: w.days, n, cases, incidentOf }
  }
  return best
}

function repeatFactor(subject: RiskCase, all: RiskCase[], rules: RiskRuleSet, now: EpochMs, kind: 'party' | 'address'): RiskFactor | null {
  const keys = kind === 'party' ? subject.parties.filter((p) => p.key) : subject.address ? [{ key: subject.address.key, name: subject.address.label }] : []
  let best: { r: NonNullable<ReturnType<typeof repeats>>; who: string } | null = null
  for (const k of keys) {
    const r = repeats(subject, all, k.key as string, rules.repeats[kind], rules.repeats.sameIncidentHours ?? DEFAULT_SAME_INCIDENT_HOURS, now)
    if (r && (!best || r.points > best.r.points)) best = { r, who: k.name }
  }
  if (!best) return null
  const { r, who } = best
  const newest = r.cases.every((c) => r.incidentOf(c) === r.incidentOf(subject) || lastContactAt(c) <= lastContactAt(subject))
  const channels = [...new Set(r.cases.flatMap((c) => c.contacts.map((x) => x.channel)))]
  const across = channels.length > 1 ? `，涉 ${channels.join('、')}` : ''
  const whom = kind === 'party' ? `同一当事人（${who}）` : `同一地址（${who}）`
  return {
    code: kind === 'party' ? 'repeat_party' : 'repeat_address',
    points: r.points,
    text: `近 ${r.days} 天${whom}${newest ? '第' : '共'} ${r.n} 次报警${across}`,
    cases: r.cases.map((c) => c.id),
  }
}

/** The densest run of 110 calls about the case and its linked cases within the rules' hours, over the last month. */
function calls110Factor(subject: RiskCase, all: RiskCase[], rules: RiskRuleSet, now: EpochMs): RiskFactor | null {
  const horizon = now - rules.repeats.party[0].days * DAY
  const calls = [subject, ...all.filter((c) => c.id !== subject.id)]
    .flatMap((c) => c.contacts.filter((x) => x.channel === '110' && x.at >= horizon && x.at <= now).map((x) => x.at))
    .sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; j < calls.length; j++) {
    while (calls[j] - calls[i] > rules.calls110.hours * HOUR) i++
    most = Math.max(most, j - i + 1)
  }
  if (most < 2) return null
  const points = Math.min(rules.calls110.max, (most - 1) * rules.calls110.perCall)
  return points > 0 ? { code: 'calls_110', points, text: `${rules.calls110.hours} 小时内 110 报警 ${most} 次` } : null
}

/**
 * Which phrases of `rules` a case's texts hold, and where each is first found. Memoised per case
 * object and rule set: a busy caller's cases are in many histories of one batch re-score, and reading
 * their texts again for every case they are linked to would dominate.
 */
const phraseMemo = new WeakMap<RiskCase, WeakMap<RiskRuleSet, Map<string, RiskCase['texts'][number] | null>>>()
function phraseHit(c: RiskCase, rule: RiskRuleSet['phrases'][number], rules: RiskRuleSet): RiskCase['texts'][number] | null {
  let byRules = phraseMemo.get(c)
  if (!byRules) {
    byRules = new WeakMap()
    phraseMemo.set(c, byRules)
  }
  let hits = byRules.get(rules)
  if (!hits) {
    hits = new Map()
    byRules.set(rules, hits)
  }
  const key = `${rule.phrase}\u0000${rule.except.join('\u0000')}`
  let hit = hits.get(key)
  if (hit === undefined) {
    hit = c.texts.find((t) => findPhrase(t.text, rule, rules.negations) >= 0) ?? null
    hits.set(key, hit)
  }
  return hit
}

/** Phrases in the case's own texts (each phrase once, where it first appears), then in its linked cases. */
function phraseFactors(subject: RiskCase, linked: RiskCase[], rules: RiskRuleSet, now: EpochMs): RiskFactor[] {
  const out: RiskFactor[] = []
  const hit = new Set<string>()
  for (const rule of rules.phrases) {
    if (rule.points <= 0 && !rule.forceRed) continue
    const t = phraseHit(subject, rule, rules)
    if (!t) continue
    hit.add(rule.phrase)
    out.push({
      code: 'phrase',
      points: rule.points,
      text: `${TEXT_SOURCE_LABELS[t.source]}含「${rule.phrase}」${rule.forceRed ? '（直接红色）' : ''}`,
      ...(rule.forceRed ? { forceRed: true } : {}),
    })
  }
  const recent = linked.filter((c) => c.id !== subject.id && c.incident !== subject.incident && lastContactAt(c) >= now - rules.linked.days * DAY)
  if (rules.linked.percent > 0) {
    for (const rule of rules.phrases) {
      if (hit.has(rule.phrase) || rule.points <= 0) continue
      const where = recent.find((c) => phraseHit(c, rule, rules))
      if (!where) continue
      const points = Math.round((rule.points * rules.linked.percent) / 100)
      if (points > 0)
        out.push({ code: 'linked_phrase', points, text: `近 ${rules.linked.days} 天关联案件（${where.ref}）含「${rule.phrase}」`, cases: [where.id] })
    }
  }
  // the cap: the strongest phrases first, the rest cut to what is left
  out.sort((a, b) => b.points - a.points)
  let left = rules.phraseCap
  return out.map((f) => {
    const points = Math.min(f.points, Math.max(0, left))
    left -= points
    return points === f.points ? f : { ...f, points, text: `${f.text}（关键词合计已达上限 ${rules.phraseCap}）` }
  })
}

function vulnerableFactors(subject: RiskCase, rules: RiskRuleSet): RiskFactor[] {
  const out: RiskFactor[] = []
  const description = subject.texts.filter((t) => t.source === 'description' || t.source === 'report')
  for (const flag of VULNERABLE_FLAGS) {
    const points = rules.vulnerable[flag as VulnerableFlag]
    if (points <= 0) continue
    const flagged = subject.parties.find((p) => p.flags?.includes(flag))
    if (flagged) {
      out.push({ code: 'vulnerable', points, text: `当事人${flagged.name}为${VULNERABLE_FLAG_LABELS[flag]}` })
      continue
    }
    for (const t of description) {
      const w = findWord(t.text, rules.vulnerableWords[flag], rules.negations)
      if (w) {
        out.push({ code: 'vulnerable', points, text: `${TEXT_SOURCE_LABELS[t.source]}提到「${w}」（涉及${VULNERABLE_FLAG_LABELS[flag]}）` })
        break
      }
    }
  }
  return out
}

const counted = (code: FactorCode, n: number, rule: { per: number; max: number }, text: string): RiskFactor | null => {
  const points = Math.min(rule.max, n * rule.per)
  return n > 0 && points > 0 ? { code, points, text } : null
}

/**
 * Scores `subject` with its linked `history` (other cases sharing a party or its address; the
 * subject itself may be among them) at `now`.
 */
export function scoreCase(subject: RiskCase, history: readonly RiskCase[], rules: RiskRuleSet, now: EpochMs): RiskAssessment {
  const others = history.filter((c) => c.id !== subject.id)
  const all = [subject, ...others]
  const factors: RiskFactor[] = []
  const push = (f: RiskFactor | null) => {
    if (f) factors.push(f)
  }
  push(repeatFactor(subject, all, rules, now, 'party'))
  push(repeatFactor(subject, all, rules, now, 'address'))
  push(calls110Factor(subject, others, rules, now))
  const severity = rules.categories[subject.category] ?? 0
  if (severity > 0) factors.push({ code: 'category', points: severity, text: TASK_CATEGORY_LABELS[subject.category] ?? subject.category })
  factors.push(...phraseFactors(subject, others, rules, now))
  factors.push(...vulnerableFactors(subject, rules))
  if (subject.open) {
    const age = Math.floor((now - subject.createdAt) / DAY)
    if (age >= rules.age.fromDays) push(counted('age', age - rules.age.fromDays + 1, { per: rules.age.perDay, max: rules.age.max }, `已 ${age} 天未办结`))
    if (subject.dueAt !== undefined && now > subject.dueAt) {
      const late = Math.ceil((now - subject.dueAt) / DAY)
      push(counted('overdue', late, { per: rules.overdue.perDay, max: rules.overdue.max }, `超期 ${late} 天未办结`))
    }
  }
  const c = subject.counts
  push(counted('bounces', c.bounces, rules.bounces, `部门退回 ${c.bounces} 次`))
  push(counted('returns', c.returns, rules.returns, `验收驳回 ${c.returns} 次`))
  push(counted('reopens', c.reopens, rules.reopens, `办结后重新打开 ${c.reopens} 次`))
  push(counted('escalations', c.escalations, rules.escalations, `上报社治中心 ${c.escalations} 次`))
  push(counted('failed_mediations', c.failedMediations, rules.failedMediations, `调解不成 ${c.failedMediations} 次`))
  const unhappy = subject.feedback.filter((f) => !f.satisfied).length
  push(counted('unhappy_feedback', unhappy, rules.unhappyFeedback, `回访不满意 ${unhappy} 次`))
  if (subject.agreement && rules.agreement > 0) factors.push({ code: 'agreement', points: -rules.agreement, text: '已达成调解协议' })
  const score = Math.max(
    0,
    factors.reduce((s, f) => s + f.points, 0),
  )
  const colour = colourOf(
    score,
    rules,
    factors.some((f) => f.forceRed),
  )
  return { score, colour, factors: sortFactors(factors) }
}

/** Biggest first, reductions last: the card reads from the strongest reason down. */
function sortFactors(factors: RiskFactor[]): RiskFactor[] {
  return [...factors].sort((a, b) => (b.forceRed ? 1 : 0) - (a.forceRed ? 1 : 0) || b.points - a.points)
}

/** The sentence above the factors: 「红色预警（65 分，红线 60 分）」. */
export function assessmentHeadline(a: Pick<RiskAssessment, 'score' | 'colour'>, rules: Pick<RiskRuleSet, 'thresholds'>): string {
  const line =
    a.colour === 'red' ? `红线 ${rules.thresholds.red} 分` : a.colour === 'yellow' ? `黄线 ${rules.thresholds.yellow} 分` : `黄线 ${rules.thresholds.yellow} 分`
  return `${RISK_LABELS[a.colour]}（${a.score} 分，${line}）`
}
