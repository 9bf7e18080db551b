/**
 * On MongoDB every hot query is served by an index the models declare (docs/database.md#indexes):
 * every list view for a representative user of each role, with the filters the mini-app offers and
 * the next page's cursor, the archive merge of the history lists, every sweeper pass, the archive
 * job, the points catch-up and the rules preview. The queries are not restated here: the real code
 * runs over a small street, and every query it sends to the task collections is captured from the
 * connection (mongoose's `operation-start`) and checked against the declared indexes by the
 * equality–sort–range rule (tests/support/index-rules.ts). The embedded database uses none of these
 * indexes (it scans); this is about production.
 */
import type { TaskListResponse } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { catchUpScoring } from '../../bff/src/points/scoring'
import { archiveTasks, restoreTasks } from '../../bff/src/tasks/archive'
import { taskDeps } from '../../bff/src/tasks/log'
import { runTaskSweep } from '../../bff/src/tasks/sweeper'
import { startTestApp, type TestApp } from '../support/app'
import { declaredIndexes, type IndexKeys, isServed, isSortServed } from '../support/index-rules'
import { ADMIN, acceptedTask, settledJobDeps } from './points-fixtures'
import { as, CHENQIANG, createTask, DISPATCHER, HEJUN, publishedTask, WANGLI, XUMING } from './tasks-fixtures'

const DAY = 86_400_000
const clock = new ManualClock(Date.UTC(2025, 0, 6, 2))
let app: TestApp

/** One representative user of each role. */
const USERS = {
  grid_worker: WANGLI,
  community_staff: 'u-linfang',
  dept_lead: HEJUN,
  dept_staff: XUMING,
  dispatcher: DISPATCHER,
  admin: ADMIN,
  mediator: 'u-fengbo',
}

/** The state tabs of the mini-app's list pages (mine, department, all), and no tab. */
const STATE_TABS = [
  '',
  'claimed,in_progress,returned',
  'submitted',
  'closed',
  'draft,escalated',
  'routed',
  'signed',
  'routed,signed',
  'published',
  'closed,cancelled',
]

interface Captured {
  collection: string
  method: string
  filter: Record<string, unknown>
  sort: IndexKeys
  what: string
}

/** The task domain's collections; `claim_slots` is read whole by the slot sweep (at most the cap per worker). */
const CHECKED = new Set(['tasks', 'task_events', 'tasks_archive', 'claim_slot_releases'])
const FILTER_FIRST = new Set(['find', 'findOne', 'countDocuments', 'deleteMany', 'deleteOne', 'updateOne', 'updateMany', 'replaceOne', 'findOneAndUpdate'])

let captured: Captured[] = []
let what = ''

function capture({ collectionName, method, params }: { collectionName: string; method: string; params: unknown[] }) {
  if (!CHECKED.has(collectionName)) return
  const filter = method === 'distinct' ? params[1] : FILTER_FIRST.has(method) ? params[0] : undefined
  if (!filter || typeof filter !== 'object') return
  const options = (params[method === 'distinct' ? 2 : 1] ?? {}) as { sort?: Record<string, 1 | -1> }
  const sort = Object.entries(options.sort ?? {}).map(([f, d]) => [f, d === -1 ? -1 : 1] as [string, 1 | -1])
  captured.push({ collection: collectionName, method, filter: filter as Record<string, unknown>, sort, what })
}

const indexesOf = () => {
  const m = app.db.models
  return new Map<string, IndexKeys[]>(
    [m.Task, m.TaskEvent, m.TaskArchive, m.ClaimSlotRelease].map((model) => [model.collection.collectionName, declaredIndexes(model.schema)]),
  )
}

const show = (c: Captured) => `${c.what}: ${c.collection}.${c.method}(${JSON.stringify(c.filter)}) sort ${JSON.stringify(c.sort)}`

beforeAll(async () => {
  app = await startTestApp({ clock })
  // a small street: finished work archived, then live work in every queue
  await acceptedTask(app, WANGLI, { create: { title: '去年的噪音纠纷' } })
  await acceptedTask(app, CHENQIANG, { create: { territory: 'GT-01-02', title: '去年的物业纠纷' } })
  clock.advance(200 * DAY)
  await archiveTasks(taskDeps(app.deps))
  await acceptedTask(app, WANGLI, { create: { title: '本月的噪音纠纷' } })
  await publishedTask(app, {}, { title: '揭榜中的纠纷' })
  await publishedTask(app, { claimMode: 'apply', eligibility: { territory: 'GT-01' } }, { territory: 'GT-01-02', title: '申请认领的纠纷' })
  // a red task is never 抢单 by default (the risk rules' claim modes): the centre assigns it
  const held = await createTask(app, { title: '办理中的纠纷', riskColour: 'red' })
  await as(app, DISPATCHER).post(`/api/tasks/${held}/assign`, { userId: WANGLI })
  const submitted = await publishedTask(app, {}, { title: '待验收的纠纷' })
  await as(app, WANGLI).post(`/api/tasks/${submitted}/claim`, {})
  await as(app, WANGLI).post(`/api/tasks/${submitted}/submit`, { note: '已调解', overdueReason: '当事人外出' })
  await createTask(app, { department: 'PCS', title: '派出所待签收' })
  await as(app, WANGLI).post('/api/reports', { kind: 'direct', title: '上报的纠纷', description: '楼道堆物', category: 'public_order' })
  app.db.conn.on('operation-start', capture)
})
afterAll(async () => {
  app.db.conn.off('operation-start', capture)
  await app.close()
})
beforeEach(() => {
  captured = []
})

