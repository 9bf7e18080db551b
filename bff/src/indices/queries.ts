/**
 * Reading the indices. The dashboard reads stored documents by `_id` only — the period's, the one
 * before (环比), the same one a year earlier (同比), twelve months for the trends, and the period's
 * board — and computes every index from their counters with the shared formulas, at the moment of
 * reading. The cases behind a number come from the facts, through the same marks.
 */
import {
  type CasesQuery,
  type CasesView,
  type DashboardQuery,
  type DashboardView,
  type DimKey,
  type DrillTarget,
  drillLabel,
  drillRows,
  emptyCounters,
  FUNNEL_STAGES,
  formatIndex,
  type IndexCounters,
  type IndexId,
  type IndexPeriod,
  type IndexRowView,
  type IndexScopeView,
  indexValue,
  type LiveView,
  levelOf,
  marksIn,
  parseIndexPeriod,
  periodKeyAt,
  periodsEndingWith,
  previousPeriodOf,
  type SummaryQuery,
  type SummaryView,
  sameLastYearOf,
  type TaskFact,
  unpackCounters,
} from '@jqtb/shared'
import type { Db } from '../infra/db'
import { AppError } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { boardsFor } from '../points/ledger'
import type { TaskDeps } from '../tasks/log'
import { visibleFilter } from '../tasks/policy'
import { type IndicesDeps, STREET } from './facts'
import { liveLists, queuesFor } from './live'
import type { BoardRow } from './model'
import { assertCanOpenDashboard, assertCanReadScope, canOpenDashboard, defaultScope, parseScope, rowVisible, type Scope, scopeKey } from './policy'
import { presentCard, presentCaseRow, presentLiveTask, presentMix, presentPeriod, presentRow } from './presenter'
import { boardId, factsFor } from './rebuild'
import { sourcesOf } from './sources'
import { generationOf, type StoredBoard, storedBoard, storedCounters } from './stored'

/** The cards of the 一屏掌控, in order. */
export const DASHBOARD_CARDS: IndexId[] = [
  'received',
  'leads',
  'closed',
  'closeRate',
  'onTimeRate',
  'overdue',
  'overdueOpen',
  'avgCloseTime',
  'p90CloseTime',
  'avgClaimTime',
  'p90ClaimTime',
  'bounceRate',
  'red',
  'redWaiting',
  'redActionTime',
  'redIn24hRate',
  'repeatRate',
  'mediationRate',
  'satisfaction',
  'followUpRate',
]

/** What the heat view can be coloured by and the league tables show. */
export const ROW_INDICES: IndexId[] = [
  'received',
  'closed',
  'closeRate',
  'onTimeRate',
  'overdue',
  'overdueOpen',
  'avgCloseTime',
  'bounceRate',
  'red',
  'redWaiting',
  'repeatRate',
  'mediationRate',
] as IndexId[]

const aggId = (period: string, scope: Scope) => `${period}:${scopeKey(scope)}`

/** The documents a dashboard of `period` and `scope` reads, by `_id` (also what the bench reads raw). */
export function dashboardDocIds(period: string, scope: Scope, now: number) {
  const p = parseIndexPeriod(period) as IndexPeriod
  const trendMonths = periodsEndingWith(periodKeyAt(Math.min(p.end - 1, Math.max(now, p.start)), 'month'), 12)
  return {
    cur: aggId(period, scope),
    prev: aggId(previousPeriodOf(period), scope),
    yoy: aggId(sameLastYearOf(period), scope),
    trend: trendMonths.map((m) => aggId(m, scope)),
    trendMonths,
    board: boardId(period),
  }
}

/** Counters of the given aggregate ids, read by `_id` in parallel through the process's copy of `gen` (missing: zero). */
export async function readCounters(db: Db, gen: string | null, ids: readonly string[]): Promise<Map<string, IndexCounters>> {
  const unique = [...new Set(ids)]
  const stored = await storedCounters(db, gen, unique)
  return new Map(unique.map((id, i) => [id, unpackCounters(stored[i])]))
}

