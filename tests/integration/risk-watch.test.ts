/**
 * 重点关注 (the 民转刑 watch list): people and addresses whose cases are red or yellow, with every case
 * and channel behind them; kept by the centre and the 派出所 only; phones masked; added by hand, a
 * follow-up person named, reviewed, and taken off (销号) only after a quiet period — once, even when
 * two officers try at the same moment.
 */
import type { WatchDetailView, WatchListView } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { settleDeferred } from '../../bff/src/kernel/background'
import { runRiskSweep, sweepSubjects } from '../../bff/src/risk/jobs'
import { taskDeps } from '../../bff/src/tasks/log'
import { startTestApp, type TestApp } from '../support/app'
import { commandsDuring } from '../support/commands'
import { as, baseTask, CHENQIANG, DISPATCHER, HEJUN, WANGLI, XUMING } from './tasks-fixtures'

const START = Date.parse('2026-11-27T01:00:00Z')
const DAY = 86_400_000
const clock = new ManualClock(START)
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(() => app.close())

const PHONE = '13700001111'
const create = async (over: Parameters<typeof baseTask>[0]) => {
  const res = await as(app, DISPATCHER).post('/api/tasks', baseTask({ riskColour: 'green', parties: [], ...over }))
  expect(res.status).toBe(201)
  return res.body.task.id as string
}
const list = async (who = DISPATCHER, q = '') => (await as(app, who).get(`/api/risk/watch${q}`)).body as WatchListView
const detail = async (id: string, who = DISPATCHER) => (await as(app, who).get(`/api/risk/watch/${id}`)).body as WatchDetailView
const person = async () => (await list()).items.find((s) => s.phone === '137****1111')

describe('who is on the list, and why', () => {
  it('a person with a red case is listed with the case, its channels, the masked phone and the responsible holder', async () => {
    const first = await create({ title: '夫妻争吵', category: 'family', sourceRef: '110-1', parties: [{ name: '陈某', phone: PHONE }] })
    clock.advance(DAY)
    const second = await create({
      title: '夫妻争吵（再次）',
      category: 'family',
      sourceRef: '12345-2',
      description: '男方扬言要拼命',
      parties: [{ name: '陈某', phone: PHONE }],
      location: { lat: 30.17, lng: 121.24, address: '新城社区7幢502室' },
    })
    expect((await as(app, DISPATCHER).post(`/api/tasks/${second}/assign`, { userId: WANGLI })).status).toBe(200)
    await settleDeferred(app.db) // the follow-up person is noted just after the answer
    const s = await person()
    expect(s).toMatchObject({ kind: 'party', label: '陈某', phone: '137****1111', colour: 'red', onList: true, recent: 2, total: 2 })
    expect(s?.why).toContain('近 90 天有 1 件红色预警案件')
    expect(s?.channels.sort()).toEqual(['110', '12345'])
    expect(s?.responsible).toEqual({ id: WANGLI, name: '王丽', assigned: false })
    const d = await detail(s?.id as string)
    expect(d.cases.map((c) => c.taskId)).toEqual([second, first])
    // the address of the red case is listed too
    expect((await list(DISPATCHER, '?kind=address')).items.map((a) => a.label)).toContain('新城社区7幢502室')
    // no full phone number anywhere in what leaves the server
    expect(JSON.stringify(await list())).not.toContain(PHONE)
    expect(JSON.stringify(d)).not.toContain(PHONE)
  })
})

describe('only the centre and the 派出所 see it', () => {
  it.each([
    [WANGLI, '网格员'],
    [CHENQIANG, '网格员'],
    ['u-fengbo', '调解员'],
    ['u-zhengyu', '网格员兼调解员'],
    ['u-majie', '司法所负责人兼调解员'],
    ['u-luoping', '劳动保障所所长'],
    ['u-linfang', '村社干部'],
    ['u-admin', '管理员'],
  ])('%s (%s): 403 on the list, a subject, and every change', async (who) => {
    const s = (await person()) as NonNullable<Awaited<ReturnType<typeof person>>>
    for (const res of [
      await as(app, who).get('/api/risk/watch'),
      await as(app, who).get(`/api/risk/watch/${s.id}`),
      await as(app, who).post('/api/risk/watch', { kind: 'address', address: '新城社区1幢', reason: '试图列入' }),
      await as(app, who).post(`/api/risk/watch/${s.id}/close`, { reason: '试图销号' }),
      await as(app, who).post(`/api/risk/watch/${s.id}/review`, { note: '试图复核' }),
      await as(app, who).post(`/api/risk/watch/${s.id}/responsible`, { userId: XUMING }),
      await as(app, who).get('/api/risk/watch-keepers'),
    ]) {
      expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN'])
    }
  })

  it.each([
    [DISPATCHER, '社治中心'],
    [HEJUN, '派出所副所长'],
    [XUMING, '社区民警'],
  ])('%s (%s) sees it', async (who) => {
    expect((await list(who)).counts.total).toBeGreaterThan(0)
  })
})

