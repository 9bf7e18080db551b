/**
 * A form sent again — the answer was lost on a weak signal and the app retried, or a double tap sent
 * it twice at once — with the same `requestId` creates one task, one report, one progress record.
 */
import { randomUUID } from 'node:crypto'
import { startTestApp, type TestApp } from '../support/app'
import { as, baseTask, CHENQIANG, DISPATCHER, publishedTask, WANGLI } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => app.close())

const tasksTitled = (title: string) => app.db.models.Task.countDocuments({ title })

describe('POST /api/tasks with a requestId', () => {
  it('a retry answers the task the first try created (200), and no second task exists', async () => {
    const body = { ...baseTask({ title: '重试创建的噪音纠纷' }), requestId: randomUUID() }
    const first = await as(app, DISPATCHER).post('/api/tasks', body)
    expect(first.status).toBe(201)
    const retry = await as(app, DISPATCHER).post('/api/tasks', body)
    expect(retry.status).toBe(200)
    expect(retry.body.task.id).toBe(first.body.task.id)
    expect(await tasksTitled('重试创建的噪音纠纷')).toBe(1)
  })

  it('eight copies at the same moment: one task, every copy answers it', async () => {
    const body = { ...baseTask({ title: '连点八次的工单' }), requestId: randomUUID() }
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        as(app, DISPATCHER)
          .post('/api/tasks', body)
          .then((r) => r),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
    expect(new Set(answers.map((a) => a.body.task.id)).size).toBe(1)
    expect(await tasksTitled('连点八次的工单')).toBe(1)
  })

  it('a try that died after creating the task and before routing it: the retry routes it, and its leads are told once', async () => {
    const body = { ...baseTask({ title: '建了未派的工单', department: 'PCS' }), requestId: randomUUID() }
    const first = await as(app, DISPATCHER).post('/api/tasks', body)
    expect(first.status).toBe(201)
    const id = first.body.task.id as string
    // what a kill between the two creation events leaves: the key and the `created` event, nothing after
    const { TaskEvent, Task, Outbox, TaskRequest } = app.db.models
    await TaskEvent.deleteMany({ taskId: id, seq: { $gt: 1 } })
    await Task.deleteOne({ _id: id })
    await Outbox.deleteMany({ _id: { $regex: `^${id}:` } })
    await TaskRequest.updateOne({ _id: `${DISPATCHER}:${body.requestId}` }, { $set: { at: new Date(Date.now() - 60_000) } })

    const retry = await as(app, DISPATCHER).post('/api/tasks', body)
    expect(retry.status).toBeLessThan(300)
    expect(retry.body.task).toMatchObject({ id, state: 'routed', department: { code: 'PCS' } })
    expect((await TaskEvent.find({ taskId: id }).lean()).map((e) => e.type).sort()).toEqual(['created', 'routed'])
    expect(await Outbox.countDocuments({ _id: { $regex: `^${id}:.*:task_routed$` } })).toBe(1)
    // a further retry changes nothing
    expect((await as(app, DISPATCHER).post('/api/tasks', body)).status).toBe(200)
    expect(await TaskEvent.countDocuments({ taskId: id })).toBe(2)
    expect(await Outbox.countDocuments({ _id: { $regex: `^${id}:.*:task_routed$` } })).toBe(1)
  })

  it('a half-created task someone has acted on since is left as it is by the retry', async () => {
    const body = { ...baseTask({ title: '建了未派又被发布的工单', department: 'PCS' }), requestId: randomUUID() }
    const id = (await as(app, DISPATCHER).post('/api/tasks', body)).body.task.id as string
    const { TaskEvent, Task, TaskRequest } = app.db.models
    await TaskEvent.deleteMany({ taskId: id, seq: { $gt: 1 } })
    await Task.deleteOne({ _id: id })
    await TaskRequest.updateOne({ _id: `${DISPATCHER}:${body.requestId}` }, { $set: { at: new Date(Date.now() - 60_000) } })
    expect((await as(app, DISPATCHER).post(`/api/tasks/${id}/publish`, { claimMode: 'first_come', rewardPoints: 5 })).status).toBe(200)

    const retry = await as(app, DISPATCHER).post('/api/tasks', body)
    expect(retry.status).toBe(200)
    expect(retry.body.task.state).toBe('published')
    expect((await TaskEvent.find({ taskId: id }).lean()).map((e) => e.type).sort()).toEqual(['created', 'published'])
  })

  it('without a requestId two sends are two tasks; a different requestId is a different task', async () => {
    const body = baseTask({ title: '两次独立上报' })
    await as(app, DISPATCHER).post('/api/tasks', body)
    await as(app, DISPATCHER).post('/api/tasks', { ...body, requestId: randomUUID() })
    expect(await tasksTitled('两次独立上报')).toBe(2)
  })

  it('a malformed requestId is a 400 naming the field, and nothing is created', async () => {
    const res = await as(app, DISPATCHER).post('/api/tasks', { ...baseTask({ title: '格式错误的请求' }), requestId: 'abc' })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.details.fields[0].path).toBe('requestId')
    expect(await tasksTitled('格式错误的请求')).toBe(0)
  })
})

describe('POST /api/reports with a requestId', () => {
  it('a 直接上报 sent three times at once is one task', async () => {
    const body = { title: '重复提交的楼道堆物', description: '三单元楼道堆放纸箱', category: 'public_order', kind: 'direct', requestId: randomUUID() }
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        as(app, WANGLI)
          .post('/api/reports', body)
          .then((r) => r),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201])
    expect(await tasksTitled('重复提交的楼道堆物')).toBe(1)
  })

  it('the key is per person: another worker’s report with the same requestId is their own task', async () => {
    const body = { title: '同号不同人', description: '路灯不亮', category: 'public_order', kind: 'direct', requestId: randomUUID() }
    const mine = await as(app, WANGLI).post('/api/reports', body)
    const theirs = await as(app, CHENQIANG).post('/api/reports', body)
    expect([mine.status, theirs.status]).toEqual([201, 201])
    expect(theirs.body.task.id).not.toBe(mine.body.task.id)
  })
})

describe('POST /api/tasks/:id/progress with a requestId', () => {
  it('a retried record is in the timeline once and the retry answers it', async () => {
    const id = await publishedTask(app)
    expect((await as(app, WANGLI).post(`/api/tasks/${id}/claim`)).status).toBe(200)
    const body = { kind: 'visit', note: '已到现场了解情况', requestId: randomUUID() }
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() =>
        as(app, WANGLI)
          .post(`/api/tasks/${id}/progress`, body)
          .then((r) => r),
      ),
    )
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(new Set(answers.map((a) => a.body.event.seq)).size).toBe(1)
    const log = await app.db.models.TaskEvent.find({ taskId: id, type: 'progress' }).lean()
    expect(log).toHaveLength(1)
    // a new record (another requestId) is a new entry
    expect((await as(app, WANGLI).post(`/api/tasks/${id}/progress`, { ...body, requestId: randomUUID() })).status).toBe(200)
    expect(await app.db.models.TaskEvent.countDocuments({ taskId: id, type: 'progress' })).toBe(2)
  })
})
