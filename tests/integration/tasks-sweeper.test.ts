/**
 * The timers and the repair, with a ManualClock: claim expiry (warning, one extension, auto-release
 * and republication), SLA reminders and overdue escalation, the sign-for window, batched "new tasks"
 * notices, and a projection left behind by a crash between the event insert and the projection write.
 */
import { catchUpFacts } from '../../bff/src/indices/jobs'
import { ManualClock } from '../../bff/src/infra/clock'
import { SETTLE_MS, WINDOW_MS } from '../../bff/src/kernel/windows'
import { catchUpScoring } from '../../bff/src/points/scoring'
import { eventId, taskDeps } from '../../bff/src/tasks/log'
import { REPAIR_AFTER_MS } from '../../bff/src/tasks/store'
import { repairProjections, runTaskSweep } from '../../bff/src/tasks/sweeper'
import { startTestApp, type TestApp } from '../support/app'
import { commandsDuring } from '../support/commands'
import { as, createTask, DISPATCHER, detail, HEJUN, publishedTask, WANGLI } from './tasks-fixtures'

const HOUR = 3_600_000
const MINUTE = 60_000
// start on a round hour so the 10-minute notice buckets are predictable
const clock = new ManualClock(Math.ceil(Date.now() / HOUR) * HOUR)
let app: TestApp

beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(async () => app.close())

const sweep = () => runTaskSweep(taskDeps(app.deps))
const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)
const outbox = (filter: Record<string, unknown>) => app.db.models.Outbox.find(filter).lean()

describe('a crash between the event and the projection is repaired', () => {
  it('on the next read: an event inserted directly shows up in the task and its timeline', async () => {
    const id = await publishedTask(app)
    const before = await app.db.models.Task.findById(id).lean()
    await app.db.models.TaskEvent.collection.insertOne({
      _id: eventId(id, (before?.seq ?? 0) + 1),
      taskId: id,
      seq: (before?.seq ?? 0) + 1,
      type: 'claimed',
      at: clock.now(),
      actor: { id: WANGLI, name: '王丽' },
      data: { userId: WANGLI, name: '王丽', seat: 0, expiresAt: clock.now().getTime() + 24 * HOUR },
    } as never)
    // (a tail younger than REPAIR_AFTER_MS is a writer still at work; the crash was a moment ago)
    clock.advance(REPAIR_AFTER_MS)
    const task = await detail(app, id)
    expect(task.state).toBe('claimed')
    expect(task.holders.map((h) => h.userId)).toEqual([WANGLI])
    expect(task.timeline.at(-1)?.type).toBe('claimed')
    // the read wrote the projection back
    expect((await app.db.models.Task.findById(id).lean())?.seq).toBe((before?.seq ?? 0) + 1)
    // and the log still decides: the next claimant gets 409 naming 王丽
    const res = await as(app, WANGLI).post(`/api/tasks/${id}/claim`)
    expect(res.body.result).toBe('unchanged')
  })

  it('by the sweeper, without any read — including the notices the lost events should have queued', async () => {
    const id = await publishedTask(app)
    await post(WANGLI, id, 'claim')
    await post(WANGLI, id, 'progress', { note: '已到现场' })
    await post(WANGLI, id, 'submit', { note: '已调解' })
    const seq = (await app.db.models.Task.findById(id).lean())?.seq as number
    await app.db.models.TaskEvent.collection.insertOne({
      _id: eventId(id, seq + 1),
      taskId: id,
      seq: seq + 1,
      type: 'returned',
      at: clock.now(),
      actor: { id: DISPATCHER, name: '赵燕' },
      data: { reason: '缺少照片', returnCount: 1, doers: [], submittedAt: clock.now().getTime(), scoring: {} },
    } as never)
    // nothing reads the task; the repair reads the event's window once it has settled
    expect((await sweep()).repaired).toBe(0)
    clock.advance(WINDOW_MS + SETTLE_MS)
    const report = await sweep()
    expect(report.repaired).toBeGreaterThanOrEqual(1)
    const projected = await app.db.models.Task.findById(id).lean()
    expect(projected?.seq).toBe(seq + 1)
    expect(projected?.state).toBe('returned')
    expect(await outbox({ _id: `${eventId(id, seq + 1)}:task_returned` })).toHaveLength(1)
  })

  it('a task whose projection was never written (crash right after its first event) appears after the sweep', async () => {
    const id = 'JQ20000101-0001'
    await app.db.models.TaskEvent.collection.insertOne({
      _id: eventId(id, 1),
      taskId: id,
      seq: 1,
      type: 'created',
      at: clock.now(),
      actor: { id: DISPATCHER, name: '赵燕' },
      data: {
        taskNo: id,
        title: '遗留工单',
        description: '崩溃前写入的事件',
        category: 'other',
        tier: 'simple',
        riskColour: 'green',
        origin: 'centre',
        territory: { code: 'GT-01-01', name: '新城社区第1网格' },
        parties: [],
        dueAt: clock.now().getTime() + 24 * HOUR,
      },
    } as never)
    expect(await app.db.models.Task.findById(id).lean()).toBeNull()
    clock.advance(WINDOW_MS + SETTLE_MS)
    await sweep()
    expect((await app.db.models.Task.findById(id).lean())?.title).toBe('遗留工单')
  })
})

