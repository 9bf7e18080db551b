/**
 * Points written when task events happen, through the real task API on the real database: an
 * accepted task shows in 我的积分 with its reasons; penalties; the unjustified bounce; leaderboards;
 * and exactly once — the same events scored twice and concurrently give one entry each.
 */
import { type BoardView, DEFAULT_RULE_SET, DEFAULT_RULES_EFFECTIVE_FROM, scoreTaskLog, type TaskEvent } from '@jqtb/shared'
import { catchUpScoring, scoreTaskEvents } from '../../bff/src/points/scoring'
import { toEvent } from '../../bff/src/tasks/log'
import type { TaskEventDoc } from '../../bff/src/tasks/model'
import { startTestApp, type TestApp } from '../support/app'
import { acceptedTask, as, claimedTask, DISPATCHER, myPoints, settledJobDeps } from './points-fixtures'
import { createTask } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const WANGLI = 'u-wangli'
const CHENQIANG = 'u-chenqiang'
/** 陈强 works in 新城社区第2网格 */
const IN_CHENQIANGS_GRID = { create: { territory: 'GT-01-02' } }

async function eventsOf(taskId: string): Promise<TaskEvent[]> {
  const docs = await app.db.models.TaskEvent.find({ taskId }).sort({ seq: 1 }).lean<TaskEventDoc[]>()
  return docs.map(toEvent)
}

describe('an accepted task shows in 我的积分 with the reason', () => {
  let taskNo: string
  let taskId: string

  beforeAll(async () => {
    ;({ id: taskId, taskNo } = await acceptedTask(app, WANGLI, { rating: 5 }))
  })

  it('every line names the task and the rule, in words a grid worker understands', async () => {
    const me = await myPoints(app, WANGLI)
    const lines = me.entries.filter((e) => e.taskId === taskId).map((e) => [e.reasonCode, e.delta, e.reason])
    expect(lines).toEqual(
      expect.arrayContaining([
        ['task_base', 5, `办结 邻里噪音纠纷（${taskNo}），一般工单基础分 +5`],
        ['quality', 1, `邻里噪音纠纷（${taskNo}） 验收评分 5 星，基础分 ×1.2 +1`],
        ['on_time', 1, `按时办结 邻里噪音纠纷（${taskNo}） +1`],
        ['early', 3, `提前 3 天办结 邻里噪音纠纷（${taskNo}），每天 +1 +3`],
      ]),
    )
    expect(lines).toHaveLength(4)
    for (const e of me.entries) expect(e).toMatchObject({ ruleVersion: 1, subject: { kind: 'person', id: WANGLI } })
  })

  it('the total starts at 100 and adds base and bonus', async () => {
    const me = await myPoints(app, WANGLI)
    expect(me.total).toMatchObject({ startingScore: 100, base: 5, bonus: 5, deductions: 0, total: 110 })
    expect(me.person).toMatchObject({ id: WANGLI, name: '王丽', territoryName: '新城社区第1网格' })
    expect(me.rank).toBe(1)
  })

  it('the grid and the task’s points are on the leaderboards', async () => {
    const people = (await as(app, CHENQIANG).get('/api/points/leaderboard?board=people')).body as BoardView
    expect(people.rows[0]).toMatchObject({ rank: 1, id: WANGLI, total: 110, detail: '新城社区第1网格' })
    expect(people.rows.find((r) => r.id === CHENQIANG)).toMatchObject({ total: 100 })
    const grids = (await as(app, CHENQIANG).get('/api/points/leaderboard?board=grids')).body as BoardView
    expect(grids.rows[0]).toMatchObject({ id: 'GT-01-01', own: 1, members: 10, total: 111, detail: '新城社区' })
    const communities = (await as(app, CHENQIANG).get('/api/points/leaderboard?board=communities')).body as BoardView
    expect(communities.rows[0]).toMatchObject({ id: 'GT-01', total: 111 })
    const departments = (await as(app, CHENQIANG).get('/api/points/leaderboard?board=departments')).body as BoardView
    expect(departments.rows.length).toBeGreaterThanOrEqual(8)
    expect(people.canExport).toBe(false)
  })

  it('the task’s own points view: the doer sees theirs, the centre sees all', async () => {
    const mine = await as(app, WANGLI).get(`/api/points/tasks/${taskId}`)
    expect(mine.status).toBe(200)
    expect(mine.body.items.map((e: { subject: { id: string } }) => e.subject.id)).toEqual(expect.arrayContaining([WANGLI, 'GT-01-01']))
    const outsider = await as(app, 'u-sunhao').get(`/api/points/tasks/${taskId}`)
    expect(outsider.status).toBe(403)
  })

  it('the routes are in the OpenAPI document', async () => {
    const doc = (await as(app, WANGLI).get('/api/openapi.json')).body as { paths: Record<string, unknown> }
    for (const p of [
      '/api/points/me',
      '/api/points/leaderboard',
      '/api/points/export',
      '/api/points/appeals',
      '/api/rules',
      '/api/rules/preview',
      '/api/rules/publish',
    ])
      expect(Object.keys(doc.paths)).toContain(p)
  })

  it('a leaderboard request with a bad period is a 400 in Chinese', async () => {
    const res = await as(app, WANGLI).get('/api/points/leaderboard?period=2026-13')
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain('考核期格式')
  })
})

