/** What leaves the server for points and rules: ledger lines, totals, boards, versions, appeals. */
import {
  APPEAL_STATUS_LABELS,
  type AppealView,
  type BoardRow,
  type BoardRowView,
  describeRuleSet,
  diffRuleSets,
  ENTRY_KIND_LABELS,
  type LedgerEntryView,
  type Period,
  type PeriodView,
  type PointsTotalView,
  REASON_CODES,
  REASON_LABELS,
  type RuleDraftView,
  type RuleSetVersion,
  type RuleVersionView,
  type SubjectTotal,
  versionInForce,
} from '@jqtb/shared'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc, RuleDraftDoc } from './model'

const iso = (d: Date | number) => new Date(d).toISOString()

export function presentPeriod(p: Period): PeriodView {
  return { key: p.key, kind: p.kind, label: p.label, start: iso(p.start), end: iso(p.end) }
}

export function presentAppeal(a: AppealDoc, decision: AppealDecisionDoc | null, entry: Pick<LedgerEntryDoc, 'delta' | 'reason' | 'month'> | null): AppealView {
  const status = decision?.decision ?? 'pending'
  return {
    entryId: a._id,
    taskId: a.taskId,
    taskNo: a.taskNo,
    userId: a.userId,
    userName: a.userName,
    reason: a.reason,
    createdAt: iso(a.createdAt),
    status,
    statusLabel: APPEAL_STATUS_LABELS[status],
    entry: { delta: entry?.delta ?? 0, reason: entry?.reason ?? '', month: entry?.month ?? '' },
    decision: decision
      ? { decision: decision.decision, note: decision.note, by: decision.by, at: iso(decision.at), correctionEntryId: decision.correctionEntryId || null }
      : null,
  }
}

export function presentEntry(
  e: LedgerEntryDoc,
  extra: { correctedBy?: string | null; appeal?: AppealView | null; appealable?: boolean } = {},
): LedgerEntryView {
  return {
    id: e._id,
    subject: { kind: e.subjectKind, id: e.subjectId, name: e.subjectName },
    territory: e.territory || null,
    department: e.department || null,
    month: e.month,
    delta: e.delta,
    kind: e.kind,
    kindLabel: ENTRY_KIND_LABELS[e.kind],
    reasonCode: e.reasonCode,
    reasonLabel: REASON_LABELS[e.reasonCode] ?? e.reasonCode,
    reason: e.reason,
    ruleKey: e.ruleKey,
    ruleVersion: e.ruleVersion,
    taskId: e.taskId,
    taskNo: e.taskNo,
    eventType: e.eventType,
    eventAt: iso(e.eventAt),
    at: iso(e.at),
    corrects: e.corrects || null,
    correctedBy: extra.correctedBy ?? null,
    appeal: extra.appeal ?? null,
    appealable: extra.appealable ?? false,
  }
}

export function presentTotal(t: SubjectTotal): PointsTotalView {
  return {
    startingScore: t.startingScore,
    base: t.base,
    bonusEarned: t.bonusEarned,
    bonus: t.bonus,
    bonusExcess: t.bonusExcess,
    deductions: t.deductions,
    own: t.own,
    members: t.members,
    total: t.total,
    capNote: t.capNote,
    byReason: REASON_CODES.filter((c) => t.byReason[c] !== undefined).map((code) => ({ code, label: REASON_LABELS[code], points: t.byReason[code] as number })),
    entryCount: t.entryCount,
  }
}

export function presentBoardRow(r: BoardRow, detail: string | null, canOpen: boolean): BoardRowView {
  return {
    rank: r.rank,
    id: r.id,
    name: r.name,
    detail,
    startingScore: r.startingScore,
    total: r.total,
    own: r.own,
    members: r.members,
    memberCount: r.memberCount,
    base: r.base,
    bonus: r.bonus,
    bonusExcess: r.bonusExcess,
    deductions: r.deductions,
    entryCount: r.entryCount,
    capNote: r.capNote,
    canOpen,
  }
}

/** A version with what changed against the one before it. `versions` oldest first. */
export function presentVersion(v: RuleSetVersion, versions: readonly RuleSetVersion[], now: number): RuleVersionView {
  const previous = versions.filter((x) => x.version < v.version).at(-1)
  return {
    version: v.version,
    effectiveFrom: iso(v.effectiveFrom),
    publishedAt: iso(v.publishedAt),
    publishedBy: v.publishedBy,
    note: v.note ?? null,
    rules: v.rules,
    inForce: versionInForce(versions, now)?.version === v.version,
    scheduled: v.effectiveFrom > now,
    changes: previous ? diffRuleSets(previous.rules, v.rules) : [],
    summary: describeRuleSet(v.rules),
  }
}

export function presentDraft(d: RuleDraftDoc, latest: RuleSetVersion): RuleDraftView {
  return {
    revision: d._id,
    basedOnVersion: d.basedOnVersion,
    rules: d.rules,
    savedAt: iso(d.savedAt),
    savedBy: d.savedBy,
    note: d.note ?? null,
    changes: diffRuleSets(latest.rules, d.rules),
  }
}
