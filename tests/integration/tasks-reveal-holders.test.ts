/**
 * 电话联系: the holders of a task may reveal a party's number while they work on it — recorded in the timeline,
 * limited like everyone's reveals — and nobody else gains access (ISSUE 15 item 3).
 */
import type { TaskDetailView } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { addGridWorkers, as, createTask, DISPATCHER, detail, HEJUN, publishedTask, WANGLI, XUMING } from './tasks-fixtures'

let app: TestApp
const clock = new ManualClock(Date.now())
const HOUR = 3_600_000
const NEIGHBOUR = 'u-test-neighbour' // a grid worker of the same grid who never held the task

beforeAll(async () => {
  app = await startTestApp({ clock })
  await addGridWorkers(app, [NEIGHBOUR, 'u-test-second'])
})
afterAll(async () => app.close())

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)
const reveal = (user: string, id: string, party = 0) => post(user, id, 'reveal-phone', { party })
const revealsIn = (d: TaskDetailView) => d.timeline.filter((e) => e.type === 'phone_revealed').map((e) => e.actor.id)

describe('a holder reveals a party’s number', () => {
  it('王丽 claims, sees 查看号码 among her actions, reveals; the reveal is in the timeline under her name', async () => {
    const id = await publishedTask(app)
    expect((await reveal(WANGLI, id)).status).toBe(403) // not hers yet
    expect((await post(WANGLI, id, 'claim')).status).toBe(200)
    expect((await detail(app, id, WANGLI)).actions).toContain('reveal-phone')
    const res = await reveal(WANGLI, id)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ party: 0, name: '张三', phone: '13812345678' })
    expect(res.headers['cache-control']).toBe('no-store')
    const d = await detail(app, id)
    expect(revealsIn(d)).toEqual([WANGLI])
    expect(JSON.stringify(d)).not.toContain('13812345678')
  })

  it('while handling, after a 驳回 and while 上报 waits for the centre she still may; after 提交验收 she may not', async () => {
    const id = await publishedTask(app)
    await post(WANGLI, id, 'claim')
    await post(WANGLI, id, 'progress', { kind: 'visit', note: '已上门了解情况' })
    expect((await reveal(WANGLI, id)).status).toBe(200)
    expect((await post(WANGLI, id, 'submit', { note: '已调解' })).status).toBe(200)
    const submitted = await reveal(WANGLI, id)
    expect(submitted.status).toBe(403)
    expect(submitted.body.error.code).toBe('FORBIDDEN')
    expect((await detail(app, id, WANGLI)).actions).not.toContain('reveal-phone')
    expect((await post(DISPATCHER, id, 'review', { decision: 'return', reason: '缺少现场照片' })).status).toBe(200)
    expect((await reveal(WANGLI, id)).status).toBe(200)
    expect((await post(WANGLI, id, 'escalate', { reason: '涉及多部门，需要协调' })).status).toBe(200)
    expect((await reveal(WANGLI, id)).status).toBe(200)
  })

  it('both members of a 攻坚小组 may; the one who gave up her seat may not any more', async () => {
    const id = await publishedTask(app, { claimMode: 'team', seats: 2 })
    await post(WANGLI, id, 'claim')
    await post('u-test-second', id, 'claim')
    expect((await reveal(WANGLI, id)).status).toBe(200)
    expect((await reveal('u-test-second', id)).status).toBe(200)
    expect((await post('u-test-second', id, 'release', { reason: '临时有事' })).status).toBe(200)
    expect((await reveal('u-test-second', id)).status).toBe(403)
    expect(revealsIn(await detail(app, id))).toEqual([WANGLI, 'u-test-second'])
  })

  it('a claim that lapsed without handling gives no access', async () => {
    const id = await publishedTask(app, { claimHours: 1 })
    await post(WANGLI, id, 'claim')
    expect((await reveal(WANGLI, id)).status).toBe(200)
    clock.advance(2 * HOUR)
    expect((await reveal(WANGLI, id)).status).toBe(403)
  })
})

describe('nobody else gains access', () => {
  it('a grid worker of the same grid, a department member, an applicant, and the holder of another task get 403', async () => {
    const id = await createTask(app, { department: 'PCS' })
    expect((await post(HEJUN, id, 'sign')).status).toBe(200)
    expect((await post(HEJUN, id, 'publish', { claimMode: 'apply', rewardPoints: 5 })).status).toBe(200)
    expect((await post(NEIGHBOUR, id, 'claim')).status).toBe(200) // an application only
    expect((await reveal(NEIGHBOUR, id)).status).toBe(403)
    expect((await reveal(XUMING, id)).status).toBe(403)
    expect((await post(HEJUN, id, 'approve-claim', { userId: WANGLI })).status).toBe(422) // not an applicant
    expect((await post(HEJUN, id, 'approve-claim', { userId: NEIGHBOUR })).status).toBe(200)
    expect((await reveal(NEIGHBOUR, id)).status).toBe(200)
    // 王丽 holds other tasks but not this one
    expect((await reveal(WANGLI, id)).status).toBe(403)
    expect((await reveal(HEJUN, id)).status).toBe(200) // the department lead, as before
    const d = await detail(app, id)
    expect(revealsIn(d)).toEqual([NEIGHBOUR, HEJUN])
  })

  it('the holder is limited like everyone: the 31st reveal within the hour is 429 with Retry-After', async () => {
    const id = await publishedTask(app)
    // a fresh person: the limit is counted per person
    await addGridWorkers(app, ['u-test-limit'])
    expect((await post('u-test-limit', id, 'claim')).status).toBe(200)
    for (let i = 0; i < 30; i++) expect((await reveal('u-test-limit', id)).status).toBe(200)
    const limited = await reveal('u-test-limit', id)
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('RATE_LIMITED')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
  })
})
