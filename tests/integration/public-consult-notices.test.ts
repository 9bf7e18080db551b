/**
 * 法律咨询's work notices: a new question is announced once to the people tagged 专科医生 (nobody else),
 * with a link to its page; an unanswered question past its 2-day SLA gets one reminder (to them and the
 * centre) — with two BFF instances sweeping side by side, retries, and the outbox sending through the
 * DingTalk simulator: each person gets each notice once. A question answered meanwhile is neither
 * reminded nor announced late. The answerers' page API: the queue (open first, oldest due first, overdue
 * marked, answered ones after), one question, and a second answer refused with a sentence.
 */
import { randomUUID } from 'node:crypto'
import { CONSULTATION_SLA_MS } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { OUTBOX_POLICY, runOutboxOnce } from '../../bff/src/notifications/worker'
import { consultPage, sweepConsultations } from '../../bff/src/public/consult-notices'
import { startTestApp, type TestApp } from '../support/app'
import { startSimulator, type TestSimulator } from '../support/simulator'
import { citizen, loginCitizen } from './public-fixtures'
import { as, DISPATCHER, WANGLI, XUMING } from './tasks-fixtures'

const NOW = Date.parse('2026-11-20T10:00:00+08:00')
const MAJIE = 'u-majie'
const LAWYERS = [MAJIE, XUMING].sort()
const clock = new ManualClock(NOW)
let sim: TestSimulator
let app: TestApp
let second: TestApp
let token: string

beforeAll(async () => {
  sim = await startSimulator({ clock })
  app = await startTestApp({ clock, simulatorUrl: sim.url })
  second = await startTestApp({ clock, simulatorUrl: sim.url, sameDatabaseAs: app })
  for (const id of LAWYERS) await app.db.models.User.updateOne({ _id: id }, { $addToSet: { tags: '专科医生' } })
  token = await loginCitizen(app, '13905746666')
}, 120_000)
afterAll(async () => {
  await second?.close()
  await app?.close()
  await sim?.close()
})

const ask = async (question: string, requestId = randomUUID()) => {
  const res = await citizen(app, token).post('/api/public/consultations', { requestId, topic: 'labour', question })
  expect([200, 201]).toContain(res.status)
  return res.body.consultation.id as string
}
const outboxOf = (id: string) => app.db.models.Outbox.find({ _id: { $regex: `^consult:${id}:` } }).lean()
/** Both instances sweep at the same moment, twice (a retry). */
const sweepBoth = async () => {
  for (let i = 0; i < 2; i++) await Promise.all([sweepConsultations(app.deps), sweepConsultations(second.deps)])
}
/** Both instances send what is due until nothing is pending. */
async function deliver() {
  for (let i = 0; i < 10; i++) {
    await Promise.all([runOutboxOnce(app.deps, { workerId: 'a' }), runOutboxOnce(second.deps, { workerId: 'b' })])
    if ((await app.db.models.Outbox.countDocuments({ status: 'pending' })) === 0) return
    clock.advance(OUTBOX_POLICY.maxDelayMs + 1000)
  }
}
const received = (userId: string, text: string) => sim.state.messages.filter((m) => m.userId === userId && JSON.stringify(m.msg).includes(text))