describe('penalties come from the task events as they happen', () => {
  it('放弃认领 costs the worker, with the reason', async () => {
    const { id, taskNo } = await claimedTask(app, CHENQIANG, IN_CHENQIANGS_GRID)
    expect((await as(app, CHENQIANG).post(`/api/tasks/${id}/release`, { reason: '临时有其他任务' })).status).toBe(200)
    const me = await myPoints(app, CHENQIANG)
    expect(me.entries.find((e) => e.taskId === id)).toMatchObject({
      reasonCode: 'released',
      delta: -2,
      reason: `认领后放弃 邻里噪音纠纷（${taskNo}） −2`,
      appealable: true,
    })
  })

  it('驳回 costs the doer each time', async () => {
    const { id } = await claimedTask(app, CHENQIANG, IN_CHENQIANGS_GRID)
    await as(app, CHENQIANG).post(`/api/tasks/${id}/progress`, { note: '已联系双方' })
    await as(app, CHENQIANG).post(`/api/tasks/${id}/submit`, { note: '已处理' })
    const back = await as(app, DISPATCHER).post(`/api/tasks/${id}/review`, { decision: 'return', reason: '缺少现场照片，请补充' })
    expect(back.status).toBe(200)
    const me = await myPoints(app, CHENQIANG)
    expect(me.entries.find((e) => e.taskId === id && e.reasonCode === 'returned')?.delta).toBe(-1)
  })

  it('a bounce routed back to the same department costs the department; a bounce sent elsewhere does not', async () => {
    const routeTo = (id: string, department: string) => as(app, DISPATCHER).post(`/api/tasks/${id}/route`, { department })
    const bounce = (id: string) => as(app, 'u-hejun').post(`/api/tasks/${id}/bounce`, { reason: '不属于派出所职责范围' })

    const back = await createTask(app)
    expect((await routeTo(back, 'PCS')).status).toBe(200)
    expect((await bounce(back)).status).toBe(200)
    expect((await routeTo(back, 'PCS')).status).toBe(200)
    const elsewhere = await createTask(app)
    await routeTo(elsewhere, 'PCS')
    await bounce(elsewhere)
    expect((await routeTo(elsewhere, 'ZHZF')).status).toBe(200)

    const entries = await app.db.models.LedgerEntry.find({ subjectKind: 'department', reasonCode: 'bounce_unjustified' }).lean()
    expect(entries.map((e) => [e.subjectId, e.taskId, e.delta])).toEqual([['PCS', back, -2]])
    const departments = (await as(app, 'u-hejun').get('/api/points/leaderboard?board=departments')).body as BoardView
    expect(departments.rows.find((r) => r.id === 'PCS')).toMatchObject({ own: -2, total: 98 })
  })
})

describe('exactly once: the same events scored twice, and concurrently, give one entry each', () => {
  it('ten concurrent scorings plus two catch-up runs of an accepted task write each entry once', async () => {
    const { id } = await acceptedTask(app, WANGLI, { rating: 3, create: { title: '宅基地边界纠纷', category: 'land', tier: 'complex' } })
    const events = await eventsOf(id)
    const expected = scoreTaskLog(
      events,
      [{ version: 1, effectiveFrom: DEFAULT_RULES_EFFECTIVE_FROM, rules: DEFAULT_RULE_SET, publishedAt: 0, publishedBy: { id: 'system', name: '系统' } }],
      { person: () => ({ name: '王丽', territory: 'GT-01-01' }) },
    )
    const { LedgerEntry, ScoredEvent } = app.db.models
    const stored = async () => (await LedgerEntry.find({ taskId: id }).lean()).map((e) => e._id).sort()
    // the live call already scored it
    expect(await stored()).toEqual(expected.map((e) => e.id).sort())

    // as if it never had: the catch-up job and ten more live calls race
    await LedgerEntry.deleteMany({ taskId: id })
    await ScoredEvent.deleteMany({ _id: { $regex: `^${id}:` } })
    const deps = await settledJobDeps(app)
    const results = await Promise.all([...Array.from({ length: 10 }, () => scoreTaskEvents(deps, events)), catchUpScoring(deps), catchUpScoring(deps)])
    expect(await stored()).toEqual(expected.map((e) => e.id).sort())
    const inserted = results.reduce((s, r) => s + r.inserted, 0)
    expect(inserted).toBe(expected.length)

    // and once more, sequentially: nothing new
    expect((await scoreTaskEvents(deps, events)).inserted).toBe(0)
    expect((await catchUpScoring(deps)).inserted).toBe(0)
    expect(await stored()).toHaveLength(expected.length)
  })

  it('the catch-up job writes what the live call missed', async () => {
    const { id } = await claimedTask(app, CHENQIANG, IN_CHENQIANGS_GRID)
    await as(app, CHENQIANG).post(`/api/tasks/${id}/release`, { reason: '家中有事' })
    const { LedgerEntry, ScoredEvent } = app.db.models
    await LedgerEntry.deleteMany({ taskId: id })
    await ScoredEvent.deleteMany({ _id: { $regex: `^${id}:` } })
    const r = await catchUpScoring(await settledJobDeps(app))
    expect(r.inserted).toBe(1)
    expect(await LedgerEntry.countDocuments({ taskId: id, reasonCode: 'released' })).toBe(1)
  })

  it('the catch-up job pages through its window by time and _id, missing nothing', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const { id } = await claimedTask(app, CHENQIANG, IN_CHENQIANGS_GRID)
      await as(app, CHENQIANG).post(`/api/tasks/${id}/release`, { reason: '家中有事' })
      ids.push(id)
    }
    const { LedgerEntry, ScoredEvent } = app.db.models
    await LedgerEntry.deleteMany({ taskId: { $in: ids } })
    for (const id of ids) await ScoredEvent.deleteMany({ _id: { $regex: `^${id}:` } })
    // one event a page: every scored event of the window (these and the earlier tests') is its own page
    const r = await catchUpScoring(await settledJobDeps(app), { page: 1 })
    expect(r.inserted).toBe(3)
    expect(await LedgerEntry.countDocuments({ taskId: { $in: ids }, reasonCode: 'released' })).toBe(3)
  })
})
