/**
 * A generated month of a street, recomputed from scratch (`npm run reindex`'s code path), must give
 * exactly the numbers a naive reference computes straight from the raw events (indices-naive.ts) — for
 * every day, week, the month, the quarter and the year, for the street, every community, grid,
 * department and person, and every index.
 */
import { bucketOf, bucketUpper, foldEvents, INDEX_IDS, type IndexCounters, indexValue, parseIndexPeriod, type TaskEvent, unpackCounters } from '@jqtb/shared'
import { generateTaskLogs } from '@jqtb/shared/src/indices/generate'
import { reindexAll } from '../../bff/src/indices/reindex'
import { TASKS_ONLY as SOURCES } from '../../bff/src/indices/sources'
import { ManualClock } from '../../bff/src/infra/clock'
import { eventId, taskDeps, toEvent } from '../../bff/src/tasks/log'
import { projectionOf } from '../../bff/src/tasks/projection'
import { startTestApp, type TestApp } from '../support/app'
import { exactP90, type NaiveNumbers, naiveNumbers } from './indices-naive'

const cst = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)
const NOW = cst(2026, 12, 3, 10)
const clock = new ManualClock(NOW)
let app: TestApp
let logs: TaskEvent[][]

beforeAll(async () => {
  app = await startTestApp({ clock })
  const { User, Territory } = app.db.models
  const grids = (await Territory.find({ level: 'grid' }, { _id: 1 }).lean()).map((g) => g._id)
  const users = await User.find({}, { _id: 1, name: 1, roles: 1, territory: 1, department: 1 }).lean()
  const departments: Record<string, { id: string; name: string }> = {}
  for (const u of users)
    if (u.roles.includes('dept_lead') && u.department && !departments[u.department]) departments[u.department] = { id: u._id, name: u.name }
  const workers = users.filter((u) => u.roles.includes('grid_worker')).map((u) => ({ id: u._id, name: u.name, territory: u.territory }))
  // late October to the end of November: October's cases close, reopen and fall due in November
  logs = generateTaskLogs({ from: cst(2026, 10, 20), to: cst(2026, 12, 1), until: NOW, perDay: 7, seed: 20261127, people: { grids, departments, workers } })
  const { TaskEvent, Task } = app.db.models
  const events = logs
    .flat()
    .map((e) => ({ _id: eventId(e.taskId, e.seq), taskId: e.taskId, seq: e.seq, type: e.type, at: new Date(e.at), actor: e.actor, data: e.data }))
  for (let i = 0; i < events.length; i += 100) await TaskEvent.collection.insertMany(events.slice(i, i + 100) as never[], { ordered: false })
  const projections = logs.map((l) => projectionOf(foldEvents(l) as never))
  for (let i = 0; i < projections.length; i += 100) await Task.collection.insertMany(projections.slice(i, i + 100) as never[], { ordered: false })
  const t0 = Date.now()
  const report = await reindexAll(taskDeps(app.deps))
  process.stdout.write(`reindex of ${logs.length} tasks (${events.length} events): ${Date.now() - t0} ms, ${JSON.stringify(report)}\n`)
  // the reference reads the events back from the database, as stored
  const byTask = new Map<string, TaskEvent[]>()
  for (const d of await TaskEvent.find({}).sort({ _id: 1 }).lean()) byTask.set(d.taskId, [...(byTask.get(d.taskId) ?? []), toEvent(d)])
  logs = [...byTask.values()]
}, 240_000)
afterAll(() => app.close())

const stored = async (id: string): Promise<IndexCounters> => unpackCounters((await app.db.models.IndexAggregate.findById(id).lean())?.c)

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

/** The stored counters against the naive numbers, field by field. */
function expectSame(c: IndexCounters, n: NaiveNumbers, where: string) {
  const got = {
    received: c.received,
    cancelled: c.cancelled,
    leftQueue: c.leftQueue,
    seated: c.seated,
    closedOfReceived: c.closedOfReceived,
    closed: c.closed,
    closedLate: c.closedLate,
    closeTimes: [c.closeTime.n, c.closeTime.sum],
    claimTimes: [c.claimTime.n, c.claimTime.sum],
    dueOnTime: c.dueOnTime,
    dueLate: c.dueLate,
    overdueOpen: c.dueOpen.filter((d) => d < NOW).length,
    red: c.red,
    redActed: c.redActed,
    redTimes: [c.redTime.n, c.redTime.sum],
    redWaiting: c.redWaiting.length,
    redActedIn24h: c.redActedIn24h,
    routed: c.routed,
    bounced: c.bounced,
    reopened: c.reopened,
    categories: c.mix.category,
  }
  const want = {
    ...n,
    closeTimes: [n.closeTimes.length, sum(n.closeTimes)],
    claimTimes: [n.claimTimes.length, sum(n.claimTimes)],
    redTimes: [n.redTimes.length, sum(n.redTimes)],
  }
  const { redLongWaiting: _l, ...rest } = want
  expect({ where, ...got }).toEqual({ where, ...rest })
}

