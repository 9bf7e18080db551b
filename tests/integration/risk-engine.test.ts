/**
 * 三色预警 always current: a progress note with a threat turns the task red within that request and
 * pages the 派出所, the centre and the holder once each (however often the note is retried); a new
 * case by the same caller raises the repeat factor of the earlier open one; a manual red survives
 * re-scoring; the sweep raises an ageing case and escalates a red one nobody acted on.
 */
import { randomUUID } from 'node:crypto'
import type { RiskCardView, TaskActionResponse, TaskDetailView } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { runOutboxOnce } from '../../bff/src/notifications/worker'
import { rescoreTask } from '../../bff/src/risk/engine'
import { runRiskSweep } from '../../bff/src/risk/jobs'
import { taskDeps } from '../../bff/src/tasks/log'
import { startAppWithSimulator, type TestApp } from '../support/app'
import type { TestSimulator } from '../support/simulator'
import { as, baseTask, DISPATCHER, HEJUN, WANGLI, XUMING } from './tasks-fixtures'

const START = Date.parse('2026-11-27T01:00:00Z')
const DAY = 86_400_000
let app: TestApp
let sim: TestSimulator
let close: () => Promise<void>
const clock = new ManualClock(START)

beforeAll(async () => {
  ;({ app, sim, close } = await startAppWithSimulator({ clock }))
})
afterAll(() => close())

const create = async (over: Parameters<typeof baseTask>[0] = {}) => {
  const res = await as(app, DISPATCHER).post('/api/tasks', baseTask({ riskColour: 'green', parties: [], ...over }))
  expect(res.status).toBe(201)
  return (res.body as TaskActionResponse).task.id
}
const assignTo = async (id: string, userId = WANGLI) => expect((await as(app, DISPATCHER).post(`/api/tasks/${id}/assign`, { userId })).status).toBe(200)
const detail = async (id: string) => (await as(app, DISPATCHER).get(`/api/tasks/${id}`)).body as TaskDetailView
const card = async (id: string, who = DISPATCHER) => (await as(app, who).get(`/api/risk/tasks/${id}`)).body as RiskCardView
const riskEvents = async (id: string) => (await detail(id)).timeline.filter((e) => e.type === 'risk_changed')

describe('a progress note with a threat', () => {
  it('turns the task red within that request, once, and pages each recipient once even when the note is retried', async () => {
    const id = await create({ title: '夫妻纠纷', category: 'family', parties: [{ name: '何某', phone: '13600000001' }] })
    await assignTo(id)
    const body = { kind: 'visit', note: '上门走访，男方扬言要拼命', requestId: randomUUID() }
    const first = await as(app, WANGLI).post(`/api/tasks/${id}/progress`, body)
    expect(first.status).toBe(200)
    expect(first.body.task.riskColour).toBe('red')
    expect(first.body.task.risk).toMatchObject({ source: 'engine', followUpBy: new Date(START + DAY).toISOString() })
    // the retries of a lost answer: the same note, nothing new, still red
    const retries = await Promise.all([1, 2, 3].map(() => as(app, WANGLI).post(`/api/tasks/${id}/progress`, body)))
    for (const r of retries) expect([r.status, r.body.result, r.body.task.riskColour]).toEqual([200, 'unchanged', 'red'])
    const changes = await riskEvents(id)
    expect(changes).toHaveLength(1)
    expect(changes[0].note).toContain('进展记录含「拼命」 +30')
    expect(changes[0].note).toContain('婚恋家庭纠纷 +10')

    const entries = await app.db.models.Outbox.find({ template: 'risk_red' }).lean()
    expect(entries).toHaveLength(1)
    expect([...entries[0].recipients].sort()).toEqual([DISPATCHER, HEJUN, WANGLI, 'u-liugang'].sort())
    while ((await runOutboxOnce(app.deps)).sent > 0);
    for (const who of [DISPATCHER, HEJUN, WANGLI, 'u-liugang']) {
      const red = sim.state.messages.filter((m) => m.userId === who && JSON.stringify(m.msg).includes('红色预警'))
      expect([who, red.length]).toEqual([who, 1])
    }
    const c = await card(id)
    expect(c).toMatchObject({ colour: 'red', source: 'engine', headline: '红色预警（65 分，红线 60 分）' })
    expect(c.factors.map((f) => f.line)).toEqual(['进展记录含「拼命」 +30', '进展记录含「扬言」 +25', '婚恋家庭纠纷 +10'])
  })

  it('「没有扬言」 is not a threat: the colour stays', async () => {
    const id = await create({ title: '邻里争吵', category: 'neighbour' })
    await assignTo(id)
    const res = await as(app, WANGLI).post(`/api/tasks/${id}/progress`, { kind: 'visit', note: '双方没有扬言，也没有动手，情绪平稳' })
    expect(res.body.task.riskColour).toBe('green')
    expect(await riskEvents(id)).toEqual([])
  })
})

