/**
 * The archive (docs/database.md#archive): closed and cancelled tasks older than TASK_ARCHIVE_AFTER_DAYS
 * leave `tasks` / `task_events` for `tasks_archive` (the projection with its log inside). Reading a task by id, its
 * timeline, the lists that show finished work, the rules preview and the assessment export read the
 * same as before; a reopened archived task is back in the hot lists; a process killed (SIGKILL) after
 * each step of a move, or a reopening in the middle of one, loses nothing and doubles nothing.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import type { RulesOverview, TaskDetailView, TaskListResponse, TaskView } from '@jqtb/shared'
import ExcelJS from 'exceljs'
import request from 'supertest'
import { ManualClock } from '../../bff/src/infra/clock'
import { SETTLE_MS, WINDOW_MS } from '../../bff/src/kernel/windows'
import { type ArchiveStep, archiveTasks, restoreTasks } from '../../bff/src/tasks/archive'
import { eventId, type TaskDeps, taskDeps } from '../../bff/src/tasks/log'
import { runTaskSweep } from '../../bff/src/tasks/sweeper'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { testDbName, testMongoUri } from '../support/db'
import { ADMIN, acceptedTask } from './points-fixtures'
import { as, createTask, DISPATCHER, detail, publishedTask, WANGLI } from './tasks-fixtures'

const ROOT = path.resolve(__dirname, '../..')
const DAY = 86_400_000
const STEPS: ArchiveStep[] = ['copied', 'events-deleted', 'projection-deleted']
const clock = new ManualClock(Date.UTC(2025, 0, 6, 2)) // 2025-01-06 10:00 China time
let app: TestApp
let deps: TaskDeps

beforeAll(async () => {
  app = await startTestApp({ clock })
  deps = taskDeps(app.deps)
})
afterAll(() => app.close())

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)

async function closedTask(title: string): Promise<string> {
  return (await acceptedTask(app, WANGLI, { create: { title } })).id
}

async function cancelledTask(title: string): Promise<string> {
  const id = await createTask(app, { title })
  const res = await post(DISPATCHER, id, 'cancel', { closureCode: 'withdrawn', reason: '当事人已撤回' })
  if (res.status !== 200) throw new Error(`cancel: ${res.status} ${JSON.stringify(res.body)}`)
  return id
}

async function reopen(id: string): Promise<void> {
  const res = await post(DISPATCHER, id, 'reopen', { reason: '纠纷再起，当事人再次报警' })
  if (res.status !== 200) throw new Error(`reopen: ${res.status} ${JSON.stringify(res.body)}`)
}

/** Every page of a list (small pages, so paging crosses the archive horizon). */
async function listAll(user: string, query: string, limit = 2): Promise<TaskView[]> {
  const items: TaskView[] = []
  let cursor: string | null = null
  do {
    const res = await as(app, user).get(`/api/tasks?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`)
    const page = res.body as TaskListResponse
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

const ids = (list: TaskView[]) => list.map((t) => t.id)

/** Where a task's projection and events are. */
async function whereIs(id: string) {
  const { Task, TaskArchive, TaskEvent } = app.db.models
  const archived = await TaskArchive.findById(id).lean()
  return {
    hot: (await Task.findById(id, { seq: 1 }).lean())?.seq ?? null,
    archived: archived?.seq ?? null,
    hotEvents: (await TaskEvent.find({ taskId: id }, { seq: 1 }).lean()).map((e) => e.seq).sort((a, b) => a - b),
    archivedEvents: (archived?.events ?? []).map((e) => e.seq),
  }
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

/** Runs the archive job in a child process that kills itself right after `step` of its first move. */
function crashingJob(step: ArchiveStep): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/archive-crash-child.ts'], {
      cwd: ROOT,
      env: { ...process.env, JQTB_TEST_MONGO_URI: testMongoUri(), CRASH_DB: testDbName(), CRASH_AT: step, NOW: String(clock.now().getTime()) },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c) => {
      stderr += c
    })
    child.on('exit', (_code, signal) => resolve({ signal, stderr }))
  })
}

