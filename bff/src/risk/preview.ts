/**
 * The preview an admin sees before publishing risk rules: every case of the last 90 days scored
 * again under the draft and under the rules in force, with their linked history, and the cases whose
 * colour would change with the factors that make the difference. Read from the case cache in one
 * pass; nothing is written.
 */
import {
  diffRiskRules,
  factorLine,
  higherColour,
  type RiskCase,
  type RiskColour,
  type RiskPreviewChange,
  type RiskPreviewView,
  type RiskRuleSet,
  scoreCase,
  versionInForce,
} from '@jqtb/shared'
import type { TaskDeps } from '../tasks/log'
import { toCase } from './cases'
import type { RiskCaseDoc } from './model'
import { loadRiskVersions } from './rule-versions'

export const PREVIEW_DAYS = 90
const DAY = 86_400_000

const longestWindow = (r: RiskRuleSet) => Math.max(...r.repeats.party.map((w) => w.days), ...r.repeats.address.map((w) => w.days), r.linked.days)

/** 「按草稿 54 分，达到红线 35 分」: where the draft's score lands against its lines. */
function lineReached(score: number, colour: RiskColour, r: RiskRuleSet, floor: RiskColour): string {
  if (colour === floor && colour !== 'green' && (colour === 'red' ? score < r.thresholds.red : score < r.thresholds.yellow))
    return `按草稿 ${score} 分，人工设定的颜色不变`
  if (colour === 'red') return `按草稿 ${score} 分，达到红线 ${r.thresholds.red} 分`
  if (colour === 'yellow') return `按草稿 ${score} 分，达到黄线 ${r.thresholds.yellow} 分、未达红线 ${r.thresholds.red} 分`
  return `按草稿 ${score} 分，未达黄线 ${r.thresholds.yellow} 分`
}

export async function previewRiskRules(deps: TaskDeps, draft: RiskRuleSet): Promise<RiskPreviewView> {
  const now = deps.clock.now()
  const t = now.getTime()
  const versions = await loadRiskVersions(deps.db, now)
  const current = (versionInForce(versions, t) ?? versions[0]).rules
  const reach = PREVIEW_DAYS + Math.max(longestWindow(current), longestWindow(draft))
  const docs = await deps.db.models.RiskCase.find({ createdAt: { $gte: t - reach * DAY } }).lean<RiskCaseDoc[]>()
  const bySubject = new Map<string, RiskCaseDoc[]>()
  for (const d of docs) for (const k of d.subjects ?? []) bySubject.set(k, [...(bySubject.get(k) ?? []), d])
  const before: Record<RiskColour, number> = { red: 0, yellow: 0, green: 0 }
  const after: Record<RiskColour, number> = { red: 0, yellow: 0, green: 0 }
  const changes: RiskPreviewChange[] = []
  const recent = docs.filter((d) => d.createdAt >= t - PREVIEW_DAYS * DAY || d.open)
  // one case object per document: the scorer remembers what it found in a case's texts by the object
  const cases = new Map(docs.map((d) => [d._id, toCase(d)]))
  for (const d of recent) {
    const history = new Map<string, RiskCaseDoc>()
    for (const k of d.subjects ?? []) for (const h of bySubject.get(k) ?? []) if (h._id !== d._id) history.set(h._id, h)
    const subject = cases.get(d._id) as RiskCase
    const others = [...history.keys()].map((id) => cases.get(id) as RiskCase)
    const a = scoreCase(subject, others, current, t)
    const b = scoreCase(subject, others, draft, t)
    const floor = d.floor ?? 'green'
    const from = higherColour(a.colour, floor)
    const to = higherColour(b.colour, floor)
    before[from]++
    after[to]++
    if (from === to) continue
    const was = new Set(a.factors.map(factorLine))
    const will = new Set(b.factors.map(factorLine))
    changes.push({
      caseId: d._id,
      ref: d.ref,
      title: d.open ? d.title : `${d.title}（已办结）`,
      taskId: d.taskId ?? null,
      from,
      to,
      scoreBefore: a.score,
      scoreAfter: b.score,
      why: lineReached(b.score, to, draft, floor),
      gained: [...will].filter((l) => !was.has(l)),
      lost: [...was].filter((l) => !will.has(l)),
    })
  }
  const rank: Record<RiskColour, number> = { red: 2, yellow: 1, green: 0 }
  changes.sort((x, y) => rank[y.to] - rank[x.to] || y.scoreAfter - x.scoreAfter || x.ref.localeCompare(y.ref))
  return { days: PREVIEW_DAYS, cases: recent.length, before, after, changes, ruleChanges: diffRiskRules(current, draft) }
}
