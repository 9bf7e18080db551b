/** What leaves the server about risk: the card 为什么是红色, the watch list (phones masked), rule versions. */
import {
  assessmentHeadline,
  describeRiskRules,
  diffRiskRules,
  factorLine,
  type LinkedCaseView,
  RISK_LABELS,
  RISK_SOURCE_LABELS,
  type RiskCardView,
  type RiskChangeView,
  type RiskRuleDraftView,
  type RiskRuleVersion,
  type RiskRuleVersionView,
  riskFloor,
  subjectKeys,
  type TaskEvent,
  TREND_LABELS,
  versionInForce,
  WATCH_EVENT_LABELS,
  type WatchCaseView,
  type WatchEventView,
  type WatchItemView,
} from '@jqtb/shared'
import type { Scored } from './engine'
import type { RiskCaseDoc, RiskRuleDraftDoc, RiskSubjectDoc, RiskWatchEventDoc } from './model'
import { toSubjectCase } from './subjects'

const iso = (d: Date | number) => new Date(d).toISOString()
const isoOrNull = (d: Date | number | undefined | null) => (d === undefined || d === null ? null : iso(d))

function presentChange(e: TaskEvent): RiskChangeView | null {
  if (e.type !== 'risk_changed') return null
  const d = e.data
  return {
    seq: e.seq,
    at: iso(e.at),
    colour: d.colour,
    previous: d.previous,
    source: d.source,
    by: e.actor.name,
    reason: d.reason ?? null,
    score: d.score,
    factors: d.factors.map(factorLine),
  }
}

/** How a linked case is linked to this one, in words. */
function via(doc: RiskCaseDoc, keys: Map<string, string>): string {
  for (const p of doc.parties) if (p.key && keys.has(p.key)) return `同一当事人（${keys.get(p.key)}）`
  if (doc.address && keys.has(doc.address.key)) return `同一地址（${doc.address.label}）`
  return '关联'
}

export function presentLinked(doc: RiskCaseDoc, keys: Map<string, string>): LinkedCaseView {
  return {
    id: doc._id,
    ref: doc.ref,
    title: doc.title,
    taskId: doc.taskId ?? null,
    createdAt: iso(doc.createdAt),
    open: doc.open,
    colour: doc.colour,
    channels: [...new Set(doc.contacts.map((c) => c.channel))],
    via: via(doc, keys),
  }
}

export function presentCard(s: Scored, events: readonly TaskEvent[], opts: { showLinked: boolean; canSet: boolean }): RiskCardView {
  const t = s.state
  const floor = riskFloor(t)
  const names = new Map<string, string>()
  for (const p of s.case.parties) if (p.key) names.set(p.key, p.name)
  if (s.case.address) names.set(s.case.address.key, s.case.address.label)
  for (const k of subjectKeys(s.case)) if (!names.has(k)) names.set(k, k)
  const rules = s.version.rules
  return {
    taskId: t.id,
    colour: t.riskColour,
    label: RISK_LABELS[t.riskColour],
    source: t.risk?.source ?? 'created',
    sourceLabel: RISK_SOURCE_LABELS[t.risk?.source ?? 'created'],
    score: s.assessment.score,
    headline: assessmentHeadline(s.assessment, rules),
    scoredColour: s.assessment.colour,
    factors: s.assessment.factors.map((f) => ({
      code: f.code,
      points: f.points,
      text: f.text,
      line: factorLine(f),
      ...(f.forceRed ? { forceRed: true } : {}),
    })),
    floor: floor ? { colour: floor.colour, by: floor.by.name, at: iso(floor.at), reason: floor.reason } : null,
    thresholds: rules.thresholds,
    ruleVersion: s.version.version,
    followUpBy: isoOrNull(t.risk?.followUpBy),
    followedUpAt: isoOrNull(t.risk?.followedUpAt),
    escalatedAt: isoOrNull(t.risk?.escalatedAt),
    history: events.map(presentChange).filter((c): c is RiskChangeView => !!c),
    linked: opts.showLinked ? [...s.history].sort((a, b) => b.createdAt - a.createdAt).map((d) => presentLinked(d, names)) : null,
    canSet: opts.canSet,
  }
}

export function presentWatchItem(s: RiskSubjectDoc): WatchItemView {
  return {
    id: s._id,
    kind: s.kind,
    kindLabel: s.kind === 'party' ? '当事人' : '地址',
    label: s.label,
    phone: s.phoneMasked ?? null,
    score: s.score,
    colour: s.colour,
    trend: s.trend,
    trendLabel: TREND_LABELS[s.trend],
    onList: s.onList,
    manual: s.manual,
    why: s.why,
    recent: s.recent,
    total: s.total,
    channels: s.channels,
    lastAt: isoOrNull(s.lastAt),
    lastContact: s.lastContact ? { ...s.lastContact, at: iso(s.lastContact.at) } : null,
    responsible: s.responsible ?? null,
    reviewDue: s.reviewDue,
    reviewedAt: isoOrNull(s.reviewedAt),
    closeRefusal: s.closeRefusal,
  }
}

export function presentWatchCase(doc: RiskCaseDoc, keys: Map<string, string>): WatchCaseView {
  const c = toSubjectCase(doc)
  return { ...presentLinked(doc, keys), score: doc.score, lastContact: c.lastContact ? { ...c.lastContact, at: iso(c.lastContact.at) } : null }
}

export function presentWatchEvent(e: RiskWatchEventDoc): WatchEventView {
  return {
    seq: e.seq,
    type: e.type,
    label: WATCH_EVENT_LABELS[e.type],
    at: iso(e.at),
    by: e.by.name,
    reason: e.reason ?? null,
    responsible: e.responsible?.name ?? null,
  }
}

export function presentRiskVersion(v: RiskRuleVersion, all: readonly RiskRuleVersion[], now: number): RiskRuleVersionView {
  const previous = [...all].reverse().find((x) => x.version < v.version)
  return {
    version: v.version,
    effectiveFrom: iso(v.effectiveFrom),
    publishedAt: iso(v.publishedAt),
    publishedBy: v.publishedBy,
    note: v.note ?? null,
    rules: v.rules,
    inForce: versionInForce(all, now)?.version === v.version,
    scheduled: v.effectiveFrom > now,
    changes: previous ? diffRiskRules(previous.rules, v.rules) : [],
    summary: describeRiskRules(v.rules),
  }
}

export function presentRiskDraft(d: RiskRuleDraftDoc, latest: RiskRuleVersion): RiskRuleDraftView {
  return {
    revision: d._id,
    basedOnVersion: d.basedOnVersion,
    rules: d.rules,
    savedAt: iso(d.savedAt),
    savedBy: d.savedBy,
    note: d.note ?? null,
    changes: diffRiskRules(latest.rules, d.rules),
  }
}