/** The scope asked for (or the viewer's own), checked. */
async function resolveScope(deps: IndicesDeps, viewer: AuthUser, asked: string | undefined): Promise<Scope> {
  const scope = asked ? parseScope(asked) : defaultScope(viewer)
  const person = scope.dim === 'person' ? await deps.db.models.User.findById(scope.key, { territory: 1, department: 1 }).lean() : null
  if (scope.dim === 'person' && !person) throw new AppError('NOT_FOUND', '没有这个人员')
  assertCanReadScope(viewer, scope, person)
  return scope
}

async function scopeView(db: Db, scope: Scope, board: StoredBoard | null): Promise<IndexScopeView> {
  if (scope.dim === 'street') return { ...scope, name: board?.streetName || scope.key }
  const row = board?.rows.find((r) => r.dim === scope.dim && r.key === scope.key)
  if (row) return { ...scope, name: row.name }
  if (scope.dim === 'person') return { ...scope, name: (await db.models.User.findById(scope.key, { name: 1 }).lean())?.name ?? scope.key }
  const node =
    scope.dim === 'department'
      ? await db.models.Department.findById(scope.key, { name: 1 }).lean()
      : await db.models.Territory.findById(scope.key, { name: 1 }).lean()
  return { ...scope, name: node?.name ?? scope.key }
}

const periodOrThrow = (key: string) => {
  const p = parseIndexPeriod(key)
  if (!p) throw new AppError('VALIDATION_FAILED', '时间段格式不对')
  return p
}

/** 一屏掌控. */
export async function dashboard(deps: IndicesDeps, viewer: AuthUser, q: DashboardQuery): Promise<DashboardView> {
  assertCanOpenDashboard(viewer)
  const now = deps.clock.now().getTime()
  const level = q.level ?? (q.period ? levelOf(q.period) : 'month')
  const period = periodOrThrow(q.period ?? periodKeyAt(now, level))
  const scope = await resolveScope(deps, viewer, q.scope)
  const ids = dashboardDocIds(period.key, scope, now)
  const gen = await generationOf(deps.db)
  const [counters, board, sources] = await Promise.all([
    readCounters(deps.db, gen, [ids.cur, ids.prev, ids.yoy, ...ids.trend]),
    storedBoard(deps.db, gen, ids.board),
    sourcesOf(deps.db),
  ])
  const get = (id: string) => counters.get(id) ?? emptyCounters()
  const compared = {
    cur: get(ids.cur),
    prev: get(ids.prev),
    yoy: get(ids.yoy),
    periods: { cur: period, prev: periodOrThrow(previousPeriodOf(period.key)), yoy: periodOrThrow(sameLastYearOf(period.key)) },
  }
  const cards = DASHBOARD_CARDS.map((id) => presentCard(id, compared, now, sources))
  const trendPeriods = ids.trendMonths.map((m) => periodOrThrow(m))
  const series: DashboardView['trend']['series'] = {}
  for (const id of DASHBOARD_CARDS) {
    series[id] = ids.trend.map((docId) => indexValue(id, get(docId), now, sources).value)
  }
  const rows = (board?.rows ?? []).filter((r) => rowVisible(viewer, scope, r))
  const row = (r: BoardRow): IndexRowView => presentRow(r.key, r.name, unpackCounters(r.c), ROW_INDICES, now, sources)
  const heat = rows.filter((r) => r.dim === 'community').map((c) => ({ ...row(c), grids: rows.filter((g) => g.dim === 'grid' && g.parent === c.key).map(row) }))
  return {
    period: presentPeriod(period),
    scope: await scopeView(deps.db, scope, board),
    asOf: new Date(now).toISOString(),
    builtAt: board ? new Date(board.builtAt).toISOString() : null,
    sources,
    cards,
    funnel: FUNNEL_STAGES.map((s) => ({
      target: (s.metric === 'received' ? 'received' : `stage:${s.metric}`) as DrillTarget,
      label: s.label,
      count: compared.cur[s.metric],
    })),
    trend: { periods: trendPeriods.map(presentPeriod), series },
    rowIndices: ROW_INDICES,
    heat,
    leagues: { communities: rows.filter((r) => r.dim === 'community').map(row), departments: rows.filter((r) => r.dim === 'department').map(row) },
    mix: presentMix(compared.cur),
  }
}