/** Every index from the stored counters against the same index computed from the naive numbers. */
function expectSameIndices(c: IndexCounters, n: NaiveNumbers, where: string) {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null)
  const avg = (xs: number[]) => (xs.length ? sum(xs) / xs.length : null)
  const naive: Record<string, number | null> = {
    received: n.received,
    closed: n.closed,
    closeRate: ratio(n.closedOfReceived, n.received - n.cancelled),
    onTimeRate: ratio(n.dueOnTime, n.dueOnTime + n.dueLate + n.overdueOpen),
    overdue: n.dueLate + n.overdueOpen,
    overdueOpen: n.overdueOpen,
    avgCloseTime: avg(n.closeTimes),
    avgClaimTime: avg(n.claimTimes),
    bounceRate: ratio(n.bounced, n.routed),
    red: n.red,
    redWaiting: n.redWaiting,
    redActionTime: avg(n.redTimes),
    redIn24hRate: ratio(n.redActedIn24h, n.redActed + n.redLongWaiting),
    reopened: n.reopened,
  }
  for (const id of INDEX_IDS) {
    const v = indexValue(id, c, NOW, SOURCES).value
    if (id in naive) {
      const want = naive[id]
      if (want === null) expect({ where, id, v }).toEqual({ where, id, v: null })
      else expect({ where, id, v: Math.round((v as number) * 1e9) }).toEqual({ where, id, v: Math.round(want * 1e9) })
    } else if (id === 'p90CloseTime' || id === 'p90ClaimTime' || id === 'redP90ActionTime') {
      // the exact nearest-rank P90 lies in the bucket the stored one reads up to
      const xs = id === 'p90CloseTime' ? n.closeTimes : id === 'p90ClaimTime' ? n.claimTimes : n.redTimes
      const exact = exactP90(xs)
      if (exact === null) expect(v).toBeNull()
      else {
        expect(v as number).toBeGreaterThanOrEqual(exact)
        expect(v as number).toBeLessThanOrEqual(bucketUpper(bucketOf(exact)))
      }
    } else if (!SOURCES[id === 'leads' || id === 'repeatRate' ? 'leads' : id === 'mediationRate' ? 'mediations' : 'followUps']) {
      expect({ where, id, v }).toEqual({ where, id, v: null })
    }
  }
}

const PERIODS = [
  ...Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`),
  '2026-W44',
  '2026-W45',
  '2026-W46',
  '2026-W47',
  '2026-W48',
  '2026-W49',
  '2026-10',
  '2026-11',
  '2026-12',
  '2026-Q4',
  '2026',
]

describe('a generated month recomputed from scratch', () => {
  it('is a real month: hundreds of tasks of every kind', () => {
    const types = new Set(logs.flat().map((e) => e.type))
    expect(logs.length).toBeGreaterThan(250)
    for (const t of ['routed', 'bounced', 'assigned', 'claimed', 'returned', 'accepted', 'reopened', 'cancelled']) expect(types).toContain(t)
  })

  it.each(PERIODS)('%s: the street equals the naive count from the raw events', async (period) => {
    const p = parseIndexPeriod(period)!
    const c = await stored(`${period}:street:GT`)
    const n = naiveNumbers(logs, p.start, p.end, 'street:GT', NOW)
    expectSame(c, n, `${period} street`)
    expectSameIndices(c, n, `${period} street`)
  })

  it('the month and its days equal the naive count for every community, grid, department and person', async () => {
    const keys = new Set<string>()
    for (const d of await app.db.models.IndexAggregate.find({ period: '2026-11' }, { dim: 1, key: 1 }).lean()) keys.add(`${d.dim}:${d.key}`)
    expect([...keys].filter((k) => k.startsWith('community:')).length).toBe(16)
    expect([...keys].filter((k) => k.startsWith('grid:')).length).toBeGreaterThan(60)
    expect([...keys].filter((k) => k.startsWith('department:')).length).toBeGreaterThan(4)
    expect([...keys].filter((k) => k.startsWith('person:')).length).toBeGreaterThan(3)
    for (const period of ['2026-11', '2026-11-09', '2026-W47', '2026-Q4']) {
      const p = parseIndexPeriod(period)!
      for (const key of keys) {
        const c = await stored(`${period}:${key}`)
        const n = naiveNumbers(logs, p.start, p.end, key, NOW)
        expectSame(c, n, `${period} ${key}`)
        expectSameIndices(c, n, `${period} ${key}`)
      }
    }
  }, 120_000)
})
