/**
 * 上报 goes up a level (grid → community → street centre): the holders stay responsible while the task waits
 * for the centre — seats, claim slots and the due date carry on, a team member's escalation unseats
 * nobody — and the centre's answer decides: 发回 keeps them on it; re-routing, re-publishing or 指派 to
 * others ends the escalator's seat without a penalty. Escalating is therefore no way around 放弃.
 */
import type { TaskView } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { as, CHENQIANG, DISPATCHER, detail, publishedTask, WANGLI, XUMING } from './tasks-fixtures'

let app: TestApp

beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => app.close())

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)
const slotsOf = (taskId: string) => app.db.models.ClaimSlot.countDocuments({ taskId })
const deductions = (taskId: string, userId: string) => app.db.models.LedgerEntry.countDocuments({ taskId, subjectId: userId, delta: { $lt: 0 } })
/** Work notices of `template` about task `id` queued for `userId`. */
const notices = (template: string, userId: string, id: string) => app.db.models.Outbox.find({ template, recipients: userId, 'data.taskNo': id }).lean()
const escalate = (user: string, id: string) => post(user, id, 'escalate', { reason: '涉及多部门，需社治中心协调' })

/** A first-come task 王丽 holds. */
async function heldByWangli(): Promise<string> {
  const id = await publishedTask(app)
  expect((await post(WANGLI, id, 'claim')).status).toBe(200)
  return id
}

describe('the holder escalates: she stays on it until the centre answers', () => {
  let id: string
  let before: TaskView

  beforeAll(async () => {
    id = await heldByWangli()
    before = await detail(app, id)
  })

  it('the task waits for the centre; her seat, claim slot, claim clock and due date carry on', async () => {
    expect((await escalate(WANGLI, id)).status).toBe(200)
    const t = await detail(app, id, WANGLI)
    expect(t.state).toBe('escalated')
    expect(t.holders).toEqual([expect.objectContaining({ userId: WANGLI, expiresAt: before.holders[0].expiresAt })])
    expect(t.dueAt).toBe(before.dueAt)
    expect(await slotsOf(id)).toBe(1)
    // she can carry on and keep her claim; she cannot escalate again or submit before the centre answers
    expect(t.actions).toEqual(['extend', 'release', 'progress', 'reveal-phone'])
    expect((await post(WANGLI, id, 'escalate', { reason: '再次上报，请尽快协调' })).status).toBe(409)
    const notice = await app.db.models.Outbox.find({ template: 'task_escalated', 'data.taskNo': t.taskNo }).lean()
    expect(notice.map((n) => n.recipients)).toEqual([expect.arrayContaining([DISPATCHER])])
  })

  it('a retry of her escalation (the answer was lost) is a no-op 200, escalated once', async () => {
    const retry = await escalate(WANGLI, id)
    expect(retry.status).toBe(200)
    expect(retry.body.task.state).toBe('escalated')
    expect((await detail(app, id)).timeline.filter((e) => e.type === 'escalated')).toHaveLength(1)
  })

  it('nobody else may take it meanwhile, and only the centre answers', async () => {
    expect((await post(XUMING, id, 'send-back')).status).toBe(403)
    expect((await post(WANGLI, id, 'send-back')).status).toBe(403)
    const centre = await detail(app, id, DISPATCHER)
    expect(centre.actions).toEqual(['route', 'publish', 'assign', 'send-back', 'cancel', 'reveal-phone'])
  })

  it('发回: she carries on with it, as before', async () => {
    const res = await post(DISPATCHER, id, 'send-back', { note: '已协调司法所配合，请继续调解' })
    expect(res.status).toBe(200)
    expect(res.body.task.state).toBe('claimed')
    expect(res.body.task.holders.map((h: { userId: string }) => h.userId)).toEqual([WANGLI])
    expect(res.body.event).toMatchObject({ type: 'sent_back', label: '发回继续办理' })
    expect(res.body.event.note).toContain('已协调司法所配合')
    expect(await slotsOf(id)).toBe(1)
    expect((await post(WANGLI, id, 'progress', { note: '继续上门调解' })).body.task.state).toBe('in_progress')
    expect(await deductions(id, WANGLI)).toBe(0)
    // she is told the centre answered, with its note
    const told = await notices('task_sent_back', WANGLI, id)
    expect(told).toHaveLength(1)
    expect(told[0].data).toMatchObject({ by: '赵燕', note: '已协调司法所配合，请继续调解' })
  })
})