/** Every page of every list variant a user can open, the first page small (so a cursor is made) and one large (so history lists read the archive). */
async function everyList(user: string) {
  const filters = [...STATE_TABS.map((s) => (s ? `&state=${s}` : '')), '&riskColour=red', '&territory=GT-01', '&overdue=1', `&q=${encodeURIComponent('纠纷')}`]
  for (const view of ['hall', 'mine', 'department', 'review', 'all']) {
    for (const filter of filters) {
      for (const limit of [1, 50]) {
        what = `${user} view=${view}${filter} limit=${limit}`
        const query = `/api/tasks?view=${view}&limit=${limit}${filter}`
        const first = await as(app, user).get(query)
        if (first.status !== 200) continue // a view or a territory the user may not ask for (403)
        const cursor = (first.body as TaskListResponse).nextCursor
        if (cursor) await as(app, user).get(`${query}&cursor=${encodeURIComponent(cursor)}`)
      }
    }
  }
}

/** A search by regular expression, or a range on another field than the sort, cannot select by an index: those read the list's own index in order. */
const scansInOrder = (c: Captured) => /&q=|&overdue=1/.test(c.what)

function unserved(list: Captured[]) {
  const indexes = indexesOf()
  return list
    .filter((c) => {
      const ix = indexes.get(c.collection) ?? []
      return scansInOrder(c) ? !isSortServed(c.filter, c.sort, ix) : !isServed(c.filter, c.sort, ix)
    })
    .map(show)
}

describe('the hot lists', () => {
  it.each(Object.entries(USERS))('every list a %s opens is served by a declared index', async (_role, user) => {
    await everyList(user)
    const lists = captured.filter((c) => c.method === 'find' && (c.collection === 'tasks' || c.collection === 'tasks_archive'))
    expect(lists.length).toBeGreaterThan(50)
    // the history lists reached into the archive too
    expect(captured.some((c) => c.collection === 'tasks_archive')).toBe(true)
    expect(unserved(captured)).toEqual([])
  })
})

describe('the background work', () => {
  it('every sweeper pass, the archive job and its restore, the points catch-up and the rules preview are served', async () => {
    const deps = taskDeps(app.deps)
    what = 'task sweep'
    await runTaskSweep(deps)
    what = 'archive job'
    await archiveTasks(deps, { limit: 5 })
    what = 'archive restore'
    await restoreTasks({ ...deps, archiveAfterMs: 10_000 * DAY })
    await archiveTasks(deps)
    what = 'points catch-up'
    await catchUpScoring(await settledJobDeps(app), { page: 1 })
    what = 'rules preview of an archived period'
    const rules = (await as(app, ADMIN).get('/api/rules')).body.latest.rules
    expect((await as(app, ADMIN).post('/api/rules/preview', { rules, period: '2025-01' })).status).toBe(200)
    for (const expected of ['task sweep', 'archive job', 'archive restore', 'points catch-up', 'rules preview of an archived period']) {
      expect(captured.filter((c) => c.what === expected && c.method === 'find').length).toBeGreaterThan(0)
    }
    expect(captured.some((c) => c.what === 'rules preview of an archived period' && c.collection === 'tasks_archive')).toBe(true)
    expect(unserved(captured)).toEqual([])
  })
})

describe('the rule itself', () => {
  const ix: IndexKeys[] = [
    [
      ['holderIds', 1],
      ['updatedAt', -1],
      ['_id', -1],
    ],
    [
      ['updatedAt', -1],
      ['_id', -1],
    ],
    [
      ['active', 1],
      ['dueAt', 1],
    ],
  ]
  const byUpdated: IndexKeys = [
    ['updatedAt', -1],
    ['_id', -1],
  ]
  it.each([
    ['equality then sort', { holderIds: 'u1' }, byUpdated, true],
    ['the reversed sort', { holderIds: 'u1' }, byUpdated.map(([f, d]) => [f, -d]) as IndexKeys, true],
    ['no filter, sorted', {}, byUpdated, true],
    ['an $or with every branch served', { $or: [{ holderIds: 'u1' }, { holderIds: 'u2' }] }, byUpdated, true],
    ['an $or with a branch no index leads', { $or: [{ holderIds: 'u1' }, { applicantIds: 'u1' }] }, byUpdated, false],
    ['an equality no index starts with', { reporterId: 'u1' }, byUpdated, false],
    ['a sort no index delivers', { holderIds: 'u1' }, [['publishedAt', -1]] as IndexKeys, false],
    ['equality then range', { active: true, dueAt: { $lte: 5 } }, [] as IndexKeys, true],
    ['a range the index does not follow with', { active: true, nextClaimExpiry: { $lte: 5 } }, [] as IndexKeys, false],
    ['a regex, sorted: no selective index', { title: { $regex: 'x' } }, byUpdated, false],
    ['a point read by _id', { _id: { $in: ['a', 'b'] } }, [] as IndexKeys, true],
  ])('%s', (_name, filter, sort, served) => {
    expect(isServed(filter as Record<string, unknown>, sort, ix)).toBe(served)
  })
})
