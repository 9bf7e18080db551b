/**
 * The ledger as the reads use it: a period's entries and boards, the roster, the names, which lines may
 * still be appealed. Sums and rankings are computed in JS from the entries (shared `computeBoards`),
 * never in the database (docs/database.md#portable-subset).
 */
import {
  APPEALABLE_REASONS,
  type Boards,
  computeBoards,
  type NameBook,
  type Period,
  parsePeriod,
  periodKeyOf,
  type RosterMember,
  type RuleSet,
  type RuleSetVersion,
  recentPeriodKeys,
  versionInForce,
} from '@jqtb/shared'
import type { Db } from '../infra/db'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc } from './model'
import { presentPeriod } from './presenter'
import { loadVersions } from './rule-versions'
import type { PointsDeps } from './scoring'

/** How long after an entry was written it may still be appealed. */
export const APPEAL_WINDOW_MS = 30 * 24 * 3_600_000

/** The rules a period's totals use: those in force at its last moment (or now, while it runs). */
export function versionForPeriod(versions: readonly RuleSetVersion[], period: Period, now: number): RuleSetVersion {
  const v = versionInForce(versions, Math.min(period.end - 1, now)) ?? versions[0]
  if (!v) throw new Error('no rule version')
  return v
}

/** The requested period, or the current one of the kind the rules in force use. */
export function resolvePeriod(key: string | undefined, versions: readonly RuleSetVersion[], now: number): Period {
  if (key) return parsePeriod(key) as Period
  const rules = (versionInForce(versions, now) ?? versions[0]).rules
  return parsePeriod(periodKeyOf(now, rules.period)) as Period
}

export function recentPeriods(rules: RuleSet, now: number, count = 12) {
  return recentPeriodKeys(now, rules.period, count).map((k) => presentPeriod(parsePeriod(k) as Period))
}

export async function periodEntries(db: Db, period: Period, filter: Record<string, unknown> = {}): Promise<LedgerEntryDoc[]> {
  return db.models.LedgerEntry.find({ month: { $in: period.months }, ...filter })
    .sort({ eventAt: -1, _id: 1 })
    .lean<LedgerEntryDoc[]>()
}

/** Everyone assessed even in a quiet month: active grid workers and community staff, and every department. */
export async function roster(db: Db): Promise<RosterMember[]> {
  const [users, departments] = await Promise.all([
    db.models.User.find({ active: true, roles: { $in: ['grid_worker', 'community_staff'] } }, { _id: 1, name: 1, territory: 1, department: 1 }).lean(),
    db.models.Department.find({}, { _id: 1, name: 1 }).lean(),
  ])
  return [
    ...users.map((u) => ({ kind: 'person' as const, id: u._id, name: u.name, territory: u.territory, department: u.department ?? null })),
    ...departments.map((d) => ({ kind: 'department' as const, id: d._id, name: d.name })),
  ]
}

/** Names of communities, grids and departments (a few hundred rows, read once per request). */
export async function nameBook(db: Db): Promise<NameBook & { gridName(code: string): string | undefined }> {
  const [territories, departments] = await Promise.all([
    db.models.Territory.find({ level: { $in: ['community', 'grid'] } }, { _id: 1, name: 1, fullName: 1 }).lean(),
    db.models.Department.find({}, { _id: 1, name: 1 }).lean(),
  ])
  const full = new Map(territories.map((t) => [t._id, t.fullName]))
  const short = new Map(territories.map((t) => [t._id, t.name]))
  const depts = new Map(departments.map((d) => [d._id, d.name]))
  return { territory: (c) => full.get(c), department: (c) => depts.get(c), gridName: (c) => short.get(c) }
}

export interface PeriodBoards {
  period: Period
  version: RuleSetVersion
  versions: RuleSetVersion[]
  boards: Boards
  entries: LedgerEntryDoc[]
  names: Awaited<ReturnType<typeof nameBook>>
  /** everyone assessed in the scope (the roster) */
  members: RosterMember[]
}

const asEntryLike = (e: LedgerEntryDoc) => ({ ...e, territory: e.territory || null, department: e.department || null, eventAt: new Date(e.eventAt).getTime() })

/**
 * The boards of a period. With a department, only what concerns it: its own lines, its people's, and
 * the points anyone earned or lost on the department's tasks (what a department lead's sheet shows).
 */
export async function boardsFor(deps: PointsDeps, periodKey: string | undefined, scope: { department?: string } = {}): Promise<PeriodBoards> {
  const now = deps.clock.now().getTime()
  const versions = await loadVersions(deps.db, deps.clock.now())
  const period = resolvePeriod(periodKey, versions, now)
  const version = versionForPeriod(versions, period, now)
  let [entries, members, names] = await Promise.all([periodEntries(deps.db, period), roster(deps.db), nameBook(deps.db)])
  const d = scope.department
  if (d) {
    entries = entries.filter((e) => e.department === d || e.taskDepartment === d)
    members = members.filter((m) => (m.kind === 'department' ? m.id === d : m.department === d))
  }
  const boards = computeBoards(entries.map(asEntryLike), version.rules, members, names)
  return { period, version, versions, boards, entries, names, members }
}

/** Appeals and corrections that concern the given entries (corrections may sit in a later month). */
export async function annotations(db: Db, entryIds: string[]) {
  const [corrections, appeals, decisions] = await Promise.all([
    db.models.LedgerEntry.find({ corrects: { $in: entryIds } }, { _id: 1, corrects: 1 }).lean(),
    db.models.Appeal.find({ _id: { $in: entryIds } }).lean<AppealDoc[]>(),
    db.models.AppealDecision.find({ _id: { $in: entryIds } }).lean<AppealDecisionDoc[]>(),
  ])
  const correctedBy = new Map(corrections.map((c) => [c.corrects, c._id]))
  const decisionOf = new Map(decisions.map((d) => [d._id, d]))
  const appealOf = new Map(appeals.map((a) => [a._id, a]))
  return { correctedBy, decisionOf, appealOf }
}

/** May this line still be appealed by the person it is about? */
export function isAppealable(e: LedgerEntryDoc, now: number, already: { corrected: boolean; appealed: boolean }): boolean {
  return (
    e.subjectKind === 'person' &&
    e.delta < 0 &&
    !e.corrects &&
    APPEALABLE_REASONS.includes(e.reasonCode) &&
    !already.corrected &&
    !already.appealed &&
    now - new Date(e.at).getTime() <= APPEAL_WINDOW_MS
  )
}