describe('法律咨询 work notices', () => {
  let id: string

  it('a new question is announced once to the people tagged 专科医生, with a link to its page', async () => {
    const requestId = randomUUID()
    id = await ask('老板拖了我两个月工资，我能去哪里讨？', requestId)
    // the same form sent again is the same question: no second notice
    expect(await ask('老板拖了我两个月工资，我能去哪里讨？', requestId)).toBe(id)
    const outbox = await outboxOf(id)
    expect(outbox.map((o) => [o._id, o.template, [...o.recipients].sort(), o.page])).toEqual([
      [`consult:${id}:asked`, 'consult_asked', LAWYERS, consultPage(id)],
    ])
    clock.advance(2 * 60_000)
    await sweepBoth() // the sweep finds the notice there: nothing more
    expect(await outboxOf(id)).toHaveLength(1)
    await deliver()
    for (const u of LAWYERS) expect(received(u, '新的法律咨询')).toHaveLength(1)
    for (const u of [DISPATCHER, WANGLI]) expect(received(u, '新的法律咨询')).toHaveLength(0)
    const msg = JSON.stringify(received(MAJIE, '新的法律咨询')[0].msg)
    expect(msg).toContain('pages/consult/question/index')
    // the citizen's words and number stay out of the DingTalk message
    expect(msg).not.toMatch(/拖了我两个月|13905746666/)
  })

  it('past its SLA unanswered: one reminder to the tagged people and the centre, however many sweeps on however many instances', async () => {
    clock.advance(CONSULTATION_SLA_MS)
    await sweepBoth()
    const reminders = (await outboxOf(id)).filter((o) => o.template === 'consult_overdue')
    expect(reminders).toHaveLength(1)
    expect([...reminders[0].recipients].sort()).toEqual([...new Set([...LAWYERS, DISPATCHER, 'u-liugang'])].sort())
    clock.advance(60 * 60_000)
    await sweepBoth()
    expect((await outboxOf(id)).filter((o) => o.template === 'consult_overdue')).toHaveLength(1)
    await deliver()
    for (const u of [...LAWYERS, DISPATCHER]) expect(received(u, '法律咨询已超时')).toHaveLength(1)
    expect(received(WANGLI, '法律咨询已超时')).toHaveLength(0)
  })

  it('a question answered in time gets no reminder; a notice a crash lost is queued by the sweep, and dropped if answered before it is sent', async () => {
    const answeredId = await ask('宅基地边界和邻居有争议怎么办？')
    expect((await as(app, XUMING).post(`/api/consultations/${answeredId}/answer`, { answer: '可以先申请村委会调解，再向乡镇人民政府申请处理。' })).status).toBe(
      200,
    )
    // a question stored, then the BFF died before its notice (no outbox entry)
    const lostId = await ask('交通事故对方不赔钱，怎么办？')
    await app.db.models.Outbox.deleteOne({ _id: `consult:${lostId}:asked` })
    clock.advance(2 * 60_000)
    await sweepBoth()
    expect((await outboxOf(lostId)).map((o) => o._id)).toEqual([`consult:${lostId}:asked`])
    // answered before the worker got to it: dropped as stale, not sent
    expect((await as(app, MAJIE).post(`/api/consultations/${lostId}/answer`, { answer: '可以申请交警调解，或向法院起诉，保存好事故认定书。' })).status).toBe(
      200,
    )
    const before = received(XUMING, '新的法律咨询').length
    await deliver()
    expect(received(XUMING, '新的法律咨询')).toHaveLength(before)
    expect((await app.db.models.Outbox.findById(`consult:${lostId}:asked`).lean())?.status).not.toBe('sent')
    clock.advance(CONSULTATION_SLA_MS + 60_000)
    await sweepBoth()
    expect((await outboxOf(answeredId)).filter((o) => o.template === 'consult_overdue')).toHaveLength(0)
    expect((await outboxOf(lostId)).filter((o) => o.template === 'consult_overdue')).toHaveLength(0)
  })
})

describe('the answerers’ page API', () => {
  it('the queue: open questions oldest due first with overdue marked, answered ones after; counts for the start page', async () => {
    const fresh = await ask('离婚后孩子抚养费对方不给怎么办？')
    const queue = await as(app, MAJIE).get('/api/consultations')
    expect(queue.status).toBe(200)
    const items = queue.body.items as Array<{ id: string; overdue: boolean; answer: string | null; dueAt: string }>
    const open = items.filter((q) => !q.answer)
    expect(open.map((q) => q.dueAt)).toEqual([...open.map((q) => q.dueAt)].sort())
    expect(items.findIndex((q) => q.answer)).toBeGreaterThanOrEqual(open.length)
    expect(open.find((q) => q.id === fresh)?.overdue).toBe(false)
    expect(open.some((q) => q.overdue)).toBe(true)
    expect(queue.body.open).toBe(open.length)
    expect(queue.body.overdue).toBe(open.filter((q) => q.overdue).length)
    // the page a notice opens: one question; unknown ids 404, a malformed id 400, untagged staff 403
    const one = await as(app, XUMING).get(`/api/consultations/${fresh}`)
    expect(one.body).toMatchObject({ id: fresh, question: '离婚后孩子抚养费对方不给怎么办？', answer: null, overdue: false })
    expect((await as(app, XUMING).get('/api/consultations/Q000000000000000')).status).toBe(404)
    expect((await as(app, XUMING).get('/api/consultations/nope')).status).toBe(400)
    expect((await as(app, WANGLI).get(`/api/consultations/${fresh}`)).status).toBe(403)
  })

  it('a second answer is a 409 with a sentence to show; the question then reads answered for everyone', async () => {
    const qid = await ask('租房押金房东不退怎么办？')
    expect((await as(app, MAJIE).post(`/api/consultations/${qid}/answer`, { answer: '可以先协商，协商不成可申请人民调解或起诉。' })).status).toBe(200)
    const late = await as(app, XUMING).post(`/api/consultations/${qid}/answer`, { answer: '另一个解答' })
    expect(late.status).toBe(409)
    expect(late.body.error.message).toBe('这条咨询已经有人解答了，请刷新查看')
    const one = await as(app, XUMING).get(`/api/consultations/${qid}`)
    expect(one.body.answer).toBe('可以先协商，协商不成可申请人民调解或起诉。')
    const queue = (await as(app, XUMING).get('/api/consultations')).body.items as Array<{ id: string; answer: string | null }>
    expect(queue.find((q) => q.id === qid)?.answer).toEqual(expect.any(String))
  })
})