describe('claim expiry', () => {
  it('warns before expiry once, allows one extension, then auto-releases and republishes with a claim_expired event', async () => {
    const id = await publishedTask(app, {}, { tier: 'simple' }) // simple: 4 h claims, warning 60 min before
    const claimed = await post(WANGLI, id, 'claim')
    const claimSeq = claimed.body.event.seq as number
    clock.advance(3 * HOUR + 10 * MINUTE)
    expect((await sweep()).warned).toBe(1)
    expect((await sweep()).warned).toBe(0)
    const warnings = await outbox({ template: 'claim_expiring', recipients: WANGLI, 'data.taskNo': id })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]._id).toBe(`${eventId(id, claimSeq)}:claim_expiring:${Date.parse(claimed.body.task.holders[0].expiresAt)}`)

    const ext = await post(WANGLI, id, 'extend', { reason: '当事人下午才回家' })
    expect(ext.status).toBe(200)
    clock.advance(4 * HOUR) // inside the extension, 50 minutes before the new expiry
    expect((await sweep()).warned).toBe(1)
    expect(await outbox({ template: 'claim_expiring', recipients: WANGLI, 'data.taskNo': id })).toHaveLength(2)

    clock.advance(HOUR)
    const report = await sweep()
    expect(report.expired).toBe(1)
    const task = await detail(app, id)
    expect(task.state).toBe('published')
    expect(task.holders).toEqual([])
    const expired = task.timeline.at(-1)
    expect(expired?.type).toBe('claim_expired')
    expect(expired?.actor.name).toBe('系统')
    expect(await app.db.models.ClaimSlot.countDocuments({ taskId: id })).toBe(0)
    expect(await outbox({ template: 'claim_expired', recipients: WANGLI, 'data.taskNo': id })).toHaveLength(1)
    const ev = await app.db.models.TaskEvent.findOne({ taskId: id, type: 'claim_expired' }).lean()
    expect(ev?.data).toMatchObject({ userId: WANGLI, republished: true, via: 'claim', scoring: { tier: 'simple', category: 'noise' } })
    // a second sweep changes nothing
    expect((await sweep()).expired).toBe(0)
    expect((await detail(app, id)).timeline.filter((e) => e.type === 'claim_expired')).toHaveLength(1)
  })

  it('a lapsed claim that the sweeper has not reached yet does not stop the next claimant', async () => {
    const id = await publishedTask(app, { eligibility: { territory: 'GT-01' } }, { tier: 'simple' })
    await post(WANGLI, id, 'claim')
    clock.advance(5 * HOUR)
    const res = await post('u-chenqiang', id, 'claim')
    expect(res.status).toBe(200)
    const task = await detail(app, id)
    expect(task.holders.map((h) => h.userId)).toEqual(['u-chenqiang'])
    expect(task.timeline.slice(-2).map((e) => e.type)).toEqual(['claim_expired', 'claimed'])
    await post('u-chenqiang', id, 'release')
  })

  it('the tasks back in the hall are announced to the pool once per 10-minute bucket', async () => {
    clock.advance(11 * MINUTE) // close the bucket the republication fell into
    await sweep()
    const notices = await outbox({ template: 'task_published' })
    expect(notices.length).toBeGreaterThanOrEqual(1)
    for (const n of notices) {
      expect(n.recipients.length).toBeGreaterThan(0)
      expect(n.page).toBe('pages/hall/index')
      expect(Number(n.data.count)).toBeGreaterThanOrEqual(1)
    }
    const count = notices.length
    await sweep()
    expect(await outbox({ template: 'task_published' })).toHaveLength(count)
  })

  it('two instances sweeping at the same moment expire a lapsed claim once, warn once, free the slot once', async () => {
    const id = await publishedTask(app, {}, { tier: 'simple' })
    await post(WANGLI, id, 'claim')
    clock.advance(3 * HOUR + 10 * MINUTE)
    await Promise.all([sweep(), sweep(), sweep()])
    clock.advance(HOUR)
    await Promise.all([sweep(), sweep(), sweep()])
    const task = await detail(app, id)
    expect(task.state).toBe('published')
    expect(task.timeline.filter((e) => e.type === 'claim_expired')).toHaveLength(1)
    expect(await outbox({ template: 'claim_expiring', recipients: WANGLI, 'data.taskNo': id })).toHaveLength(1)
    expect(await outbox({ template: 'claim_expired', recipients: WANGLI, 'data.taskNo': id })).toHaveLength(1)
    expect(await app.db.models.ClaimSlot.countDocuments({ taskId: id })).toBe(0)
  })
})

