/**
 * Who sees whose points, from the one policy (bff/src/points/policy.ts): the leaderboard says per
 * row whether the viewer may open that person's lines, and says exactly what the person endpoint
 * then answers; a task's 积分 card shows a department lead every line only of their department's
 * tasks and people.
 */
import type { BoardView, TaskPointsView } from '@jqtb/shared'
import { monthOf } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { ADMIN, as, claimedTask, DISPATCHER } from './points-fixtures'
import { createTask } from './tasks-fixtures'

let app: TestApp
const WANGLI = 'u-wangli' // grid worker, 新城社区第1网格
const CHENQIANG = 'u-chenqiang' // grid worker, 新城社区第2网格
const SUNHAO = 'u-sunhao' // grid worker, another community
const LINFANG = 'u-linfang' // 新城社区 staff
const HEJUN = 'u-hejun' // lead of 古塘派出所 (PCS)
const XUMING = 'u-xuming' // PCS staff: on the board only through his points
const MAJIE = 'u-majie' // lead of 司法所 (SFS), also a mediator
const CAOYONG = 'u-caoyong' // mediator, no department

beforeAll(async () => {
  app = await startTestApp()
  // 徐明 is not on the roster (not a grid worker): a line of his puts him on the board
  const now = new Date()
  await app.db.models.LedgerEntry.create({
    _id: 'T-manual:0000000001:person:u-xuming:released',
    subjectKind: 'person',
    subjectId: XUMING,
    subjectName: '徐明',
    territory: 'GT',
    department: 'PCS',
    month: monthOf(now.getTime()),
    delta: -2,
    kind: 'deduction',
    reasonCode: 'released',
    reason: '认领后放弃 测试工单 −2',
    ruleKey: 'penalties.released',
    ruleVersion: 1,
    taskId: 'T-manual',
    taskNo: 'JQ-manual',
    taskDepartment: '',
    eventId: 'T-manual:0000000001',
    eventType: 'released',
    eventAt: now,
    corrects: '',
    at: now,
    by: { id: 'system', name: '系统' },
  })
})
afterAll(() => app.close())

const board = async (viewer: string) => (await as(app, viewer).get('/api/points/leaderboard?board=people')).body as BoardView

describe('the people board says per row whether the viewer may open that person’s lines', () => {
  it.each([WANGLI, LINFANG, HEJUN, DISPATCHER, ADMIN])('for %s, exactly as the person endpoint answers', async (viewer) => {
    const rows = (await board(viewer)).rows
    expect(rows.map((r) => r.id)).toContain(XUMING)
    for (const r of rows) {
      const status = (await as(app, viewer).get(`/api/points/people/${r.id}`)).status
      expect([r.id, r.canOpen]).toEqual([r.id, status === 200])
    }
  })

  it('community staff open their community’s people, a department lead their department’s, a grid worker only themself', async () => {
    const open = async (viewer: string) => new Set((await board(viewer)).rows.filter((r) => r.canOpen).map((r) => r.id))
    const linfang = await open(LINFANG)
    expect([linfang.has(WANGLI), linfang.has(CHENQIANG), linfang.has(SUNHAO), linfang.has(XUMING)]).toEqual([true, true, false, false])
    const hejun = await open(HEJUN)
    expect([hejun.has(XUMING), hejun.has(WANGLI)]).toEqual([true, false])
    expect([...(await open(WANGLI))]).toEqual([WANGLI])
  })

  it('other boards open nobody’s lines', async () => {
    const grids = (await as(app, DISPATCHER).get('/api/points/leaderboard?board=grids')).body as BoardView
    expect(grids.rows.some((r) => r.canOpen)).toBe(false)
  })
})

describe('a task’s points card', () => {
  const card = async (viewer: string, taskId: string) => {
    const res = await as(app, viewer).get(`/api/points/tasks/${taskId}`)
    expect(res.status).toBe(200)
    return (res.body as TaskPointsView).items.map((e) => e.subject.id)
  }

  it('a lead who may open another department’s task (through a pool) does not see its people’s lines', async () => {
    // published by the centre to mediators: 马洁 (SFS lead and mediator) is in the pool, 曹勇 claims and lets go
    const { id } = await claimedTask(app, CAOYONG, { create: { territory: 'GT-03-01' }, publish: { eligibility: { roles: ['mediator'] } } })
    expect((await as(app, CAOYONG).post(`/api/tasks/${id}/release`, { reason: '临时有事' })).status).toBe(200)
    expect(await card(CAOYONG, id)).toEqual([CAOYONG])
    expect(await card(DISPATCHER, id)).toEqual([CAOYONG])
    expect(await card(MAJIE, id)).toEqual([])
    expect((await as(app, MAJIE).get(`/api/points/people/${CAOYONG}`)).status).toBe(403)
  })

  it('a lead sees every line of their own department’s tasks', async () => {
    const id = await createTask(app, { territory: 'GT-01-01' })
    const step = async (user: string, verb: string, body: unknown = {}) => expect((await as(app, user).post(`/api/tasks/${id}/${verb}`, body)).status).toBe(200)
    await step(DISPATCHER, 'route', { department: 'PCS' })
    await step(HEJUN, 'sign')
    await step(HEJUN, 'publish', { claimMode: 'first_come' })
    await step(WANGLI, 'claim')
    await step(WANGLI, 'release', { reason: '临时有事' })
    expect(await card(HEJUN, id)).toEqual([WANGLI])
    expect(await card(LINFANG, id)).toEqual([]) // she may open the task, and sees no one's lines on it
  })
})