describe('a new case by the same caller', () => {
  it('raises the repeat factor of the earlier open case, across channels', async () => {
    const phone = '13600000002'
    const first = await create({ title: '噪音纠纷', category: 'noise', sourceRef: '110-20261127-0001', parties: [{ name: '周某', phone }] })
    expect((await card(first)).factors).toEqual([])
    clock.advance(3 * DAY)
    await create({ title: '噪音纠纷（再次来电）', category: 'noise', sourceRef: '12345-88', parties: [{ name: '周某', phone }] })
    clock.advance(2 * DAY)
    const third = await create({ title: '噪音纠纷（又报警）', category: 'noise', sourceRef: '110-20261127-0002', parties: [{ name: '周某', phone }] })
    const later = await card(first)
    expect(later.factors.map((f) => f.line)).toEqual(['近 30 天同一当事人（周某）共 3 次报警，涉 110、12345 +30'])
    // the earlier case turned yellow by itself when the third call came in, and says why in its timeline
    expect(later.colour).toBe('yellow')
    expect((await riskEvents(first)).map((e) => e.note)).toEqual([
      '绿色 → 黄色预警（系统评分 30 分：近 30 天同一当事人（周某）共 3 次报警，涉 110、12345 +30）',
    ])
    const newest = await card(third)
    expect(newest.factors.map((f) => f.line)).toEqual(['近 30 天同一当事人（周某）第 3 次报警，涉 110、12345 +30'])
    // the linked cases are shown to the centre, not to a grid worker
    expect(newest.linked?.map((l) => l.via)).toEqual(['同一当事人（周某）', '同一当事人（周某）'])
    await assignTo(third)
    expect((await card(third, WANGLI)).linked).toBeNull()
    clock.set(START)
  })
})

describe('one new record touches only the cases linked to it', () => {
  it('re-scores itself and the open cases of the same caller, and no other case', async () => {
    // later than anything the other tests wrote, so "updated since" means this test's doing
    clock.set(START + 100 * DAY)
    const phone = '13600000077'
    const t0 = await create({ title: '噪音A', category: 'neighbour', parties: [{ name: '钱某', phone }] })
    const t1 = await create({ title: '噪音B', category: 'neighbour', parties: [{ name: '钱某', phone }] })
    const bystander = await create({ title: '无关纠纷', category: 'neighbour', parties: [{ name: '孙某', phone: '13600000078' }] })
    clock.advance(60_000)
    const before = clock.now()
    const t2 = await create({ title: '噪音C', category: 'neighbour', parties: [{ name: '钱某', phone }] })
    const touched = await app.db.models.RiskCase.find({ updatedAt: { $gte: before } }, { _id: 1 }).lean()
    expect(touched.map((d) => d._id).sort()).toEqual([`task:${t0}`, `task:${t1}`, `task:${t2}`].sort())
    expect(touched.map((d) => d._id)).not.toContain(`task:${bystander}`)
    for (const id of [t0, t1]) expect((await card(id)).factors.map((f) => f.line)).toContain('近 30 天同一当事人（钱某）共 3 次报警 +30')
    clock.set(START)
  })
})