/** The cell values of every sheet of the January 2025 assessment export. */
async function assessmentSheet() {
  const res = await request(app.url)
    .get('/api/points/export?period=2025-01')
    .set(authHeader(app, ADMIN))
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = []
      r.on('data', (c: Buffer) => chunks.push(c))
      r.on('end', () => done(null, Buffer.concat(chunks)))
    })
  if (res.status !== 200) throw new Error(`export: ${res.status}`)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(res.body as ArrayBuffer)
  return wb.worksheets.map((ws) => ws.getSheetValues())
}

/** Archives everything already old, so that the next task made is the only one a run will move. */
async function archiveWhatIsOld() {
  clock.advance(200 * DAY)
  await archiveTasks(deps, { limit: 10_000 })
}

describe('the archive job', () => {
  const t: Record<string, string> = {}
  const before: Record<string, TaskDetailView> = {}
  let allBefore: string[]
  let closedBefore: string[]
  let mineClosedBefore: string[]
  let previewBefore: unknown
  let sheetBefore: unknown
  let rules: unknown
  let report: Awaited<ReturnType<typeof archiveTasks>>

  beforeAll(async () => {
    t.closedA = await closedTask('邻里噪音纠纷（去年）')
    t.closedB = await closedTask('宅基地边界纠纷（去年）')
    t.cancelled = await cancelledTask('重复报警（去年）')
    t.liveOld = await publishedTask(app, {}, { title: '长期未认领的纠纷' })
    clock.advance(200 * DAY)
    t.closedYoung = await closedTask('楼道堆物（本月）')
    t.liveNew = await publishedTask(app, {}, { title: '新发布的纠纷' })
    for (const id of Object.values(t)) before[id] = await detail(app, id)
    allBefore = ids(await listAll(DISPATCHER, 'view=all'))
    closedBefore = ids(await listAll(DISPATCHER, 'view=all&state=closed,cancelled'))
    mineClosedBefore = ids(await listAll(WANGLI, 'view=mine&state=closed'))
    rules = ((await as(app, ADMIN).get('/api/rules')).body as RulesOverview).latest.rules
    previewBefore = (await as(app, ADMIN).post('/api/rules/preview', { rules, period: '2025-01' })).body
    sheetBefore = await assessmentSheet()
    report = await archiveTasks(deps)
  })

  it('moves closed and cancelled tasks older than the setting, with their events; live and recent work stays', async () => {
    expect(report).toEqual({ archived: 3, revived: 0, skipped: 0 })
    for (const id of [t.closedA, t.closedB, t.cancelled]) {
      const seq = before[id].timeline.length
      expect(await whereIs(id)).toEqual({ hot: null, archived: seq, hotEvents: [], archivedEvents: upTo(seq) })
    }
    for (const id of [t.liveOld, t.closedYoung, t.liveNew]) {
      expect(await whereIs(id)).toMatchObject({ hot: expect.any(Number), archived: null, archivedEvents: [] })
    }
    // a second run (or a second instance) finds nothing to do
    expect(await archiveTasks(deps)).toEqual({ archived: 0, revived: 0, skipped: 0 })
  })

  it('reads an archived task by id as before: the detail and the whole timeline', async () => {
    for (const id of Object.values(t)) expect(await detail(app, id)).toEqual(before[id])
  })

  it('merges the archive into the lists that show finished work: same tasks, same order, each once', async () => {
    expect(ids(await listAll(DISPATCHER, 'view=all'))).toEqual(allBefore)
    expect(ids(await listAll(DISPATCHER, 'view=all', 20))).toEqual(allBefore)
    expect(ids(await listAll(DISPATCHER, 'view=all&state=closed,cancelled'))).toEqual(closedBefore)
    expect(ids(await listAll(WANGLI, 'view=mine&state=closed'))).toEqual(mineClosedBefore)
    expect(mineClosedBefore).toEqual(expect.arrayContaining([t.closedA, t.closedB, t.closedYoung]))
    // the lists of live work never held them
    // (the task left unclaimed for 200 days may have turned red by now, and a red one is not offered in the hall)
    const hall = ids(await listAll(WANGLI, 'view=hall'))
    expect(hall).toContain(t.liveNew)
    for (const id of [t.closedA, t.closedB, t.cancelled]) expect(hall).not.toContain(id)
    expect(ids(await listAll(DISPATCHER, 'view=review'))).toEqual([])
  })

  it('does not read the archive for a page that ends after the horizon', async () => {
    // a decoy that breaks the archive's rule (younger than the horizon): it would top any page that read the archive
    const decoy = { ...(await app.db.models.TaskArchive.findById(t.closedA).lean()), _id: 'JQ20250106-9999', updatedAt: clock.now().getTime() }
    await app.db.models.TaskArchive.collection.insertOne(decoy as never)
    try {
      const page = (await as(app, DISPATCHER).get('/api/tasks?view=all&limit=2')).body as TaskListResponse
      expect(ids(page.items)).toEqual(allBefore.slice(0, 2))
      // a page reaching past the horizon does read it (so the decoy shows there)
      expect(ids(await listAll(DISPATCHER, 'view=all', 50))).toContain(decoy._id)
    } finally {
      await app.db.models.TaskArchive.deleteOne({ _id: decoy._id })
    }
  })

  it('the rules preview of an archived period and the assessment sheet read the same', async () => {
    expect((previewBefore as { events: number }).events).toBeGreaterThan(0)
    expect((await as(app, ADMIN).post('/api/rules/preview', { rules, period: '2025-01' })).body).toEqual(previewBefore)
    expect(JSON.stringify(sheetBefore)).toContain('邻里噪音纠纷')
    expect(await assessmentSheet()).toEqual(sheetBefore)
  })

  it('a reopened archived task is back in the hot lists, with its whole timeline', async () => {
    clock.advance(60_000)
    await reopen(t.closedB)
    const seq = before[t.closedB].timeline.length
    expect(await whereIs(t.closedB)).toMatchObject({ hot: seq + 1, archivedEvents: upTo(seq), hotEvents: [seq + 1] })
    const task = await detail(app, t.closedB)
    expect(task.state).toBe('draft')
    expect(task.timeline.map((e) => e.type)).toEqual([...before[t.closedB].timeline.map((e) => e.type), 'reopened'])
    // first in the centre's list, once (the archived copy behind it is not shown)
    const all = ids(await listAll(DISPATCHER, 'view=all'))
    expect(all[0]).toBe(t.closedB)
    expect(all.filter((id) => id === t.closedB)).toHaveLength(1)
    expect(ids(await listAll(DISPATCHER, 'view=all&state=draft'))).toContain(t.closedB)
  })
})

