import type { LeadDetailView } from '@jqtb/shared'
import { connectDb } from '../../bff/src/compose'
import { ManualClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { FEEDBACK_POLICY, runFeedback } from '../../bff/src/leads/feedback'
import { type LeadDeps, leadDeps } from '../../bff/src/leads/store'
import { startTestApp, type TestApp } from '../support/app'
import { testMongoUri } from '../support/db'
import { installKeys, leadsWaitForCentre, pushOk } from '../support/intake'
import { startSimulator, type TestSimulator } from '../support/simulator'
import { as, DISPATCHER, HEJUN } from './tasks-fixtures'

/**
 * 非警务警情流转闭环: when a lead from 110 or 12345 is converted, refused, returned, or its task is
 * signed for or closed, a feedback record goes back to the channel — exactly once per record and move,
 * with about 30 % of the channel's answers failing (busy, 5xx, answers lost after the feedback was
 * applied) and the sending BFF dying mid-run and replaced by two fresh instances.
 */
const NOW = Date.parse('2026-11-24T10:00:00+08:00')
let sim: TestSimulator
let app: TestApp
let clock: ManualClock
const extraDbs: Db[] = []

beforeAll(async () => {
  clock = new ManualClock(NOW)
  sim = await startSimulator({ clock })
  app = await startTestApp({ clock, simulatorUrl: sim.url })
  await installKeys(app)
  // every lead waits for a person here (auto-conversion has its own test)
  await leadsWaitForCentre(app, '测试：全部人工研判')
})
afterAll(async () => {
  for (const db of extraDbs) await db.close().catch(() => {})
  await app.close()
  await sim.close()
})

const call110 = (i: number) => ({
  警情编号: `J3302822026112400${String(i).padStart(4, '0')}`,
  报警时间: '2026/11/24 9:05',
  报警人: `报警人${i}`,
  报警电话: `1390574${String(1000 + i)}`,
  发生地址: `丰园村${i + 1}组${i + 3}号`,
  警情类别: '纠纷-邻里纠纷',
  简要警情: `第${i}起：邻居堆放杂物堵路，双方争吵`,
  是否非警务: '是',
})
const leadOf = async (key: string) => (await app.db.models.IntakeSource.findById(key).lean())?.leadId as string

test('each move of a 110 lead reaches 110 once, through faults and a restart', async () => {
  const N = 14
  await pushOk(
    app,
    '110',
    Array.from({ length: N }, (_, i) => call110(i)),
  )
  const ids: string[] = []
  for (let i = 0; i < N; i++) ids.push(await leadOf(`110:${call110(i).警情编号}`))
  expect(new Set(ids).size).toBe(N)

  // half refused in bulk, a few returned to 110, the rest converted into tasks
  const bulk = await as(app, DISPATCHER)
    .post('/api/intake/leads/bulk')
    .send({ action: 'refuse', leadIds: ids.slice(0, 7), reason: '双方已自行和解，无需受理' })
  expect(bulk.status).toBe(200)
  for (const id of ids.slice(7, 10)) {
    const r = await as(app, DISPATCHER).post(`/api/intake/leads/${id}/return`).send({ reason: '涉嫌违法，属公安管辖' })
    expect(r.status).toBe(200)
  }
  for (const id of ids.slice(10)) {
    const r = await as(app, DISPATCHER).post(`/api/intake/leads/${id}/convert`).send({})
    expect([r.status, r.body.error]).toEqual([200, undefined])
    expect((r.body.lead as LeadDetailView).state).toBe('converted')
  }
  const expected = await app.db.models.LeadFeedback.find({}).lean()
  expect(expected).toHaveLength(N)
  expect(expected.map((e) => e.record.status).sort()).toEqual([...Array(4).fill('accepted'), ...Array(7).fill('refused'), ...Array(3).fill('returned')].sort())
  const returned = expected.find((e) => e.record.status === 'returned')!
  expect(returned.record).toMatchObject({ channel: '110', statusLabel: '已退回', result: '退回110：涉嫌违法，属公安管辖', unit: '110' })

  // a repair that runs the same events again queues nothing twice
  await as(app, DISPATCHER)
    .post('/api/intake/leads/bulk')
    .send({ action: 'refuse', leadIds: ids.slice(0, 7), reason: '双方已自行和解，无需受理' })
  expect(await app.db.models.LeadFeedback.countDocuments({})).toBe(N)

  await sim.fault({ endpoint: 'feedback', kind: 'lost-response', times: 2 })
  await sim.fault({ endpoint: 'feedback', kind: 'lost-response', rate: 0.1 })
  await sim.fault({ endpoint: 'feedback', kind: 'http', status: 503, rate: 0.1 })
  await sim.fault({ endpoint: 'feedback', kind: 'errcode', errcode: 'Throttling', rate: 0.1 })

  const instance = async (): Promise<LeadDeps> => {
    const db = await connectDb(testMongoUri(), app.db.conn.name)
    extraDbs.push(db)
    return { ...leadDeps(app.deps), db }
  }
  // A sends a few and dies in the middle of its run (its connection goes away)
  const a = await instance()
  const run = runFeedback(a).catch(() => null)
  await new Promise((r) => setTimeout(r, 30))
  await a.db.conn.close(true)
  await run
  // two fresh instances take over side by side
  const b = await instance()
  const c = await instance()
  for (let i = 0; i < 30; i++) {
    clock.advance(FEEDBACK_POLICY.leaseMs + 31 * 60_000) // every retry due, every lease expired
    if ((await app.db.models.LeadFeedback.countDocuments({ status: 'pending' })) === 0) break
    await Promise.all([runFeedback(b), runFeedback(c)])
  }
  const entries = await app.db.models.LeadFeedback.find({}).lean()
  expect(entries.filter((e) => e.status !== 'sent').map((e) => [e._id, e.status, e.lastError])).toEqual([])

  const got = sim.state.feedback.received
  expect(got.map((f) => f.feedbackId).sort()).toEqual(entries.map((e) => e._id).sort())
  expect(got.every((f) => f.channel === '110' && f.sourceId.startsWith('J33028220261124'))).toBe(true)
  // the trouble really happened: answers were lost, so copies were sent again and the channel kept one
  expect(sim.state.faults.list()[0].hits).toBe(2)
  expect(sim.state.feedback.duplicates).toBeGreaterThanOrEqual(2)
  const view = await sim.control<{ items: Array<{ status: string }> }>('/intake/feedback?channel=110')
  expect(view.items).toHaveLength(N)
}, 180_000)

test("the task's 签收 and 撤销 go back to the channel of its records", async () => {
  sim.state.faults.clear(1)
  const call = call110(20)
  await pushOk(app, '110', [call])
  const leadId = await leadOf(`110:${call.警情编号}`)
  const conv = await as(app, DISPATCHER).post(`/api/intake/leads/${leadId}/convert`).send({ handler: 'department', department: 'PCS' })
  expect([conv.status, conv.body.error]).toEqual([200, undefined])
  const taskId = (conv.body.lead as LeadDetailView).taskId!
  const signed = await as(app, HEJUN).post(`/api/tasks/${taskId}/sign`).send({})
  expect([signed.status, signed.body.error]).toEqual([200, undefined])
  const cancelled = await as(app, DISPATCHER).post(`/api/tasks/${taskId}/cancel`).send({ closureCode: 'withdrawn', reason: '当事人撤回诉求' })
  expect([cancelled.status, cancelled.body.error]).toEqual([200, undefined])
  clock.advance(1000)
  await runFeedback(leadDeps(app.deps))
  const mine = sim.state.feedback.received.filter((f) => f.sourceId === call.警情编号)
  // each carries its own time: under retries the channel orders them by \`at\`, not by arrival
  expect(mine.map((f) => f.status).sort()).toEqual(['accepted', 'cancelled', 'signed'])
  expect(mine.find((f) => f.status === 'signed')).toMatchObject({ statusLabel: '已签收', unit: expect.stringContaining('派出所') })
  expect(mine.find((f) => f.status === 'cancelled')).toMatchObject({ statusLabel: '已撤销', result: '当事人撤回：当事人撤回诉求' })
})

test("a lead added to an existing task (并入已有工单) hears that task's 签收 and 撤销 in its own name", async () => {
  const first = call110(30)
  const later = { ...call110(31), 报警时间: '2026/11/24 9:40', 简要警情: '第31起：同一处杂物堵路，又有人报警' }
  await pushOk(app, '110', [first, later])
  const origin = await leadOf(`110:${first.警情编号}`)
  const added = await leadOf(`110:${later.警情编号}`)
  expect(added).not.toBe(origin)
  const conv = await as(app, DISPATCHER).post(`/api/intake/leads/${origin}/convert`).send({ handler: 'department', department: 'PCS' })
  expect([conv.status, conv.body.error]).toEqual([200, undefined])
  const taskId = (conv.body.lead as LeadDetailView).taskId!
  const attach = await as(app, DISPATCHER).post(`/api/intake/leads/${added}/attach`).send({ taskId })
  expect([attach.status, attach.body.error]).toEqual([200, undefined])
  const signed = await as(app, HEJUN).post(`/api/tasks/${taskId}/sign`).send({})
  expect([signed.status, signed.body.error]).toEqual([200, undefined])
  const cancelled = await as(app, DISPATCHER).post(`/api/tasks/${taskId}/cancel`).send({ closureCode: 'withdrawn', reason: '当事人撤回诉求' })
  expect([cancelled.status, cancelled.body.error]).toEqual([200, undefined])
  clock.advance(1000)
  await runFeedback(leadDeps(app.deps))
  const theirs = sim.state.feedback.received.filter((f) => f.sourceId === later.警情编号)
  // 并入 itself, then the task's moves — each once, naming the lead the record belongs to
  expect(theirs.map((f) => f.status).sort()).toEqual(['attached', 'cancelled', 'signed'])
  expect(theirs.every((f) => f.leadId === added)).toBe(true)
  const originals = sim.state.feedback.received.filter((f) => f.sourceId === first.警情编号)
  expect(originals.map((f) => f.status).sort()).toEqual(['accepted', 'cancelled', 'signed'])
  expect(originals.every((f) => f.leadId === origin)).toBe(true)
})
