/**
 * The task lifecycle through the HTTP API: every verb, its happy path and its 400/403/409/422
 * refusals, in the order a task lives them (ISSUE 4 items 1–7, 9).
 */
import type { TaskActionResponse, TaskDetailView } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { as, CHENQIANG, createTask, DISPATCHER, detail, HEJUN, publishedTask, WANGLI, XUMING } from './tasks-fixtures'

let app: TestApp
const clock = new ManualClock(Date.now())
const HOUR = 3_600_000

beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(async () => app.close())

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)
const outbox = (filter: Record<string, unknown>) => app.db.models.Outbox.find(filter).lean()

describe('creating a task (POST /api/tasks)', () => {
  it('the centre creates a task with a readable number, masked phones and an SLA from its tier', async () => {
    const res = await as(app, DISPATCHER).post('/api/tasks', {
      title: '邻里噪音纠纷',
      description: '夜间装修噪音扰民',
      category: 'noise',
      tier: 'general',
      territory: 'GT-01-01',
      parties: [{ name: '张三', phone: '13812345678' }],
    })
    expect(res.status).toBe(201)
    const { task, event } = res.body as TaskActionResponse
    expect(task.taskNo).toMatch(/^JQ\d{8}-\d{4}$/)
    expect(task.id).toBe(task.taskNo)
    expect(task.state).toBe('draft')
    expect(task.stateLabel).toBe('待分拨')
    expect(task.territory).toEqual({ code: 'GT-01-01', name: '新城社区第1网格' })
    expect(task.parties).toEqual([{ name: '张三', phone: '138****5678' }])
    expect(Date.parse(task.dueAt) - Date.parse(task.createdAt)).toBe(7 * 24 * HOUR)
    expect(event?.type).toBe('created')
    expect(task.actions).toEqual(expect.arrayContaining(['route', 'publish', 'assign', 'cancel', 'reveal-phone']))
  })

  it('the plain phone number is stored nowhere: not in the event, not in the projection', async () => {
    const id = await createTask(app)
    const raw = JSON.stringify([await app.db.models.Task.findById(id).lean(), await app.db.models.TaskEvent.find({ taskId: id }).lean()])
    expect(raw).not.toContain('13812345678')
    expect(raw).toContain('138****5678')
  })

  it('task numbers run on within the day', async () => {
    const a = await createTask(app)
    const b = await createTask(app)
    expect(Number(b.slice(-4))).toBe(Number(a.slice(-4)) + 1)
  })

  it('with a department it is routed at once and the department lead is notified', async () => {
    const res = await as(app, DISPATCHER).post('/api/tasks', {
      title: '拖欠工资',
      description: '工地 12 名工人被拖欠 3 个月工资',
      category: 'wages',
      tier: 'complex',
      territory: 'GT-02-03',
      department: 'PCS',
    })
    expect(res.status).toBe(201)
    expect(res.body.task.state).toBe('routed')
    expect(res.body.task.department).toEqual({ code: 'PCS', name: '古塘派出所' })
    const notes = await outbox({ template: 'task_routed', 'data.taskNo': res.body.task.taskNo })
    expect(notes).toHaveLength(1)
    expect(notes[0].recipients).toEqual([HEJUN])
    expect(notes[0].page).toBe(`pages/task/index?id=${res.body.task.id}`)
  })

  it('refuses: a grid worker (403), an unknown key or category (400), an unknown territory or a past due date (422), no login (401)', async () => {
    expect(
      (await as(app, WANGLI).post('/api/tasks', { title: '测试', description: 'x', category: 'noise', tier: 'simple', territory: 'GT-01-01' })).status,
    ).toBe(403)
    const unknownKey = await as(app, DISPATCHER).post('/api/tasks', {
      title: '测试',
      description: 'x',
      category: 'noise',
      tier: 'simple',
      territory: 'GT-01-01',
      owner: 'me',
    })
    expect(unknownKey.status).toBe(400)
    expect(unknownKey.body.error.code).toBe('VALIDATION_FAILED')
    expect(
      (await as(app, DISPATCHER).post('/api/tasks', { title: '测试', description: 'x', category: 'ufo', tier: 'simple', territory: 'GT-01-01' })).status,
    ).toBe(400)
    expect(
      (await as(app, DISPATCHER).post('/api/tasks', { title: '测试', description: 'x', category: 'noise', tier: 'simple', territory: 'GT-99' })).body.error
        .code,
    ).toBe('DOMAIN_RULE')
    const past = new Date(clock.now().getTime() - HOUR).toISOString()
    expect(
      (await as(app, DISPATCHER).post('/api/tasks', { title: '测试', description: 'x', category: 'noise', tier: 'simple', territory: 'GT-01-01', dueAt: past }))
        .status,
    ).toBe(422)
    const { default: request } = await import('supertest')
    expect((await request(app.url).post('/api/tasks').send({})).status).toBe(401)
  })
})