/** The cases behind one number (`GET /api/indices/cases`). */
export async function casesBehind(deps: IndicesDeps, viewer: AuthUser, q: CasesQuery): Promise<CasesView> {
  const now = deps.clock.now().getTime()
  const period = periodOrThrow(q.period)
  const scope = await resolveScope(deps, viewer, q.scope)
  const [facts, sources] = await Promise.all([factsFor(deps.db, [period]), sourcesOf(deps.db)])
  const marks = marksIn(facts, period.key, q.scope as DimKey, STREET)
  const target = q.target as DrillTarget
  const result = drillRows(marks, target, now, sources)
  const rows = [...result.rows].sort((a, b) => b.at - a.at || (a.factId < b.factId ? -1 : 1))
  const offset = q.cursor ? Number(q.cursor) : 0
  const page = rows.slice(offset, offset + q.limit)
  const byId = new Map(facts.filter((f): f is TaskFact => f.kind === 'task').map((f) => [`task:${f.id}`, f]))
  const pageFacts = page.map((r) => byId.get(r.factId))
  const taskIds = pageFacts.filter((f): f is TaskFact => !!f).map((f) => f.id)
  const [visible, names] = await Promise.all([
    taskIds.length ? deps.db.models.Task.find({ $and: [{ _id: { $in: taskIds } }, visibleFilter(viewer)] }, { _id: 1 }).lean() : [],
    territoryNames(
      deps.db,
      pageFacts.map((f) => f?.territory).filter((c): c is string => !!c),
    ),
  ])
  const canOpen = new Set(visible.map((t) => t._id))
  const counted = rows.filter((r) => !r.excluded)
  const board = await storedBoard(deps.db, await generationOf(deps.db), boardId(period.key))
  return {
    period: presentPeriod(period),
    scope: await scopeView(deps.db, scope, board),
    target,
    label: drillLabel(target),
    display: result.value.value === null ? formatIndex('received', result.value) : displayOf(target, result.value),
    total: rows.length,
    ...(isRate(target) ? { num: counted.filter((r) => r.counts).length, den: counted.length } : {}),
    rows: page.map((r, i) => {
      const f = pageFacts[i]
      return presentCaseRow(r, f, f ? (names.get(f.territory) ?? null) : null, !!f && canOpen.has(f.id))
    }),
    nextCursor: offset + q.limit < rows.length ? String(offset + q.limit) : null,
  }
}

const isRate = (t: DrillTarget) => !t.includes(':') && t.endsWith('Rate')

function displayOf(target: DrillTarget, v: { value: number | null }): string {
  if (target.includes(':')) return `${v.value ?? 0} 件`
  return formatIndex(target as IndexId, v as never)
}

/** Full names of territory codes (a micro-grid is named with its grid and community). */
export async function territoryNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)]
  if (!unique.length) return new Map()
  const docs = await db.models.Territory.find({ _id: { $in: unique } }, { _id: 1, fullName: 1 }).lean()
  return new Map(docs.map((d) => [d._id, d.fullName]))
}

/** The cards of each kind of first page. */
const SUMMARY_CARDS: Record<Scope['dim'], IndexId[]> = {
  street: ['closeRate', 'onTimeRate', 'overdue', 'avgCloseTime', 'bounceRate', 'redIn24hRate'],
  department: ['received', 'closed', 'closeRate', 'onTimeRate', 'overdue', 'bounceRate', 'avgClaimTime'],
  community: ['received', 'closed', 'closeRate', 'onTimeRate', 'overdue', 'red', 'avgCloseTime'],
  grid: ['received', 'closed', 'closeRate', 'onTimeRate', 'overdue', 'red', 'avgCloseTime'],
  person: ['closed', 'onTimeRate', 'overdueOpen', 'avgClaimTime'],
}
const TODAY_CARDS: IndexId[] = ['received', 'closed', 'red']

