/**
 * Reading the ledger: a period's entries, a person's points with every reason, the leaderboards.
 * Sums and rankings are computed in JS from the entries (shared `computeBoards`), never in the
 * database (docs/database.md#portable-subset).
 */
import {
  APPEALABLE_REASONS,
  type AppealView,
  BOARD_KIND_LABELS,
  type BoardKind,
  type Boards,
  type BoardView,
  communityOf,
  computeBoards,
  gridLevelOf,
  type NameBook,
  type Period,
  type PersonPointsView,
  parsePeriod,
  periodKeyOf,
  REASON_CODES,
  type RosterMember,
  type RuleSet,
  type RuleSetVersion,
  recentPeriodKeys,
  type TaskPointsView,
  versionInForce,
} from '@jqtb/shared'
import type { Db } from '../infra/db'
import { notFound } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc } from './model'
import { assertCanViewPerson, canSeeTaskLine, canViewPerson, exportScope, type PersonPlace } from './policy'
import { presentAppeal, presentBoardRow, presentEntry, presentPeriod, presentTotal } from './presenter'
import { loadVersions } from './rules'
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

/** The line under a name on a board: where the person works, or which community a grid is in. */
function detailOf(board: BoardKind, row: { territory: string | null; id: string }, names: PeriodBoards['names']): string | null {
  if (board === 'people') {
    if (!row.territory) return null
    return names.territory?.(row.territory) ?? row.territory
  }
  if (board === 'grids') {
    const c = communityOf(row.id)
    return c ? (names.territory?.(c) ?? c) : null
  }
  return null
}

/**
 * Where the people on a board work now, as `personPoints` checks it: the roster, and the user
 * record of anyone with points who is not on it (left, or not a grid worker). Unknown: absent.
 */
async function placesOf(db: Db, ids: string[], members: readonly RosterMember[]): Promise<Map<string, PersonPlace>> {
  const places = new Map<string, PersonPlace>()
  for (const m of members) if (m.kind === 'person') places.set(m.id, { id: m.id, territory: m.territory ?? '', department: m.department ?? null })
  const missing = ids.filter((id) => !places.has(id))
  if (missing.length) {
    const users = await db.models.User.find({ _id: { $in: missing } }, { _id: 1, territory: 1, department: 1 }).lean()
    for (const u of users) places.set(u._id, { id: u._id, territory: u.territory, department: u.department ?? null })
  }
  return places
}

export async function leaderboard(deps: PointsDeps, viewer: AuthUser, periodKey: string | undefined, board: BoardKind): Promise<BoardView> {
  const pb = await boardsFor(deps, periodKey)
  const places =
    board === 'people'
      ? await placesOf(
          deps.db,
          pb.boards.people.map((r) => r.id),
          pb.members,
        )
      : new Map<string, PersonPlace>()
  const rows = pb.boards[board].map((r) => {
    const place = places.get(r.id)
    return presentBoardRow(r, detailOf(board, r, pb.names), !!place && canViewPerson(viewer, place))
  })
  const mine = pb.boards.people.find((r) => r.id === viewer.id)
  return {
    period: presentPeriod(pb.period),
    periods: recentPeriods(pb.version.rules, deps.clock.now().getTime()),
    board,
    boardLabel: BOARD_KIND_LABELS[board],
    ruleVersion: pb.version.version,
    rows,
    me: mine ? { rank: mine.rank, total: mine.total } : null,
    canExport: exportScope(viewer) !== null,
  }
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

/** A person's points for a period: the total (capped, explained) and every line with its reason. */
export async function personPoints(deps: PointsDeps, viewer: AuthUser, personId: string, periodKey: string | undefined): Promise<PersonPointsView> {
  const person = await deps.db.models.User.findById(personId, { _id: 1, name: 1, territory: 1, department: 1 }).lean()
  if (!person) throw notFound('该人员')
  assertCanViewPerson(viewer, { id: person._id, territory: person.territory, department: person.department })
  const pb = await boardsFor(deps, periodKey)
  const now = deps.clock.now().getTime()
  // newest first; the lines of one event in the order the rules produce them (base, rating, timeliness …)
  const order = (code: string) => REASON_CODES.indexOf(code as (typeof REASON_CODES)[number])
  const entries = pb.entries
    .filter((e) => e.subjectKind === 'person' && e.subjectId === personId)
    .sort((a, b) => new Date(b.eventAt).getTime() - new Date(a.eventAt).getTime() || order(a.reasonCode) - order(b.reasonCode) || (a._id < b._id ? -1 : 1))
  const { correctedBy, decisionOf, appealOf } = await annotations(
    deps.db,
    entries.map((e) => e._id),
  )
  const entryById = new Map(entries.map((e) => [e._id, e]))
  const row = pb.boards.people.find((r) => r.id === personId)
  const appealView = (id: string): AppealView | null => {
    const a = appealOf.get(id)
    return a ? presentAppeal(a, decisionOf.get(id) ?? null, entryById.get(id) ?? null) : null
  }
  const grid = gridLevelOf(person.territory)
  return {
    period: presentPeriod(pb.period),
    periods: recentPeriods(pb.version.rules, now),
    person: {
      id: person._id,
      name: person.name,
      territory: person.territory,
      territoryName: pb.names.territory?.(grid ?? person.territory) ?? person.territory,
      department: person.department ?? null,
    },
    total: presentTotal(row ?? computeBoards([], pb.version.rules, [{ kind: 'person', id: person._id, name: person.name }]).people[0]),
    rank: row?.rank ?? null,
    rankOf: pb.boards.people.length,
    ruleVersion: pb.version.version,
    entries: entries.map((e) =>
      presentEntry(e, {
        correctedBy: correctedBy.get(e._id) ?? null,
        appeal: appealView(e._id),
        appealable: viewer.id === personId && isAppealable(e, now, { corrected: correctedBy.has(e._id), appealed: appealOf.has(e._id) }),
      }),
    ),
  }
}

/** The lines one task caused that `viewer` (who may open the task) may see, oldest first, with their appeals. */
export async function taskPoints(deps: PointsDeps, viewer: AuthUser, taskId: string): Promise<TaskPointsView> {
  const all = await deps.db.models.LedgerEntry.find({ taskId }).sort({ eventAt: 1, _id: 1 }).lean<LedgerEntryDoc[]>()
  const entries = all.filter((e) => canSeeTaskLine(viewer, e))
  const { correctedBy, appealOf, decisionOf } = await annotations(
    deps.db,
    entries.map((e) => e._id),
  )
  const now = deps.clock.now().getTime()
  const byId = new Map(entries.map((e) => [e._id, e]))
  const appeals = [...appealOf.values()].map((a) => presentAppeal(a, decisionOf.get(a._id) ?? null, byId.get(a._id) ?? null))
  return {
    items: entries.map((e) =>
      presentEntry(e, {
        correctedBy: correctedBy.get(e._id) ?? null,
        appeal: appeals.find((a) => a.entryId === e._id) ?? null,
        appealable:
          e.subjectKind === 'person' && e.subjectId === viewer.id && isAppealable(e, now, { corrected: correctedBy.has(e._id), appealed: appealOf.has(e._id) }),
      }),
    ),
    appeals,
  }
}