describe('a process killed after each step of a move', () => {
  it.each(STEPS)('killed after “%s”: readers see the task as before, and the next run finishes the move', async (step) => {
    await archiveWhatIsOld()
    const id = await closedTask(`噪音纠纷（${step}）`)
    clock.advance(200 * DAY)
    const was = await detail(app, id)
    const seq = was.timeline.length

    const crash = await crashingJob(step)
    expect({ signal: crash.signal, stderr: crash.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' })
    const left = await whereIs(id)
    // nothing lost: every event is in one collection or both, and a projection exists somewhere
    expect([...new Set([...left.hotEvents, ...left.archivedEvents])].sort((a, b) => a - b)).toEqual(upTo(seq))
    expect(left.hot ?? left.archived).toBe(seq)
    expect(await detail(app, id)).toEqual(was)
    expect(ids(await listAll(DISPATCHER, 'view=all&state=closed')).filter((x) => x === id)).toHaveLength(1)

    expect(await archiveTasks(deps)).toEqual({ archived: step === 'projection-deleted' ? 0 : 1, revived: 0, skipped: 0 })
    expect(await app.db.models.TaskArchive.countDocuments({ _id: id })).toBe(1)
    expect(await whereIs(id)).toEqual({ hot: null, archived: seq, hotEvents: [], archivedEvents: upTo(seq) })
    expect(await detail(app, id)).toEqual(was)
    expect(ids(await listAll(DISPATCHER, 'view=all&state=closed')).filter((x) => x === id)).toHaveLength(1)
  })
})

describe('a reopening while the task is being archived', () => {
  it.each(STEPS)('reopened right after “%s”: the task is live again and in the hot lists', async (step) => {
    await archiveWhatIsOld()
    const id = await closedTask(`宅基地纠纷（${step}）`)
    clock.advance(200 * DAY)
    const seq = (await detail(app, id)).timeline.length

    const out = await archiveTasks(deps, { afterStep: async (s, taskId) => (s === step && taskId === id ? reopen(id) : undefined) })
    expect(out).toEqual({ archived: 0, revived: 1, skipped: 0 })
    const where = await whereIs(id)
    expect(where.hot).toBe(seq + 1)
    expect([...new Set([...where.hotEvents, ...where.archivedEvents])].sort((a, b) => a - b)).toEqual(upTo(seq + 1))
    expect(where.hotEvents).toContain(seq + 1)
    const task = await detail(app, id)
    expect(task.state).toBe('draft')
    expect(task.timeline).toHaveLength(seq + 1)
    expect(ids(await listAll(DISPATCHER, 'view=all&state=draft'))).toContain(id)
  })

  it('killed between deleting the projection a reopening had just written and the log check: readers and the sweeper bring it back', async () => {
    await archiveWhatIsOld()
    const id = await closedTask('拖欠工资（重开）')
    clock.advance(200 * DAY)
    const seq = (await detail(app, id)).timeline.length

    // the reopening writes its projection after “events-deleted”; the job deletes it, then dies before its check
    const out = await archiveTasks(deps, {
      afterStep: async (s, taskId) => {
        if (taskId !== id) return
        if (s === 'events-deleted') await reopen(id)
        if (s === 'projection-deleted') throw new Error('killed')
      },
    })
    expect(out).toEqual({ archived: 0, revived: 0, skipped: 1 })
    expect(await whereIs(id)).toMatchObject({ hot: null, archived: seq, hotEvents: [seq + 1] })
    // a reader folds the archived projection and the new event
    expect((await detail(app, id)).state).toBe('draft')
    // the sweeper's repair (the events of a settled window against their projections) writes it back
    clock.advance(WINDOW_MS + SETTLE_MS)
    await runTaskSweep(deps)
    expect((await whereIs(id)).hot).toBe(seq + 1)
    expect(ids(await listAll(DISPATCHER, 'view=all&state=draft'))).toContain(id)
    expect(await app.db.models.TaskEvent.exists({ _id: eventId(id, seq + 1) })).toBeTruthy()
  })
})

describe('raising TASK_ARCHIVE_AFTER_DAYS', () => {
  it('brings back what the new setting no longer allows, lists and timelines unchanged', async () => {
    await archiveWhatIsOld()
    const archived = await app.db.models.TaskArchive.find({}, { _id: 1 }).lean()
    expect(archived.length).toBeGreaterThan(3)
    const all = ids(await listAll(DISPATCHER, 'view=all', 20))
    const timelines = await Promise.all(archived.map(({ _id }) => detail(app, _id)))

    const raised = { ...deps, archiveAfterMs: 10_000 * DAY }
    expect(await restoreTasks(raised)).toBe(archived.length)
    expect(await app.db.models.TaskArchive.countDocuments()).toBe(0)
    for (const [i, { _id }] of archived.entries()) expect(await detail(app, _id)).toEqual(timelines[i])
    expect(ids(await listAll(DISPATCHER, 'view=all', 20))).toEqual(all)
    expect(await archiveTasks(raised)).toEqual({ archived: 0, revived: 0, skipped: 0 })
  })
})