describe('the centre gives the task to others: the escalator’s seat ends, without a penalty', () => {
  it('指派 to someone else takes the escalator’s seat and slot; nothing is deducted (放弃 would be)', async () => {
    const id = await heldByWangli()
    await escalate(WANGLI, id)
    const res = await post(DISPATCHER, id, 'assign', { userId: XUMING, note: '改由社区民警办理' })
    expect(res.status).toBe(200)
    expect(res.body.task.state).toBe('claimed')
    expect(res.body.task.holders.map((h: { userId: string }) => h.userId)).toEqual([XUMING])
    expect(res.body.event.note).toContain('替换王丽')
    expect(await slotsOf(id)).toBe(0)
    expect((await post(WANGLI, id, 'progress', { note: '还想继续' })).status).toBe(403)
    expect(await deductions(id, WANGLI)).toBe(0)
    expect(await notices('task_taken_over', WANGLI, id)).toHaveLength(1)
    expect(await notices('task_assigned', XUMING, id)).toHaveLength(1)

    // the control: the same worker giving up a task herself is scored
    const other = await heldByWangli()
    expect((await post(WANGLI, other, 'release', { reason: '家中有事' })).status).toBe(200)
    expect(await deductions(other, WANGLI)).toBe(1)
  })

  it('指派 back to the escalator is not how to send it back (422, use 发回)', async () => {
    const id = await heldByWangli()
    await escalate(WANGLI, id)
    const res = await post(DISPATCHER, id, 'assign', { userId: WANGLI })
    expect(res.status).toBe(422)
    expect(res.body.error.message).toContain('发回继续办理')
  })

  it('re-routing to a department ends the seat, says so in the timeline, frees the slot, deducts nothing', async () => {
    const id = await heldByWangli()
    await escalate(WANGLI, id)
    const res = await post(DISPATCHER, id, 'route', { department: 'PCS' })
    expect(res.body.task.state).toBe('routed')
    expect(res.body.task.holders).toEqual([])
    expect(res.body.event.note).toContain('王丽的承办随之结束')
    expect(await slotsOf(id)).toBe(0)
    expect(await deductions(id, WANGLI)).toBe(0)
    expect(await notices('task_taken_over', WANGLI, id)).toHaveLength(1)
  })

  it('re-publishing puts it back in the hall for everyone', async () => {
    const id = await heldByWangli()
    await escalate(WANGLI, id)
    const res = await post(DISPATCHER, id, 'publish', { claimMode: 'first_come', rewardPoints: 20 })
    expect(res.body.task.state).toBe('published')
    expect(res.body.task.holders).toEqual([])
    expect(await slotsOf(id)).toBe(0)
    expect(await notices('task_taken_over', WANGLI, id)).toHaveLength(1)
  })
})

describe('giving up while escalated is still 放弃', () => {
  it('she may release while the centre decides: it is scored, and the task stays with the centre', async () => {
    const id = await heldByWangli()
    await escalate(WANGLI, id)
    const res = await post(WANGLI, id, 'release', { reason: '不想等了' })
    expect(res.status).toBe(200)
    expect(res.body.task.state).toBe('escalated')
    expect(res.body.task.holders).toEqual([])
    expect(await deductions(id, WANGLI)).toBe(1)
    // nobody left to send it back to
    expect((await post(DISPATCHER, id, 'send-back')).status).toBe(409)
  })
})

describe('a team member’s escalation does not unseat the team', () => {
  it('陈强 escalates: 王丽 keeps working; the centre’s 指派 replaces 陈强 only', async () => {
    const id = await publishedTask(app, { claimMode: 'team', seats: 2, eligibility: { territory: 'GT-01' } })
    await post(WANGLI, id, 'claim')
    await post(CHENQIANG, id, 'claim')
    await post(WANGLI, id, 'progress', { note: '已走访一方当事人' })
    expect((await escalate(CHENQIANG, id)).body.task.holders.map((h: { userId: string }) => h.userId).sort()).toEqual([CHENQIANG, WANGLI].sort())
    expect((await post(WANGLI, id, 'progress', { note: '继续走访另一方' })).status).toBe(200)
    expect(await slotsOf(id)).toBe(2)
    const res = await post(DISPATCHER, id, 'assign', { userId: XUMING })
    expect(res.status).toBe(200)
    expect(res.body.task.state).toBe('in_progress')
    expect(res.body.task.holders.map((h: { userId: string }) => h.userId).sort()).toEqual([WANGLI, XUMING].sort())
    expect(await slotsOf(id)).toBe(1)
    expect(await deductions(id, CHENQIANG)).toBe(0)
  })
})
