/** POST /api/reports: 自处理上报 goes straight to review; 直接上报 goes to the centre. */
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { photo as makePhoto } from '../support/images'
import { as, DISPATCHER, detail, WANGLI } from './tasks-fixtures'

let app: TestApp
let JPEG: Buffer
beforeAll(async () => {
  app = await startTestApp()
  JPEG = await makePhoto()
})
afterAll(async () => app.close())

const base = { title: '楼道堆物', description: '三单元楼道堆放纸箱，堵塞消防通道', category: 'public_order' }

describe('自处理上报 (already fixed on the spot)', () => {
  it('becomes a task the reporter holds, with the handling as progress, waiting for review', async () => {
    const photo = await request(app.url).post('/api/files').set(authHeader(app, WANGLI)).attach('file', JPEG, 'a.jpg')
    const res = await as(app, WANGLI).post('/api/reports', {
      ...base,
      kind: 'self_handled',
      handlingNote: '已联系住户当场清理完毕',
      photos: [photo.body.id],
      location: { lat: 30.19, lng: 121.22, accuracy: 15 },
    })
    expect(res.status).toBe(201)
    const task = res.body.task
    expect(task.state).toBe('submitted')
    expect(task.origin).toBe('self_report')
    expect(task.territory.code).toBe('GT-01-01')
    expect(task.reporter).toEqual({ id: WANGLI, name: '王丽' })
    expect(task.holders.map((h: { userId: string; via: string }) => [h.userId, h.via])).toEqual([[WANGLI, 'self_report']])
    const d = await detail(app, task.id)
    expect(d.timeline.map((e) => e.type)).toEqual(['created', 'progress', 'submitted'])
    expect(d.timeline[1].data.photos).toHaveLength(1)
    // someone else reviews it: the community, or the centre — never the reporter
    expect((await as(app, WANGLI).post(`/api/tasks/${task.id}/review`, { decision: 'accept', rating: 5 })).status).toBe(403)
    const accepted = await as(app, 'u-linfang').post(`/api/tasks/${task.id}/review`, { decision: 'accept', rating: 5 })
    expect(accepted.body.task.state).toBe('closed')
  })

  it('needs the handling note (400)', async () => {
    const res = await as(app, WANGLI).post('/api/reports', { ...base, kind: 'self_handled' })
    expect(res.status).toBe(400)
    expect(res.body.error.details.fields[0].path).toBe('handlingNote')
  })
})

describe('直接上报 (for the centre to dispatch)', () => {
  it('waits for the centre in 待分拨, visible to the reporter', async () => {
    const res = await as(app, WANGLI).post('/api/reports', { ...base, kind: 'direct', territory: 'GT-01-01-02' })
    expect(res.status).toBe(201)
    expect(res.body.task.state).toBe('draft')
    expect(res.body.task.origin).toBe('direct_report')
    expect(res.body.task.actions).toEqual([])
    const centre = await as(app, DISPATCHER).get(`/api/tasks/${res.body.task.id}`)
    expect(centre.body.actions).toEqual(expect.arrayContaining(['route', 'publish', 'assign']))
    const mine = await as(app, WANGLI).get('/api/tasks?view=mine')
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(res.body.task.id)
    const notice = await app.db.models.Outbox.find({ template: 'task_reported', 'data.taskNo': res.body.task.taskNo }).lean()
    expect(notice).toHaveLength(1)
    expect(notice[0].recipients).toContain(DISPATCHER)
    expect(notice[0].data.by).toBe('王丽')
  })

  it('refuses a report outside the reporter’s territory (403) and from roles that do not report (403)', async () => {
    const outside = await as(app, WANGLI).post('/api/reports', { ...base, kind: 'direct', territory: 'GT-02-01' })
    expect(outside.status).toBe(403)
    expect(outside.body.error.code).toBe('OUT_OF_TERRITORY')
    expect((await as(app, 'u-hejun').post('/api/reports', { ...base, kind: 'direct' })).status).toBe(403)
  })
})
