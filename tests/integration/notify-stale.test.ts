/**
 * Stale notices (issue 8, item 5 / brief item 7): a work notice that keeps failing is retried at most two minutes
 * apart when it asks someone to act, and one whose moment has passed by the time it could go out (the task was
 * signed, re-routed, closed) is dropped with the reason on its outbox entry — never delivered late as news.
 */
import { ManualClock } from '../../bff/src/infra/clock'
import { runOutboxOnce } from '../../bff/src/notifications/worker'
import { startTestApp, type TestApp } from '../support/app'
import { startSimulator, type TestSimulator } from '../support/simulator'
import { as, DISPATCHER, HEJUN } from './tasks-fixtures'

const START = Date.parse('2026-11-27T00:00:00Z')
let clock: ManualClock
let sim: TestSimulator
let app: TestApp

beforeAll(async () => {
  clock = new ManualClock(START)
  sim = await startSimulator({ clock })
  app = await startTestApp({ clock, simulatorUrl: sim.url, env: { PUBLIC_URL: 'https://jqtb.example.gov.cn/' } })
})
afterAll(async () => {
  await app.close()
  await sim.close()
})

const routedTask = async (title: string) => {
  const res = await as(app, DISPATCHER).post('/api/tasks', {
    title,
    description: '夜间施工噪音扰民，需派出所签收处置。',
    category: 'noise',
    tier: 'general',
    territory: 'GT-01-01',
    department: 'PCS',
  })
  expect(res.status).toBe(201)
  const id = res.body.task.id as string
  const entry = await app.db.models.Outbox.findOne({ subject: id, template: 'task_routed' }).lean()
  expect(entry?.recipients).toContain(HEJUN)
  return { id, key: entry?._id as string }
}
const entry = (key: string) => app.db.models.Outbox.findById(key).lean()
/** runs the worker once the entry is due again, as the 2-second job would */
async function attempt(key: string) {
  const due = (await entry(key))?.nextAttemptAt
  if (due && due.getTime() > clock.now().getTime()) clock.set(due.getTime())
  return runOutboxOnce(app.deps)
}
const delivered = (taskNo: string) => sim.state.messages.filter((m) => m.userId === HEJUN && JSON.stringify(m.msg).includes(taskNo))

it('"please sign" that keeps failing is retried at most ~2 minutes apart, then dropped once the task is signed: the reason is on the entry', async () => {
  const { id, key } = await routedTask('签收前一直发不出去的通知')
  await sim.fault({ endpoint: 'asyncsend_v2', kind: 'errcode', errcode: -1 }) // DingTalk busy, every time
  const gaps: number[] = []
  for (let i = 0; i < 7; i++) {
    await attempt(key)
    const e = await entry(key)
    if (!e) throw new Error('the outbox entry is gone')
    expect(e.status).toBe('pending')
    gaps.push(e.nextAttemptAt.getTime() - clock.now().getTime())
  }
  // 10 s doubling, but capped: never more than 2 min (+20 % jitter) between tries, where it would have grown to 10 min
  expect(Math.max(...gaps)).toBeLessThanOrEqual(2.4 * 60_000)
  expect(Math.max(...gaps)).toBeGreaterThan(90_000)

  // the lead signs in the mini-app meanwhile; DingTalk recovers; the old "please sign" must not arrive now
  expect((await as(app, HEJUN).post(`/api/tasks/${id}/sign`, {})).status).toBe(200)
  await sim.control('/faults', undefined, 'DELETE')
  const report = await attempt(key)
  expect(report.dropped).toBe(1)
  const dropped = await entry(key)
  expect(dropped).toMatchObject({ status: 'dropped', droppedReason: expect.stringMatching(/已签收|无需再签收/) })
  const last = await app.db.models.OutboxAttempt.find({ outboxId: key }).sort({ n: -1 }).limit(1).lean()
  expect(last[0]).toMatchObject({ outcome: 'dropped', error: dropped?.droppedReason })
  const taskNo = (await app.db.models.Task.findById(id).lean())?.taskNo as string
  expect(delivered(taskNo)).toEqual([])
  // and nothing picks it up again
  clock.advance(3_600_000)
  expect((await runOutboxOnce(app.deps)).sent).toBe(0)
  expect(delivered(taskNo)).toEqual([])
})

it('a "please sign" that is still current after its retries is delivered', async () => {
  const { id, key } = await routedTask('签收前发送失败两次的通知')
  await sim.fault({ endpoint: 'asyncsend_v2', kind: 'errcode', errcode: -1, times: 2 })
  for (let i = 0; i < 3; i++) await attempt(key)
  expect((await entry(key))?.status).toBe('sent')
  const taskNo = (await app.db.models.Task.findById(id).lean())?.taskNo as string
  expect(delivered(taskNo)).toHaveLength(1)
})

it('a notice to someone who no longer holds the task is dropped (assigned, then reassigned before it went out)', async () => {
  const { id, key } = await routedTask('指派后又改派的工单')
  await attempt(key)
  expect((await as(app, HEJUN).post(`/api/tasks/${id}/sign`, {})).status).toBe(200)
  await sim.fault({ endpoint: 'asyncsend_v2', kind: 'errcode', errcode: -1 })
  expect((await as(app, HEJUN).post(`/api/tasks/${id}/assign`, { userId: 'u-xuming' })).status).toBe(200)
  const assigned = await app.db.models.Outbox.findOne({ subject: id, template: 'task_assigned' }).lean()
  expect(assigned?.recipients).toEqual(['u-xuming'])
  await attempt(assigned?._id as string)
  expect((await as(app, HEJUN).post(`/api/tasks/${id}/assign`, { userId: HEJUN, replaceUserId: 'u-xuming' })).status).toBeLessThan(300)
  await sim.control('/faults', undefined, 'DELETE')
  await attempt(assigned?._id as string)
  expect(await entry(assigned?._id as string)).toMatchObject({ status: 'dropped', droppedReason: '接收人已不再承办该工单' })
})