/** A person's first page: their part of the street this month (and the centre's day so far), their queues, their points. */
export async function summary(deps: TaskDeps, viewer: AuthUser, q: SummaryQuery): Promise<SummaryView> {
  const now = deps.clock.now().getTime()
  const scope = defaultScope(viewer)
  const month = periodOrThrow(q.period ?? periodKeyAt(now, 'month'))
  const day = periodOrThrow(periodKeyAt(now, 'day'))
  const sides = (p: IndexPeriod) => ({ cur: p, prev: periodOrThrow(previousPeriodOf(p.key)), yoy: periodOrThrow(sameLastYearOf(p.key)) })
  const m = sides(month)
  const d = sides(day)
  const ids = [m.cur, m.prev, m.yoy, d.cur, d.prev, d.yoy].map((p) => aggId(p.key, scope))
  const gen = await generationOf(deps.db)
  const [counters, board, queues, points, sources] = await Promise.all([
    readCounters(deps.db, gen, ids),
    storedBoard(deps.db, gen, boardId(month.key)),
    queuesFor(deps, viewer, scope),
    scope.dim === 'person' ? personPointsTotal(deps, viewer.id) : Promise.resolve(null),
    sourcesOf(deps.db),
  ])
  const get = (p: IndexPeriod) => counters.get(aggId(p.key, scope)) ?? emptyCounters()
  const compare = (s: typeof m) => ({ cur: get(s.cur), prev: get(s.prev), yoy: get(s.yoy), periods: s })
  return {
    scope: await scopeView(deps.db, scope, board),
    period: presentPeriod(month),
    asOf: new Date(now).toISOString(),
    builtAt: board ? new Date(board.builtAt).toISOString() : null,
    today: scope.dim === 'street' ? TODAY_CARDS.map((id) => presentCard(id, compare(d), now, sources)) : null,
    cards: SUMMARY_CARDS[scope.dim].map((id) => presentCard(id, compare(m), now, sources)),
    queues,
    points,
    dashboard: canOpenDashboard(viewer),
  }
}

/** The person's total in the current assessment period, as the points boards compute it (caps included). */
async function personPointsTotal(deps: IndicesDeps, userId: string): Promise<SummaryView['points']> {
  const pb = await boardsFor(deps, undefined)
  const row = pb.boards.people.find((r) => r.id === userId)
  return { period: pb.period.key, periodLabel: pb.period.label, total: row?.total ?? pb.version.rules.startingScore, rank: row?.rank ?? null }
}

/** The live red and overdue lists (`GET /api/indices/live`). */
export async function live(deps: IndicesDeps, viewer: AuthUser, q: { scope?: string; limit: number }): Promise<LiveView> {
  assertCanOpenDashboard(viewer)
  const now = deps.clock.now().getTime()
  const scope = await resolveScope(deps, viewer, q.scope)
  const lists = await liveLists(deps.db, viewer, scope, now, q.limit)
  const tasks = [...lists.red.items, ...lists.overdue.items]
  const [names, departments] = await Promise.all([
    territoryNames(
      deps.db,
      tasks.map((t) => t.territory.code),
    ),
    deps.db.models.Department.find({}, { _id: 1, name: 1 }).lean(),
  ])
  const deptNames = new Map(departments.map((x) => [x._id, x.name]))
  const book = { territory: (c: string) => names.get(c) ?? c, department: (c: string) => deptNames.get(c) ?? null }
  return {
    asOf: new Date(now).toISOString(),
    red: { total: lists.red.total, items: lists.red.items.map((t) => presentLiveTask(t, book, now, false)) },
    overdue: { total: lists.overdue.total, items: lists.overdue.items.map((t) => presentLiveTask(t, book, now, true)) },
  }
}