describe('SLA: reminders and overdue escalation', () => {
  it('reminds at 24 h and 4 h before the due date (once each), then escalates once when overdue', async () => {
    const id = await createTask(app, { tier: 'general', department: 'PCS' }) // due in 7 days, routed to PCS
    await post(HEJUN, id, 'sign')
    const due = Date.parse((await detail(app, id)).dueAt)
    clock.set(due - 23 * HOUR)
    expect((await sweep()).reminded).toBeGreaterThanOrEqual(1)
    const first = await outbox({ template: 'task_reminder', 'data.taskNo': id })
    expect(first).toHaveLength(1)
    expect(first[0]._id).toBe(`${eventId(id, 1)}:task_reminder:24h`)
    expect(first[0].recipients).toEqual([HEJUN]) // nobody holds it yet: the department lead
    await sweep()
    expect(await outbox({ template: 'task_reminder', 'data.taskNo': id })).toHaveLength(1)
    clock.set(due - 3 * HOUR)
    await sweep()
    expect(await outbox({ template: 'task_reminder', 'data.taskNo': id })).toHaveLength(2)

    clock.set(due + MINUTE)
    expect((await sweep()).overdue).toBeGreaterThanOrEqual(1)
    const task = await detail(app, id)
    expect(task.overdue).toBe(true)
    expect(task.timeline.at(-1)?.type).toBe('overdue_escalated')
    const escalations = await outbox({ template: 'task_overdue_escalated', 'data.taskNo': id })
    expect(escalations).toHaveLength(1)
    expect(escalations[0].recipients).toEqual(expect.arrayContaining(['u-zhaoyan', 'u-liugang', HEJUN]))
    await sweep()
    expect((await detail(app, id)).timeline.filter((e) => e.type === 'overdue_escalated')).toHaveLength(1)
    const overdueList = await as(app, DISPATCHER).get('/api/tasks?view=all&overdue=1&limit=50')
    expect(overdueList.body.items.map((t: { id: string }) => t.id)).toContain(id)
  })

  it('a routed task not signed for within 24 h escalates to the centre', async () => {
    const id = await createTask(app, { department: 'PCS' })
    clock.advance(25 * HOUR)
    expect((await sweep()).unsigned).toBeGreaterThanOrEqual(1)
    const task = await detail(app, id)
    expect(task.state).toBe('escalated')
    expect(task.escalation).toMatchObject({ kind: 'sign_timeout', by: '系统' })
  })
})

describe('claim slots a crash left behind', () => {
  it('a slot whose task the worker does not hold is freed after the grace period', async () => {
    const id = await publishedTask(app)
    await app.db.models.ClaimSlot.collection.insertOne({ _id: `${WANGLI}:slot:2`, userId: WANGLI, slot: 2, taskId: id, at: clock.now() } as never)
    expect((await sweep()).slotsFreed).toBe(0) // too fresh: it might belong to a claim in flight
    clock.advance(3 * MINUTE)
    expect((await sweep()).slotsFreed).toBe(1)
    expect(await app.db.models.ClaimSlot.findById(`${WANGLI}:slot:2`).lean()).toBeNull()
  })
})

describe('the cost of a pass', () => {
  it('the three periodic readers of a settled window of task events read it once between them', async () => {
    const deps = taskDeps(app.deps)
    const readAll = async () => {
      await repairProjections(deps)
      await catchUpScoring(deps)
      await catchUpFacts(deps)
    }
    await readAll() // every window so far marked done by each of them
    await publishedTask(app)
    clock.advance(WINDOW_MS + SETTLE_MS)
    const reads = await commandsDuring(
      app.db,
      readAll,
      (e) => e.commandName === 'find' && e.command.find === 'task_events' && !('_id' in (e.command.filter ?? {})),
    )
    expect(reads).toHaveLength(1)
  })

  it('reads the task collection by anything but `_id` once: one snapshot of the live work and the recently written projections', async () => {
    // work for every timer: a claim about to lapse, a due date near, a routed task, a task just in the hall
    const claimed = await publishedTask(app, { claimMode: 'first_come', rewardPoints: 5 })
    expect((await post(WANGLI, claimed, 'claim')).status).toBe(200)
    await publishedTask(app)
    clock.advance(23 * HOUR)
    // (on the embedded database each such query reads every task: docs/database.md#reading-by-id)
    const scans = await commandsDuring(
      app.db,
      () => sweep(),
      (e) => e.commandName === 'find' && e.command.find === 'tasks' && !('_id' in (e.command.filter ?? {})),
    )
    expect(scans.map((e) => Object.keys(e.command.filter ?? {}).join(','))).toEqual(['$or'])
  })
})
