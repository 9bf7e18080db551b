/**
 * What the 奖惩考核 pages read: a person's points with every reason, the leaderboards, a task's lines,
 * the appeals list, the rules and their versions.
 */
import {
  type AppealListQuery,
  type AppealListView,
  type AppealView,
  BOARD_KIND_LABELS,
  type BoardKind,
  type BoardView,
  communityOf,
  computeBoards,
  currentVersions,
  gridLevelOf,
  isDraftCurrent,
  type PersonPointsView,
  REASON_CODES,
  type RosterMember,
  type RulesOverview,
  type RuleVersionView,
  type TaskPointsView,
} from '@jqtb/shared'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { notFound } from '../infra/errors'
import { decodeCursor, encodeCursor } from '../infra/paging'
import type { AuthUser } from '../kernel/actor'
import type { TaskDeps } from '../tasks/log'
import { assertVisible } from '../tasks/policy'
import { loadTask } from '../tasks/store'
import { annotations, boardsFor, isAppealable, type PeriodBoards, recentPeriods } from './ledger'
import type { AppealDecisionDoc, AppealDoc, LedgerEntryDoc } from './model'
import { assertCanViewPerson, canSeeTaskLine, canViewPerson, exportScope, isAdmin, type PersonPlace } from './policy'
import { presentAppeal, presentBoardRow, presentDraft, presentEntry, presentPeriod, presentTotal, presentVersion } from './presenter'
import { latestDraft, loadVersions } from './rule-versions'
import type { PointsDeps } from './scoring'

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

/** The lines one task caused that `viewer` may see, oldest first, with their appeals; only for who may open the task. */
export async function taskPoints(deps: TaskDeps, viewer: AuthUser, taskId: string): Promise<TaskPointsView> {
  assertVisible(await loadTask(deps, taskId), viewer)
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

// ---------------------------------------------------------------------------------------------
// Appeals

interface ListCursor {
  t: number
  id: string
}

/** A time a Date can hold (±8.64e15 ms): anything else would reach the query as an Invalid Date. */
const isValidInstant = (t: number) => Number.isFinite(new Date(t).getTime())

const isListCursor = (c: ListCursor) => typeof c.t === 'number' && isValidInstant(c.t) && typeof c.id === 'string' && c.id.length <= 300

/**
 * Appeals for the list, newest first, a page at a time: admins see everyone's, others their own.
 * The status is filtered in the query, before the page is cut, on the appeal's `decided` flag —
 * `$ne`, so appeals stored before the flag existed show under both until their decision is checked —
 * and each row's decision is then read by `_id`: a decision whose flag a crash left unset is not shown as pending.
 */
export async function listAppeals(deps: PointsDeps, user: AuthUser, q: AppealListQuery): Promise<AppealListView> {
  const { Appeal, AppealDecision, LedgerEntry } = deps.db.models
  const and: Record<string, unknown>[] = []
  if (!isAdmin(user)) and.push({ userId: user.id })
  if (q.status === 'pending') and.push({ decided: { $ne: true } })
  if (q.status === 'decided') and.push({ decided: { $ne: false } })
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isListCursor)
    const at = new Date(c.t)
    and.push({ $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: c.id } }] })
  }
  const docs = await Appeal.find(and.length ? { $and: and } : {})
    .sort({ createdAt: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean<AppealDoc[]>()
  const page = docs.slice(0, q.limit)
  // point reads by _id (an `$in` makes FerretDB scan the collection)
  const [decisions, entries] = await Promise.all([
    Promise.all(page.map((a) => AppealDecision.findById(a._id).lean<AppealDecisionDoc>())),
    Promise.all(page.map((a) => LedgerEntry.findById(a._id).lean<LedgerEntryDoc>())),
  ])
  const items = page.flatMap((a, i) => {
    const d = decisions[i]
    if ((q.status === 'pending' && d) || (q.status === 'decided' && !d)) return []
    return [presentAppeal(a, d, entries[i])]
  })
  const last = page.at(-1)
  return { items, nextCursor: docs.length > q.limit && last ? encodeCursor({ t: new Date(last.createdAt).getTime(), id: last._id }) : null }
}

// ---------------------------------------------------------------------------------------------
// Rules

/** The rules page: the version in force, the latest (maybe scheduled), and for admins the draft unless a publication superseded it. */
export async function rulesOverview(deps: { db: Db; clock: Clock }, user: AuthUser): Promise<RulesOverview> {
  const now = deps.clock.now()
  const versions = await loadVersions(deps.db, now)
  const t = now.getTime()
  const { inForce, latest } = currentVersions(versions, t)
  const admin = isAdmin(user)
  const draft = admin ? await latestDraft(deps.db) : null
  const current = draft !== null && isDraftCurrent({ basedOnVersion: draft.basedOnVersion, savedAt: new Date(draft.savedAt).getTime() }, latest)
  return {
    inForce: presentVersion(inForce, versions, t),
    latest: presentVersion(latest, versions, t),
    draft: draft && current ? presentDraft(draft, latest) : null,
    draftRevision: draft?._id ?? 0,
    canEdit: admin,
  }
}

/** Every published version, newest first, each with what it changed. */
export async function ruleVersions(deps: { db: Db; clock: Clock }): Promise<RuleVersionView[]> {
  const now = deps.clock.now()
  const versions = await loadVersions(deps.db, now)
  return [...versions].reverse().map((v) => presentVersion(v, versions, now.getTime()))
}
