/**
 * 法律咨询: a citizen asks; staff tagged 专科医生 (or the centre) answer once, the citizen gets an SMS and
 * reads the answer; others may not; either side turns a question into a dispute, once.
 */
import { randomUUID } from 'node:crypto'
import { startTestApp, type TestApp } from '../support/app'
import { citizen, loginCitizen } from './public-fixtures'
import { as, DISPATCHER, WANGLI, XUMING } from './tasks-fixtures'

let app: TestApp
let token: string

beforeAll(async () => {
  app = await startTestApp()
  await app.db.models.User.updateOne({ _id: XUMING }, { $set: { tags: ['专科医生'] } })
  token = await loginCitizen(app, '13905745555')
})
afterAll(async () => app.close())

describe('法律咨询', () => {
  it('a question is answered once by a tagged lawyer; the citizen gets an SMS and reads the answer', async () => {
    const body = { requestId: randomUUID(), topic: 'labour', question: '老板拖了我两个月工资，我能去哪里讨？' }
    const asked = await citizen(app, token).post('/api/public/consultations', body)
    expect(asked.status).toBe(201)
    expect((await citizen(app, token).post('/api/public/consultations', body)).body.created).toBe(false)
    const id = asked.body.consultation.id
    expect((await as(app, WANGLI).get('/api/consultations')).status).toBe(403)
    const queue = await as(app, XUMING).get('/api/consultations')
    expect(queue.body.items.map((q: { id: string }) => q.id)).toContain(id)
    const [a, b] = await Promise.all([
      as(app, XUMING).post(`/api/consultations/${id}/answer`, { answer: '可以向劳动保障监察投诉，或申请劳动仲裁，带好工资条和考勤记录。' }),
      as(app, DISPATCHER).post(`/api/consultations/${id}/answer`, { answer: '请到社会治理中心窗口登记，我们帮您联系劳动监察。' }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const mine = (await citizen(app, token).get('/api/public/consultations')).body.items[0]
    expect(mine.answer).toEqual(expect.any(String))
    expect(JSON.stringify(mine)).not.toMatch(/许明|赵燕|u-/)
    expect(await app.db.models.SmsOutbox.countDocuments({ template: 'public_answer' })).toBe(1)
  })

  it('turns a question into a dispute once, from either side; another citizen cannot', async () => {
    const asked = await citizen(app, token).post('/api/public/consultations', {
      requestId: randomUUID(),
      topic: 'family',
      question: '兄弟不肯出赡养费，我该怎么办？',
    })
    const id = asked.body.consultation.id
    const other = await loginCitizen(app, '13905745556')
    expect((await citizen(app, other).post(`/api/public/consultations/${id}/dispute`)).status).toBe(404)
    const first = await citizen(app, token).post(`/api/public/consultations/${id}/dispute`)
    const second = await as(app, XUMING).post(`/api/consultations/${id}/dispute`)
    expect(first.body.code).toMatch(/^GZ/)
    expect(second.body.code).toBe(first.body.code)
    expect((await citizen(app, token).get(`/api/public/cases/${first.body.code}`)).body.content).toContain('赡养费')
    expect(await app.db.models.IntakeSource.countDocuments({ _id: `public:${first.body.code}` })).toBe(1)
  })
})