describe('department flow: route → 签收 / 退回 → 发布 or 指派', () => {
  it('routes, the lead signs for it and publishes it to the hall', async () => {
    const id = await createTask(app)
    expect((await post(DISPATCHER, id, 'route', { department: 'PCS', note: '请派出所处理' })).body.task.state).toBe('routed')
    expect((await post(XUMING, id, 'sign')).status).toBe(403) // staff, not the lead
    expect((await post('u-majie', id, 'sign')).body.error.code).toBe('FORBIDDEN') // another department's lead
    const signed = await post(HEJUN, id, 'sign', { note: '已签收' })
    expect(signed.status).toBe(200)
    expect(signed.body.task.state).toBe('signed')
    expect(signed.body.task.actions).toEqual(expect.arrayContaining(['publish', 'assign', 'bounce', 'escalate']))
    const pub = await post(HEJUN, id, 'publish', { claimMode: 'first_come', rewardPoints: 20 })
    expect(pub.body.task.state).toBe('published')
    expect(pub.body.task.rewardPoints).toBe(20)
    expect(pub.body.task.claimModeLabel).toBe('抢单')
  })

  it('退回 needs a reason, counts, and the bounce that reaches the limit (2) escalates to the centre', async () => {
    const id = await createTask(app)
    await post(DISPATCHER, id, 'route', { department: 'PCS' })
    expect((await post(HEJUN, id, 'bounce', {})).status).toBe(400)
    const first = await post(HEJUN, id, 'bounce', { reason: '属于劳资纠纷，非派出所职责', suggestedDepartment: 'LDBZ' })
    expect(first.body.task.state).toBe('draft')
    expect(first.body.task.bounceCount).toBe(1)
    expect(first.body.task.department).toBeNull()
    await post(DISPATCHER, id, 'route', { department: 'PCS' })
    const second = await post(HEJUN, id, 'bounce', { reason: '仍非本部门职责' })
    expect(second.body.task.state).toBe('escalated')
    expect(second.body.task.bounceCount).toBe(2)
    expect(second.body.task.escalation).toMatchObject({ kind: 'bounce_limit' })
  })

  it('a verb the state does not admit is 409 INVALID_TRANSITION', async () => {
    const id = await publishedTask(app)
    const res = await post(HEJUN, id, 'sign')
    // the centre published it: the lead does not even see it until it is routed to PCS
    expect(res.status).toBe(403)
    const again = await post(DISPATCHER, id, 'route', { department: 'PCS' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('INVALID_TRANSITION')
  })

  it('publishing refuses a pool outside the task territory and a claim deadline in the past (422)', async () => {
    const id = await createTask(app)
    expect((await post(DISPATCHER, id, 'publish', { claimMode: 'first_come', eligibility: { territory: 'GT-02' } })).status).toBe(422)
    const past = new Date(clock.now().getTime() - 1000).toISOString()
    expect((await post(DISPATCHER, id, 'publish', { claimMode: 'first_come', claimDeadline: past })).status).toBe(422)
    expect((await post(DISPATCHER, id, 'publish', { claimMode: 'team', seats: 1 })).status).toBe(400)
    expect((await post(DISPATCHER, id, 'publish', { claimMode: 'reserved' })).status).toBe(400)
  })
})

describe('claims', () => {
  it('a grid worker of another grid can neither read nor claim (403 OUT_OF_TERRITORY)', async () => {
    const id = await publishedTask(app)
    expect((await as(app, CHENQIANG).get(`/api/tasks/${id}`)).body.error.code).toBe('OUT_OF_TERRITORY')
    const res = await post(CHENQIANG, id, 'claim')
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('OUT_OF_TERRITORY')
  })

  it('first-come: claim gives a countdown; extend once with a reason; the second extension is 422', async () => {
    const id = await publishedTask(app, {}, { tier: 'simple' })
    const claimed = await post(WANGLI, id, 'claim')
    expect(claimed.status).toBe(200)
    const holder = claimed.body.task.holders[0]
    expect(Date.parse(holder.expiresAt) - Date.parse(holder.claimedAt)).toBe(4 * HOUR) // simple tier: 4 h
    expect(claimed.body.task.actions).toEqual(['extend', 'release', 'progress', 'escalate', 'reveal-phone'])
    expect((await post(WANGLI, id, 'extend', {})).status).toBe(400)
    const ext = await post(WANGLI, id, 'extend', { reason: '当事人今日外出，明早上门' })
    expect(Date.parse(ext.body.task.holders[0].expiresAt) - Date.parse(holder.expiresAt)).toBe(4 * HOUR)
    expect(ext.body.event.type).toBe('claim_extended')
    const twice = await post(WANGLI, id, 'extend', { reason: '再延一次' })
    expect(twice.status).toBe(422)
    expect(twice.body.error.code).toBe('EXTENSION_USED')
  })

  it('申请→审批: claiming applies; the lead approves; the applicant is told', async () => {
    const id = await createTask(app, { territory: 'GT-01' })
    await post(DISPATCHER, id, 'route', { department: 'PCS' })
    await post(HEJUN, id, 'sign')
    await post(HEJUN, id, 'publish', { claimMode: 'apply', rewardPoints: 30 })
    const applied = await post(WANGLI, id, 'claim', { note: '我熟悉双方当事人' })
    expect(applied.body.result).toBe('applied')
    expect(applied.body.task.state).toBe('published')
    expect((await post(CHENQIANG, id, 'claim')).body.result).toBe('applied')
    expect((await post(WANGLI, id, 'claim')).body.result).toBe('unchanged')
    expect((await post(WANGLI, id, 'approve-claim', { userId: WANGLI })).status).toBe(403)
    expect((await post(HEJUN, id, 'approve-claim', { userId: 'u-zhoumin' })).status).toBe(422)
    const lead = await detail(app, id, HEJUN)
    expect(lead.applicants.map((a) => a.userId).sort()).toEqual([CHENQIANG, WANGLI])
    const approved = await post(HEJUN, id, 'approve-claim', { userId: CHENQIANG })
    expect(approved.body.task.state).toBe('claimed')
    expect(approved.body.task.holders.map((h: { userId: string; via: string }) => [h.userId, h.via])).toEqual([[CHENQIANG, 'approval']])
    expect(await outbox({ template: 'claim_approved', recipients: CHENQIANG })).toHaveLength(1)
    expect((await post(WANGLI, id, 'claim')).status).toBe(409)
  })

  it('定向: only the reserved person may claim (others 403 NOT_ELIGIBLE)', async () => {
    // in 王丽's own grid, published to the whole community, reserved for 陈强 of the next grid
    const id = await publishedTask(app, { claimMode: 'reserved', reservedFor: [CHENQIANG], eligibility: { territory: 'GT-01' } })
    const refused = await post(WANGLI, id, 'claim')
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('NOT_ELIGIBLE')
    expect((await post(CHENQIANG, id, 'claim')).status).toBe(200)
  })

  it('指派 is its own verb: no claim timer; a held task needs replaceUserId (else 409); an assignee outside the territory is 422', async () => {
    const id = await publishedTask(app)
    const assigned = await post(DISPATCHER, id, 'assign', { userId: WANGLI, note: '请王丽跟进' })
    expect(assigned.body.event.type).toBe('assigned')
    expect(assigned.body.task.holders[0]).toMatchObject({ userId: WANGLI, via: 'assign', expiresAt: null })
    expect(await outbox({ template: 'task_assigned', recipients: WANGLI, 'data.taskNo': assigned.body.task.taskNo })).toHaveLength(1)
    const taken = await post(DISPATCHER, id, 'assign', { userId: XUMING })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('TASK_ALREADY_CLAIMED')
    expect(taken.body.error.details.holder.name).toBe('王丽')
    expect((await post(DISPATCHER, id, 'assign', { userId: 'u-zhoumin', replaceUserId: WANGLI })).status).toBe(422)
    const replaced = await post(DISPATCHER, id, 'assign', { userId: XUMING, replaceUserId: WANGLI })
    expect(replaced.body.task.holders.map((h: { userId: string }) => h.userId)).toEqual([XUMING])
    expect(replaced.body.event.note).toContain('替换王丽')
  })

  it('the assignee picker lists people of the territory and department, not grid workers elsewhere; only for those who may assign', async () => {
    const id = await createTask(app, { department: 'PCS' })
    await post(HEJUN, id, 'sign')
    const res = await as(app, HEJUN).get(`/api/tasks/${id}/assignees`)
    expect(res.status).toBe(200)
    const ids = res.body.items.map((u: { id: string }) => u.id)
    expect(ids).toEqual(expect.arrayContaining([WANGLI, 'u-linfang', XUMING, HEJUN, 'u-fengbo']))
    expect(ids).not.toContain(CHENQIANG)
    expect(ids).not.toContain('u-luoping') // another department's lead (who is no mediator)
    expect(res.body.items.find((u: { id: string }) => u.id === WANGLI)).toMatchObject({
      name: '王丽',
      roleLabels: ['网格员'],
      territoryName: '新城社区第1网格',
    })
    expect((await as(app, WANGLI).get(`/api/tasks/${id}/assignees`)).status).toBe(403)
  })

  it('放弃 puts the task back in the hall, and the release carries what scoring needs', async () => {
    const id = await publishedTask(app)
    await post(WANGLI, id, 'claim')
    const res = await post(WANGLI, id, 'release', { reason: '家中有事' })
    expect(res.body.task.state).toBe('published')
    expect(res.body.task.holders).toEqual([])
    const ev = await app.db.models.TaskEvent.findOne({ taskId: id, type: 'released' }).lean()
    expect(ev?.data).toMatchObject({
      userId: WANGLI,
      republished: true,
      scoring: { category: 'noise', tier: 'general', territory: 'GT-01-01', rewardPoints: 10 },
    })
    expect((ev?.data as { claimedAt?: number } | undefined)?.claimedAt).toEqual(expect.any(Number))
  })
})

describe('handling and review', () => {
  let id: string

  beforeAll(async () => {
    id = await publishedTask(app, {}, { department: undefined })
    await post(WANGLI, id, 'claim')
  })

  it('progress: photos must be the worker’s own uploads (422); > 9 photos is 400', async () => {
    expect((await post(WANGLI, id, 'progress', { note: '现场照片', photos: ['a'.repeat(32)] })).status).toBe(422)
    expect((await post(WANGLI, id, 'progress', { note: '现场照片', photos: Array(10).fill('a'.repeat(32)) })).status).toBe(400)
    expect((await post(CHENQIANG, id, 'progress', { note: '不是我的' })).status).toBe(403)
  })

  it('progress: a location outside the territory is kept but flagged; the first record starts handling', async () => {
    const far = await post(WANGLI, id, 'progress', { kind: 'visit', note: '走访当事人', location: { lat: 30.3, lng: 121.5, accuracy: 20 } })
    expect(far.status).toBe(200)
    expect(far.body.task.state).toBe('in_progress')
    expect(far.body.event.data.location).toMatchObject({ lat: 30.3, lng: 121.5, outsideTerritory: true })
    expect(far.body.task.holders[0].expiresAt).toBeNull() // handling started: the claim no longer lapses
  })

  it('submit; the grid worker is no reviewer (403); a return needs a reason', async () => {
    expect((await post(WANGLI, id, 'submit', {})).status).toBe(400)
    const sub = await post(WANGLI, id, 'submit', { note: '双方达成和解，噪音问题已解决' })
    expect(sub.body.task.state).toBe('submitted')
    expect(sub.body.task.overdue).toBe(false)
    const reviewers = await outbox({ template: 'task_submitted', 'data.taskNo': sub.body.task.taskNo })
    expect(reviewers).toHaveLength(1)
    expect(reviewers[0].recipients).not.toContain(WANGLI)
    expect((await post(WANGLI, id, 'review', { decision: 'accept', rating: 5 })).body.error.code).toBe('FORBIDDEN')
    expect((await post(DISPATCHER, id, 'review', { decision: 'return' })).status).toBe(400)
    expect((await post(DISPATCHER, id, 'review', { decision: 'accept', rating: 6 })).status).toBe(400)
    const ret = await post(DISPATCHER, id, 'review', { decision: 'return', reason: '缺少和解协议照片' })
    expect(ret.body.task.state).toBe('returned')
    expect(ret.body.task.returnCount).toBe(1)
    expect(await outbox({ template: 'task_returned', recipients: WANGLI })).toHaveLength(1)
  })

  it('nobody reviews work they did: a lead or a dispatcher who handled it gets 403 SELF_REVIEW_FORBIDDEN', async () => {
    const byLead = await createTask(app, { department: 'PCS' })
    await post(HEJUN, byLead, 'sign')
    expect((await post(HEJUN, byLead, 'assign', { userId: HEJUN })).status).toBe(200)
    await post(HEJUN, byLead, 'progress', { note: '亲自到场调解' })
    await post(HEJUN, byLead, 'submit', { note: '已调解' })
    // 刘刚 is a dispatcher and a lead of 社治中心: he may be given a task without a department
    const byCentre = await createTask(app)
    expect((await post(DISPATCHER, byCentre, 'assign', { userId: 'u-liugang' })).status).toBe(200)
    await post('u-liugang', byCentre, 'progress', { note: '已电话联系双方' })
    await post('u-liugang', byCentre, 'submit', { note: '已化解' })
    for (const [who, task] of [
      [HEJUN, byLead],
      ['u-liugang', byCentre],
    ]) {
      const self = await post(who, task, 'review', { decision: 'accept', rating: 5 })
      expect([self.status, self.body.error.code]).toEqual([403, 'SELF_REVIEW_FORBIDDEN'])
      expect((await detail(app, task, who)).actions).not.toContain('review')
      expect((await post(DISPATCHER, task, 'review', { decision: 'accept', rating: 4 })).status).toBe(200)
    }
  })

  it('resubmit and accept with a rating: 已办结 with the scoring facts on the event', async () => {
    await post(WANGLI, id, 'progress', { kind: 'agreement', note: '补充和解协议' })
    await post(WANGLI, id, 'submit', { note: '已补充协议' })
    const acc = await post(DISPATCHER, id, 'review', { decision: 'accept', rating: 4, closureCode: 'mediated', note: '处置及时' })
    expect(acc.body.task.state).toBe('closed')
    expect(acc.body.task).toMatchObject({ rating: 4, closureCode: 'mediated', closureLabel: '调解成功' })
    const ev = await app.db.models.TaskEvent.findOne({ taskId: id, type: 'accepted' }).lean()
    expect(ev?.data).toMatchObject({
      rating: 4,
      late: false,
      returnCount: 1,
      doers: [{ userId: WANGLI, via: 'claim' }],
      scoring: { category: 'noise', tier: 'general' },
    })
    expect((ev?.data as { submittedAt?: number } | undefined)?.submittedAt).toEqual(expect.any(Number))
    expect(await app.db.models.ClaimSlot.countDocuments({ taskId: id })).toBe(0)
  })

  it('the centre reopens a closed task (others 403); the timeline shows every step in order', async () => {
    expect((await post(HEJUN, id, 'reopen', { reason: '纠纷再起' })).status).toBe(403)
    const re = await post(DISPATCHER, id, 'reopen', { reason: '当事人再次报警，纠纷再起' })
    expect(re.body.task.state).toBe('draft')
    const d: TaskDetailView = await detail(app, id)
    expect(d.timeline.map((e) => e.type)).toEqual([
      'created',
      'published',
      'claimed',
      'progress',
      'submitted',
      'returned',
      'progress',
      'submitted',
      'accepted',
      'reopened',
    ])
    expect(d.timeline.every((e) => e.label && e.actor.name && e.at)).toBe(true)
  })

  it('submitting after the due date requires an overdue explanation (422)', async () => {
    const late = await publishedTask(app, {}, { tier: 'simple' })
    await post(WANGLI, late, 'claim')
    await post(WANGLI, late, 'progress', { note: '已到现场' })
    clock.advance(25 * HOUR)
    const refused = await post(WANGLI, late, 'submit', { note: '已处理' })
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('OVERDUE_REASON_REQUIRED')
    const ok = await post(WANGLI, late, 'submit', { note: '已处理', overdueReason: '当事人连续两天不在家' })
    expect(ok.body.event.data.late).toBe(true)
    expect(ok.body.task.overdue).toBe(true)
  })
})

describe('cancel, reveal a phone number (上报: tasks-escalation.test.ts)', () => {
  it('only the centre cancels, with a closure code', async () => {
    const id = await createTask(app)
    expect((await post(WANGLI, id, 'cancel', { closureCode: 'duplicate', reason: '重复' })).status).toBe(403)
    expect((await post(DISPATCHER, id, 'cancel', { closureCode: 'nope', reason: '重复工单' })).status).toBe(400)
    const res = await post(DISPATCHER, id, 'cancel', { closureCode: 'duplicate', reason: '与上一工单重复' })
    expect(res.body.task.state).toBe('cancelled')
    expect((await post(WANGLI, id, 'claim')).status).toBe(409)
  })

  it('the centre reveals a number (recorded in the timeline); a grid worker may not', async () => {
    const id = await publishedTask(app)
    expect((await post(WANGLI, id, 'reveal-phone', { party: 0 })).status).toBe(403)
    const res = await post(DISPATCHER, id, 'reveal-phone', { party: 0 })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ party: 0, name: '张三', phone: '13812345678' })
    expect((await post(DISPATCHER, id, 'reveal-phone', { party: 3 })).status).toBe(422)
    const d = await detail(app, id)
    const reveal = d.timeline.find((e) => e.type === 'phone_revealed')
    expect(reveal?.actor.name).toBe('赵燕')
    expect(JSON.stringify(d)).not.toContain('13812345678')
  })

  it('unknown task → 404; a malformed id → 400', async () => {
    expect((await as(app, DISPATCHER).get('/api/tasks/JQ20000101-9999')).status).toBe(404)
    expect((await post(DISPATCHER, 'JQ20000101-9999', 'claim')).status).toBe(404)
    expect((await as(app, DISPATCHER).get('/api/tasks/not-a-task')).status).toBe(400)
  })
})