describe('decisions by hand', () => {
  it('the 派出所 puts an address on the list with a reason; a retry adds nothing; another officer is told who did', async () => {
    const body = { kind: 'address', address: '新城社区8幢底商', territory: 'GT-01-01-06', reason: '多次因停车争吵，有人扬言报复' }
    const res = await as(app, HEJUN).post('/api/risk/watch', body)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      kind: 'address',
      label: '新城社区8幢底商',
      onList: true,
      manual: true,
      why: ['何军人工列入：多次因停车争吵，有人扬言报复'],
    })
    expect((await as(app, HEJUN).post('/api/risk/watch', body)).status).toBe(201)
    expect((res.body as WatchDetailView).history).toHaveLength(1)
    const again = await as(app, XUMING).post('/api/risk/watch', { ...body, reason: '另一个理由' })
    expect([again.status, again.body.error.message]).toEqual([409, '已由何军列入重点关注：多次因停车争吵，有人扬言报复'])
    const bad = await as(app, HEJUN).post('/api/risk/watch', { kind: 'party', name: '某人', phone: '123', reason: '理由' })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('names who follows up (派出所 or centre people only) and records the weekly review', async () => {
    const s = (await person()) as NonNullable<Awaited<ReturnType<typeof person>>>
    expect(s.reviewDue).toBe(true)
    const wrong = await as(app, HEJUN).post(`/api/risk/watch/${s.id}/responsible`, { userId: WANGLI })
    expect([wrong.status, wrong.body.error.message]).toEqual([422, '跟进责任人须为派出所或社治中心的在岗人员'])
    const ok = await as(app, HEJUN).post(`/api/risk/watch/${s.id}/responsible`, { userId: XUMING })
    expect(ok.body.responsible).toEqual({ id: XUMING, name: '徐明', assigned: true })
    const reviewed = await as(app, XUMING).post(`/api/risk/watch/${s.id}/review`, { note: '已电话回访，情绪平稳' })
    expect(reviewed.body).toMatchObject({ reviewDue: false })
    expect((reviewed.body as WatchDetailView).history.map((h) => h.label)).toEqual(['每周复核', '指定跟进责任人'])
  })

  it('销号 waits for a quiet period, then one of two officers at once takes it off', async () => {
    const s = (await person()) as NonNullable<Awaited<ReturnType<typeof person>>>
    const early = await as(app, HEJUN).post(`/api/risk/watch/${s.id}/close`, { reason: '已化解' })
    expect([early.status, early.body.error.code]).toEqual([422, 'DOMAIN_RULE'])
    expect(early.body.error.message).toMatch(/仍为红色预警且未办结|须平稳满 30 天/)
    // both cases end, and a month passes quietly
    const d = await detail(s.id)
    for (const c of d.cases) {
      const res = await as(app, DISPATCHER).post(`/api/tasks/${c.taskId}/cancel`, { closureCode: 'resolved', reason: '双方和好，撤销' })
      expect(res.status).toBe(200)
    }
    clock.advance(31 * DAY)
    await runRiskSweep(taskDeps(app.deps))
    const [a, b] = await Promise.all([
      as(app, HEJUN).post(`/api/risk/watch/${s.id}/close`, { reason: '平稳满一个月，已化解' }),
      as(app, XUMING).post(`/api/risk/watch/${s.id}/close`, { reason: '回访确认已化解' }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.error.message).toMatch(/^已由(何军|徐明)销号：/)
    const after = await detail(s.id)
    expect(after.onList).toBe(false)
    expect(after.history.filter((h) => h.type === 'closed')).toHaveLength(1)
    expect((await list()).items.map((i) => i.id)).not.toContain(s.id)
  })
})

describe('the hourly refresh of the list', () => {
  it('works a backlog off a batch at a time, each subject once', async () => {
    await create({ title: '邻里纠纷', category: 'neighbour', riskColour: 'red', parties: [{ name: '周某', phone: '13700002222' }] })
    await create({ title: '邻里纠纷', category: 'neighbour', riskColour: 'red', parties: [{ name: '吴某', phone: '13700003333' }] })
    clock.advance(2 * 3_600_000)
    const cutoff = () => new Date(clock.now().getTime() - 3_600_000)
    const stale = () => app.db.models.RiskSubject.countDocuments({ onList: true, updatedAt: { $lt: cutoff() } })
    const backlog = await stale()
    expect(backlog).toBeGreaterThanOrEqual(2)
    expect(await sweepSubjects(taskDeps(app.deps), 1)).toBe(1)
    expect(await stale()).toBe(backlog - 1)
    expect(await sweepSubjects(taskDeps(app.deps), backlog)).toBe(backlog - 1)
    expect(await stale()).toBe(0)
  })
})

describe("the cost of the minute's sweep", () => {
  it('reads the task collection by anything but `_id` once, for the time rescoring and the missed follow-ups alike', async () => {
    await create({ title: '邻里纠纷', category: 'neighbour', riskColour: 'red', parties: [{ name: '郑某', phone: '13700004444' }] })
    clock.advance(2 * DAY)
    const scans = await commandsDuring(
      app.db,
      () => runRiskSweep(taskDeps(app.deps)),
      (e) => e.commandName === 'find' && e.command.find === 'tasks' && !('_id' in (e.command.filter ?? {})),
    )
    expect(scans.map((e) => e.command.filter)).toEqual([{ active: true }])
  })
})