describe('people decide', () => {
  it('a manual red survives re-scoring; only a person lowers it; the reason is in the timeline', async () => {
    // (the 派出所 sets the colour of the tasks it can open: those routed to it)
    const id = await create({ title: '车位纠纷', category: 'neighbour', department: 'PCS' })
    const res = await as(app, HEJUN).post(`/api/risk/tasks/${id}/colour`, { colour: 'red', reason: '当事人曾持械，所里研判为高风险' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ colour: 'red', source: 'manual', floor: { colour: 'red', by: '何军', reason: '当事人曾持械，所里研判为高风险' } })
    await rescoreTask(taskDeps(app.deps), id)
    clock.advance(2 * DAY)
    await runRiskSweep(taskDeps(app.deps))
    expect((await detail(id)).riskColour).toBe('red')
    const timeline = (await riskEvents(id)).map((e) => e.note)
    expect(timeline).toHaveLength(1)
    expect(timeline[0]).toContain('人工设定，理由：当事人曾持械，所里研判为高风险')
    const lowered = await as(app, DISPATCHER).post(`/api/risk/tasks/${id}/colour`, { colour: 'green', reason: '已化解，双方签订协议' })
    expect(lowered.body).toMatchObject({ colour: 'green', source: 'manual', floor: null })
    clock.set(START)
  })

  it('grid workers and mediators may not set a colour; a reason is required', async () => {
    const id = await create({ title: '漏水纠纷', category: 'neighbour', department: 'PCS' })
    expect((await as(app, WANGLI).post(`/api/risk/tasks/${id}/colour`, { colour: 'red', reason: '我觉得危险' })).status).toBe(403)
    const noReason = await as(app, XUMING).post(`/api/risk/tasks/${id}/colour`, { colour: 'red' })
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe('time passing', () => {
  it('the sweep raises an ageing case, saying how long it has been open and overdue', async () => {
    const id = await create({ title: '土地纠纷', category: 'land', tier: 'general', description: '两户因地界争吵，曾发生推搡。' })
    expect((await detail(id)).riskColour).toBe('green') // 土地 8 + 推搡 15 = 23
    clock.advance(20 * DAY) // 20 days open (+10), 13 days overdue (+20): 53
    const report = await runRiskSweep(taskDeps(app.deps))
    expect(report.rescored).toBeGreaterThan(0)
    const c = await card(id)
    expect(c.colour).toBe('yellow')
    expect(c.factors.map((f) => f.line)).toEqual(['超期 13 天未办结 +20', '描述含「推搡」 +15', '已 20 天未办结 +10', '土地/宅基地纠纷 +8'])
    const [change] = await riskEvents(id)
    expect(change.actor.name).toBe('系统')
    // the same day again: nothing to re-score
    expect((await runRiskSweep(taskDeps(app.deps))).changed).toBe(0)
    clock.set(START)
  })

  it('a red warning nobody acted on is escalated a level up once, however often the sweep runs', async () => {
    const id = await create({ title: '宅基地纠纷', category: 'land', description: '一方扬言要拼命', department: 'LDBZ' })
    expect((await detail(id)).riskColour).toBe('red')
    clock.advance(DAY + 60_000)
    await Promise.all([runRiskSweep(taskDeps(app.deps)), runRiskSweep(taskDeps(app.deps))])
    await runRiskSweep(taskDeps(app.deps))
    const escalations = (await detail(id)).timeline.filter((e) => e.type === 'risk_escalated')
    expect(escalations).toHaveLength(1)
    const entries = await app.db.models.Outbox.find({ template: 'risk_escalated', 'data.taskNo': id }).lean()
    expect(entries).toHaveLength(1)
    // the level above (the centre's director), the task's department (劳动保障所), its community's staff
    expect([...entries[0].recipients].sort()).toEqual(['u-liugang', 'u-luoping', 'u-linfang'].sort())
    expect((await card(id)).escalatedAt).not.toBeNull()
    clock.set(START)
  })

  it('someone acting on a red task in time stops the escalation', async () => {
    const id = await create({ title: '债务纠纷', category: 'debt', description: '债主扬言要拼命，带人上门' })
    expect((await detail(id)).riskColour).toBe('red')
    clock.advance(3 * 3_600_000)
    await assignTo(id)
    clock.advance(DAY)
    await runRiskSweep(taskDeps(app.deps))
    expect((await detail(id)).timeline.filter((e) => e.type === 'risk_escalated')).toHaveLength(0)
    expect((await card(id)).followedUpAt).toBe(new Date(START + 3 * 3_600_000).toISOString())
    clock.set(START)
  })
})
