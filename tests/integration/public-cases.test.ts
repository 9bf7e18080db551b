/**
 * A citizen's dispute from filing to 回访: it enters intake as a 公众上报 record, the desk opens it by
 * its case code and accepts it into a task, and the citizen follows public milestones only — the test
 * walks the JSON of the case at every milestone for anything internal — with one SMS per milestone,
 * however often the task's events are delivered. Then the rating: once per case, even at the same
 * moment, 不满意 opening a follow-up and both events published; no answer in 3 days → phone 回访.
 */
import request from 'supertest'
import { DOMAINS } from '../../bff/src/domains'
import { ManualClock } from '../../bff/src/infra/clock'
import { settleDeferred } from '../../bff/src/kernel/background'
import { defineDomain } from '../../bff/src/kernel/domain'
import type { FollowupRated, FollowupUnsatisfied } from '../../bff/src/public/events'
import { sweepFollowups } from '../../bff/src/public/followups'
import { onTaskAppended } from '../../bff/src/public/milestones'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { citizen, dispute, fileDispute, internalIn, leadsWaitForCentre, loginCitizen } from './public-fixtures'
import { as, DISPATCHER, WANGLI } from './tasks-fixtures'

let app: TestApp
const clock = new ManualClock(new Date('2026-12-03T02:00:00Z'))
const rated: FollowupRated[] = []
const unsatisfied: FollowupUnsatisfied[] = []

/** Stands in for the indices and risk domains: hears what the citizen's side publishes. */
const listenerDomain = defineDomain({
  name: 'listening',
  listeners: () => [
    { topic: 'followup.rated', name: 'test.rated', handle: async (p) => void rated.push(p) },
    { topic: 'followup.unsatisfied', name: 'test.unsatisfied', handle: async (p) => void unsatisfied.push(p) },
  ],
})

beforeAll(async () => {
  app = await startTestApp({ clock, domains: [...DOMAINS, listenerDomain] })
  // the filings wait in 研判 for the desk (the routing table converting them is public-lead.test.ts)
  await leadsWaitForCentre(app)
})
afterAll(async () => app.close())

const INTERNAL_NOTE = '内部：当事人情绪激动，注意安全'
const REVIEW_NOTE = '审核意见：材料齐全'

async function publicView(token: string, code: string) {
  const res = await citizen(app, token).get(`/api/public/cases/${code}`)
  expect(res.status).toBe(200)
  expect(internalIn({ ...res.body, qrSvg: undefined }, [INTERNAL_NOTE, REVIEW_NOTE, '赵燕', '王丽', 'JQ2026', '红色', '黄色', '预警'])).toEqual([])
  return res.body
}

// the milestones are recorded just after each task command answers (kernel/background.ts)
const milestoneTexts = async (code: string) => {
  await settleDeferred(app.db)
  return app.db.models.SmsOutbox.find({ template: 'public_milestone', 'data.code': code }).lean()
}

describe('a citizen’s dispute, filed to rated', () => {
  let token: string
  let code: string
  let taskId: string

  it('files into intake as its own channel 公众上报 and answers a case code with a QR code; the same form twice is one case', async () => {
    token = await loginCitizen(app, '13905749999')
    const body = dispute()
    const first = await citizen(app, token).post('/api/public/cases', body)
    expect(first.status).toBe(201)
    code = first.body.code
    expect(code).toMatch(/^GZ[2-9A-HJKMNP-Z]{8}$/)
    const again = await citizen(app, token).post('/api/public/cases', body)
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ code, created: false })
    const source = await app.db.models.IntakeSource.findById(`public:${code}`).lean()
    expect(source?.channel).toBe('public')
    expect(source?.categoryCode).toBe('neighbour.general')
    expect(JSON.stringify(source)).not.toContain('13905749999') // the number is encrypted in intake too
    const view = await publicView(token, code)
    expect(view.qrSvg).toMatch(/^<svg/)
    expect(view.timeline.map((m: { label: string }) => m.label)).toEqual(['已提交'])
  })

  it('refuses a filing without what happened or where (400), and no login (401)', async () => {
    const res = await citizen(app, token).post('/api/public/cases', dispute({ content: '啊', community: undefined, addressNote: undefined }))
    expect(res.status).toBe(400)
    expect((await request(app.url).post('/api/public/cases').send(dispute())).status).toBe(401)
  })

  it('the desk opens it by its code (typed with spaces in lower case) and accepts it into a task once', async () => {
    const typed = `${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`
    const desk = await as(app, DISPATCHER).get(`/api/public-cases/${encodeURIComponent(typed)}`)
    expect(desk.status).toBe(200)
    expect(desk.body).toMatchObject({ code, intakeKey: `public:${code}`, taskId: null, milestoneLabel: '已提交' })
    expect(desk.body.territory.code).toMatch(/^GT-01/)
    const [a, b] = await Promise.all([
      as(app, DISPATCHER).post(`/api/public-cases/${code}/accept`, {}),
      as(app, DISPATCHER).post(`/api/public-cases/${code}/accept`, {}),
    ])
    expect(a.status).toBe(200)
    expect(b.body.taskId).toBe(a.body.taskId)
    taskId = a.body.taskId
    const task = await app.db.models.Task.findById(taskId).lean()
    expect(task?.sourceRef).toBe(code)
    expect((await as(app, DISPATCHER).get('/api/public-cases/GZ23456789')).status).toBe(404)
  })

  it('shows public milestones only, at every step of the task, with one SMS each', async () => {
    let view = await publicView(token, code)
    expect(view.milestoneLabel).toBe('已受理')
    expect((await as(app, DISPATCHER).post(`/api/tasks/${taskId}/assign`, { userId: WANGLI, note: '派给王丽' })).status).toBe(200)
    view = await publicView(token, code)
    expect(view.timeline.at(-1).label).toBe('已分派至网格工作人员')
    expect((await as(app, WANGLI).post(`/api/tasks/${taskId}/progress`, { kind: 'mediation', note: INTERNAL_NOTE })).status).toBe(200)
    view = await publicView(token, code)
    expect(view.milestoneLabel).toBe('调解中')
    expect((await as(app, WANGLI).post(`/api/tasks/${taskId}/submit`, { note: '双方达成一致，楼上修好防水' })).status).toBe(200)
    const review = await as(app, DISPATCHER).post(`/api/tasks/${taskId}/review`, { decision: 'accept', rating: 5, closureCode: 'mediated', note: REVIEW_NOTE })
    expect(review.status).toBe(200)
    view = await publicView(token, code)
    expect(view.timeline.map((m: { label: string }) => m.label)).toEqual(['已提交', '已受理', '已分派至网格工作人员', '调解中', '已办结'])
    expect(view.timeline.at(-1).text).toBe('已办结：调解成功，双方达成一致。')
    expect(view.canRate).toBe(true)

    const texts = await milestoneTexts(code)
    expect(texts.map((t) => t.data.status).sort()).toHaveLength(5)
    // deliver every event of the task again (delivery is at least once): still one text per milestone
    const events = await app.db.models.TaskEvent.find({ taskId }).sort({ seq: 1 }).lean()
    const task = await app.db.models.Task.findById(taskId).lean()
    for (const e of events) await onTaskAppended(app.deps, { event: { ...e, id: e._id } as never, before: null, after: { ...task, id: taskId } as never })
    expect(await milestoneTexts(code)).toHaveLength(5)
    expect(await app.db.models.PublicMilestone.countDocuments({ code })).toBe(5)
    expect(await app.db.models.SmsOutbox.countDocuments({ template: 'public_rating', 'data.code': code })).toBe(1)
  })

  it('takes one rating per case, even when several arrive at the same moment; 不满意 opens a follow-up and is published', async () => {
    const link = (await app.db.models.SmsOutbox.findOne({ template: 'public_rating', 'data.code': code }).lean())!.data.link
    const tokenInLink = String(link).split('#/rate/')[1]
    const [viaApp, viaLink, viaApp2] = await Promise.all([
      citizen(app, token).post(`/api/public/cases/${code}/rating`, { rating: 'unsatisfied', comment: '楼上还在漏' }),
      request(app.url).post(`/api/public/ratings/${tokenInLink}`).send({ rating: 'satisfied' }),
      citizen(app, token).post(`/api/public/cases/${code}/rating`, { rating: 'basic' }),
    ])
    const results = [viaApp, viaLink, viaApp2].map((r) => r.body.result)
    expect(results.filter((r) => r === 'recorded')).toHaveLength(1)
    expect(results.filter((r) => r === 'already')).toHaveLength(2)
    expect(await app.db.models.PublicRating.countDocuments({ _id: code })).toBe(1)
    const winner = (await app.db.models.PublicRating.findById(code).lean())!
    expect(rated.filter((r) => r.caseCode === code)).toEqual([
      expect.objectContaining({ rating: winner.rating, taskId, satisfied: winner.rating !== 'unsatisfied' }),
    ])
    const followup = await app.db.models.PublicFollowup.findById(`${code}:unsatisfied`).lean()
    if (winner.rating === 'unsatisfied') {
      expect(followup?.state).toBe('open')
      expect(unsatisfied.map((u) => u.caseCode)).toEqual([code])
    } else expect(followup).toBeNull()
    const view = await publicView(token, code)
    expect(view.canRate).toBe(false)
    expect(view.rating.rating).toBe(winner.rating)
  })

  it('a case closed without an answer goes to the phone 回访 queue after 3 days; the call records the rating the same way', async () => {
    const t2 = await loginCitizen(app, '13905748888')
    const c2 = await fileDispute(app, t2, { category: 'wages', content: '包工头拖欠三个月工资不给', addressNote: '古塘工业园区兴业路18号' })
    const accept = await as(app, DISPATCHER).post(`/api/public-cases/${c2}/accept`, {})
    const id2 = accept.body.taskId as string
    expect((await as(app, DISPATCHER).post(`/api/tasks/${id2}/cancel`, { closureCode: 'resolved', reason: '当事人已自行协商解决' })).status).toBe(200)
    expect((await as(app, DISPATCHER).get('/api/followups')).body.items.map((f: { code: string }) => f.code)).not.toContain(c2)
    // the 已办结 milestone is recorded just after the cancel answers (kernel/background.ts)
    await settleDeferred(app.db)
    clock.advance(3 * 24 * 3_600_000 + 1000)
    await sweepFollowups(app.deps)
    const queue = (await as(app, DISPATCHER).get('/api/followups')).body.items
    expect(queue).toEqual(expect.arrayContaining([expect.objectContaining({ code: c2, kind: 'phone', citizenPhoneMasked: '139****8888' })]))
    const call = await as(app, DISPATCHER).post(`/api/followups/${c2}/phone`, { reached: true, rating: 'satisfied', comment: '电话回访满意' })
    expect(call.body.result).toBe('recorded')
    expect((await as(app, DISPATCHER).get('/api/followups')).body.items.map((f: { code: string }) => f.code)).not.toContain(c2)
    expect(rated.find((r) => r.caseCode === c2)).toMatchObject({ via: 'phone', rating: 'satisfied', satisfied: true })
    expect((await citizen(app, t2).post(`/api/public/cases/${c2}/rating`, { rating: 'unsatisfied' })).body.result).toBe('already')
  })

  it('a place the gazetteer cannot pin needs the desk to name the territory when accepting', async () => {
    const unsure = await fileDispute(app, token, { community: undefined, addressNote: '不知道叫什么路，菜市场旁边' })
    expect((await as(app, DISPATCHER).get(`/api/public-cases/${unsure}`)).body.territory).toBeNull()
    const refused = await as(app, DISPATCHER).post(`/api/public-cases/${unsure}/accept`, {})
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toMatch(/指定属地/)
    const malformed = await as(app, DISPATCHER).post(`/api/public-cases/${unsure}/accept`, { territory: '新城社区' })
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const unknown = await as(app, DISPATCHER).post(`/api/public-cases/${unsure}/accept`, { territory: 'GT-99' })
    expect([unknown.status, unknown.body.error.message]).toEqual([422, '区域 GT-99 不存在'])
    expect((await app.db.models.PublicCase.findById(unsure).lean())?.taskId).toBeUndefined()
    const ok = await as(app, DISPATCHER).post(`/api/public-cases/${unsure}/accept`, { territory: 'GT-02' })
    expect(ok.status).toBe(200)
    expect((await app.db.models.Task.findById(ok.body.taskId).lean())?.territory.code).toBe('GT-02')
  })

  it('a case not yet closed cannot be rated (422); only the centre works the queue (403)', async () => {
    const c3 = await fileDispute(app, token)
    expect((await citizen(app, token).post(`/api/public/cases/${c3}/rating`, { rating: 'satisfied' })).status).toBe(422)
    expect((await request(app.url).get('/api/followups').set(authHeader(app, WANGLI))).status).toBe(403)
  })
})
