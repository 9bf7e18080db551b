/**
 * 申诉: a worker contests a deduction with a reason; an admin upholds it (nothing changes) or grants
 * it (a correction entry, 冲正, referencing the deduction). One appeal per deduction, one decision
 * per appeal, even when two admins decide at once. Both steps are in the task's timeline, once each.
 */
import type { AppealView, PersonPointsView, TaskDetailView, TimelineEntry } from '@jqtb/shared'
import { repairAppealNotes, repairDecisions } from '../../bff/src/points/appeal-followups'
import { catchUpScoring } from '../../bff/src/points/scoring'
import { startTestApp, type TestApp } from '../support/app'
import { ADMIN, acceptedTask, as, claimedTask, DISPATCHER, myPoints, settledJobDeps } from './points-fixtures'

let app: TestApp
const CHENQIANG = 'u-chenqiang'
const SECOND_ADMIN = 'u-admin2'

beforeAll(async () => {
  app = await startTestApp()
  const now = new Date()
  await app.db.models.User.create({
    _id: SECOND_ADMIN,
    name: '孔亮',
    roles: ['admin'],
    territory: 'GT',
    department: 'SZZX',
    title: '管理员',
    active: true,
    createdAt: now,
    updatedAt: now,
  })
})
afterAll(() => app.close())

/** 陈强 claims a task in his grid and lets it go: a −2 deduction. Returns the ledger line. */
async function releasedDeduction() {
  const { id } = await claimedTask(app, CHENQIANG, { create: { territory: 'GT-01-02' } })
  await as(app, CHENQIANG).post(`/api/tasks/${id}/release`, { reason: '临时被抽调' })
  const me = await myPoints(app, CHENQIANG)
  const line = me.entries.find((e) => e.taskId === id && e.reasonCode === 'released')
  if (!line) throw new Error('no deduction')
  return { taskId: id, line, total: me.total.total }
}

async function task(taskId: string, userId = CHENQIANG): Promise<TaskDetailView> {
  const res = await as(app, userId).get(`/api/tasks/${taskId}`)
  if (res.status !== 200) throw new Error(`task failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as TaskDetailView
}
/** The appeal steps in a task's timeline, as `userId` sees it. */
async function appealNotes(taskId: string, userId = CHENQIANG): Promise<TimelineEntry[]> {
  return (await task(taskId, userId)).timeline.filter((e) => e.type === 'appeal_filed' || e.type === 'appeal_decided')
}

const appeal = (entryId: string, reason = '当天被社治中心临时抽调参加防汛，无法处置，已向领导报备') =>
  as(app, CHENQIANG).post('/api/points/appeals', { entryId, reason })
const decide = (entryId: string, decision: 'uphold' | 'grant', admin = ADMIN, note = '已核实') =>
  as(app, admin).post(`/api/points/appeals/${encodeURIComponent(entryId)}/decide`, { decision, note })
/** The appellant's work notices of decisions on this appeal (outbox rows). */
const decisionNotices = (entryId: string) => app.db.models.Outbox.find({ _id: `appeal:${entryId}:decided`, template: 'appeal_decided' }).lean()

describe('an appeal the admin upholds changes nothing', () => {
  it('the appeal is recorded, decided, and shown on the line; the total stays', async () => {
    const { line, total } = await releasedDeduction()
    expect(line.appealable).toBe(true)
    const before = await task(line.taskId)
    const filed = await appeal(line.id)
    expect(filed.status).toBe(201)
    expect(filed.body).toMatchObject({ entryId: line.id, status: 'pending', statusLabel: '申诉处理中', entry: { delta: -2 } })
    expect(await appealNotes(line.taskId)).toEqual([
      expect.objectContaining({
        type: 'appeal_filed',
        label: '提出积分申诉',
        actor: { id: CHENQIANG, name: '陈强' },
        note: `陈强对「${line.reason}」提出申诉：当天被社治中心临时抽调参加防汛，无法处置，已向领导报备`,
        data: { appealId: line.id, entryId: line.id, userId: CHENQIANG, name: '陈强', delta: -2 },
      }),
    ])

    const pending = (await as(app, ADMIN).get('/api/points/appeals')).body.items as AppealView[]
    expect(pending.map((a) => a.entryId)).toContain(line.id)

    const res = await decide(line.id, 'uphold', ADMIN, '未见抽调通知，维持扣分')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'upheld',
      decision: { decision: 'upheld', note: '未见抽调通知，维持扣分', by: { name: '钱晓' }, correctionEntryId: null },
    })

    const me = await myPoints(app, CHENQIANG)
    expect(me.total.total).toBe(total)
    const after = me.entries.find((e) => e.id === line.id)
    expect(after).toMatchObject({ appealable: false, correctedBy: null, appeal: { status: 'upheld' } })
    expect(await app.db.models.LedgerEntry.countDocuments({ corrects: line.id })).toBe(0)

    const notes = await appealNotes(line.taskId)
    expect(notes.map((n) => n.label)).toEqual(['提出积分申诉', '申诉已处理：维持'])
    expect(notes[1]).toMatchObject({
      actor: { id: ADMIN, name: '钱晓' },
      note: `陈强对「${line.reason}」的申诉：维持原扣分 −2。未见抽调通知，维持扣分`,
      data: { decision: 'upheld', appealId: line.id },
    })
    // the appellant is told, once: 维持, the deduction and the admin's note, linking to 我的积分
    const notices = await decisionNotices(line.id)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({
      recipients: [CHENQIANG],
      page: 'pages/points/index',
      data: { decision: '维持', delta: -2, note: '未见抽调通知，维持扣分', entryReason: line.reason, taskNo: line.taskNo, by: '钱晓' },
    })
    // the notes change nothing else about the task: same state, same buttons, same place in the lists
    const now = await task(line.taskId)
    expect(now).toMatchObject({ state: before.state, actions: before.actions, updatedAt: before.updatedAt, seq: before.seq + 2 })
  })
})

describe('an appeal the admin grants writes a correction', () => {
  it('a new line gives the points back and references the deduction; the deduction itself is untouched', async () => {
    const { line, total } = await releasedDeduction()
    await appeal(line.id)
    const res = await decide(line.id, 'grant', ADMIN, '经核实确系临时抽调')
    expect(res.status).toBe(200)
    expect(res.body.decision.correctionEntryId).toBe(`${line.id}:appeal_granted`)

    const me: PersonPointsView = await myPoints(app, CHENQIANG)
    expect(me.total.total).toBe(total + 2)
    const original = me.entries.find((e) => e.id === line.id)
    expect(original).toMatchObject({ delta: -2, reason: line.reason, correctedBy: `${line.id}:appeal_granted`, appeal: { status: 'granted' } })
    const correction = me.entries.find((e) => e.corrects === line.id)
    expect(correction).toMatchObject({
      delta: 2,
      kind: 'deduction',
      reasonCode: 'appeal_granted',
      reason: `申诉成立，冲正「${line.reason}」 +2`,
      taskId: line.taskId,
    })
    const stored = await app.db.models.LedgerEntry.findById(`${line.id}:appeal_granted`).lean()
    expect(stored?.by).toEqual({ id: ADMIN, name: '钱晓' })

    const notes = await appealNotes(line.taskId)
    expect(notes.map((n) => n.label)).toEqual(['提出积分申诉', '申诉已处理：已更正'])
    expect(notes[1]).toMatchObject({
      note: `陈强对「${line.reason}」的申诉：申诉成立，冲正 +2。经核实确系临时抽调`,
      data: { decision: 'granted', correctionEntryId: `${line.id}:appeal_granted` },
    })
    expect(await decisionNotices(line.id)).toEqual([
      expect.objectContaining({ recipients: [CHENQIANG], data: expect.objectContaining({ decision: '已更正', delta: -2, note: '经核实确系临时抽调' }) }),
    ])
    // the task's 积分 card: the deduction, its appeal and the correction, for the worker and the centre
    const card = (await as(app, CHENQIANG).get(`/api/points/tasks/${line.taskId}`)).body
    expect(card.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([line.id, `${line.id}:appeal_granted`]))
    expect(card.appeals).toEqual([expect.objectContaining({ entryId: line.id, status: 'granted' })])
    // scoring ignores the notes: nothing left for the catch-up job to write
    expect((await catchUpScoring(await settledJobDeps(app))).inserted).toBe(0)
    expect(await app.db.models.ScoredEvent.countDocuments({ _id: { $regex: `^${line.taskId}:` } })).toBe(1)
  })

  it('a granted decision whose correction and flag were lost in a crash is repaired, once', async () => {
    const { line } = await releasedDeduction()
    await appeal(line.id)
    await decide(line.id, 'grant')
    const { Appeal, LedgerEntry } = app.db.models
    expect(await Appeal.findById(line.id).lean()).toMatchObject({ decided: true })
    // the crash: after the decision, before its correction and flag
    await LedgerEntry.deleteOne({ _id: `${line.id}:appeal_granted` })
    await Appeal.updateOne({ _id: line.id }, { $set: { decided: false } })
    const deps = await settledJobDeps(app)
    const [a, b] = await Promise.all([repairDecisions(deps), repairDecisions(deps)]) // two instances at once
    expect(a + b).toBeGreaterThanOrEqual(1)
    expect(await repairDecisions(deps)).toBe(0)
    expect(await LedgerEntry.countDocuments({ corrects: line.id })).toBe(1)
    expect(await Appeal.findById(line.id).lean()).toMatchObject({ decided: true })
  })

  it('a retried decision finishes what a crash left of the first one', async () => {
    const { line } = await releasedDeduction()
    await appeal(line.id)
    await decide(line.id, 'grant')
    await app.db.models.LedgerEntry.deleteOne({ _id: `${line.id}:appeal_granted` }) // the crash
    expect((await decide(line.id, 'grant')).status).toBe(409)
    expect(await app.db.models.LedgerEntry.countDocuments({ corrects: line.id })).toBe(1)
  })
})

describe('what cannot be appealed or decided', () => {
  it('two admins deciding at once: one decision, the other is told who decided', async () => {
    const { line } = await releasedDeduction()
    await appeal(line.id)
    const [a, b] = await Promise.all([decide(line.id, 'grant', ADMIN), decide(line.id, 'uphold', SECOND_ADMIN)])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const winner = a.status === 200 ? a : b
    const corrections = await app.db.models.LedgerEntry.countDocuments({ corrects: line.id })
    expect(corrections).toBe(winner.body.status === 'granted' ? 1 : 0)

    // one decided note, the winner's; a retried decision and a repair add nothing
    expect((await decide(line.id, 'grant', ADMIN)).status).toBe(409)
    expect(await repairAppealNotes(await settledJobDeps(app))).toBe(0)
    const notes = await appealNotes(line.taskId)
    expect(notes.map((n) => n.type)).toEqual(['appeal_filed', 'appeal_decided'])
    expect(notes[1]).toMatchObject({ actor: { name: winner.body.decision.by.name }, data: { decision: winner.body.status } })
    // and one notice, saying what the winner decided
    const notices = await decisionNotices(line.id)
    expect(notices.map((n) => n.data.decision)).toEqual([winner.body.status === 'granted' ? '已更正' : '维持'])
  })

  it('a retried appeal is a 409 and leaves one note', async () => {
    const { line } = await releasedDeduction()
    const [a, b] = await Promise.all([appeal(line.id), appeal(line.id)])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    expect((await appeal(line.id)).status).toBe(409)
    expect((await appealNotes(line.taskId)).map((n) => n.type)).toEqual(['appeal_filed'])
  })

  it('the same deduction twice, someone else’s deduction, a bonus, a non-admin decision', async () => {
    const { line } = await releasedDeduction()
    expect((await appeal(line.id)).status).toBe(201)
    const again = await appeal(line.id)
    expect(again.status).toBe(409)
    expect(again.body.error.message).toContain('已对这条扣分提出过申诉')

    const other = await as(app, 'u-wangli').post('/api/points/appeals', { entryId: line.id, reason: '替同事申诉一下' })
    expect(other.status).toBe(403)

    const { id } = await acceptedTask(app, 'u-wangli')
    const bonus = (await myPoints(app, 'u-wangli')).entries.find((e) => e.taskId === id && e.delta > 0)
    const positive = await as(app, 'u-wangli').post('/api/points/appeals', { entryId: bonus?.id, reason: '我觉得应该更多' })
    expect(positive.status).toBe(422)
    expect(positive.body.error.message).toBe('只能对扣分提出申诉')

    expect((await decide(line.id, 'grant', CHENQIANG)).status).toBe(403)
    expect((await as(app, CHENQIANG).post('/api/points/appeals', { entryId: line.id, reason: '短' })).status).toBe(400)
  })

  it('a worker lists only their own appeals', async () => {
    const mine = (await as(app, CHENQIANG).get('/api/points/appeals?status=all')).body.items as AppealView[]
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((a) => a.userId === CHENQIANG)).toBe(true)
    expect((await as(app, 'u-wangli').get('/api/points/appeals?status=all')).body.items).toEqual([])
  })
})

/** Every page of the appeals list, following `nextCursor`. */
async function allPages(userId: string, status: string, limit: number): Promise<AppealView[]> {
  const out: AppealView[] = []
  let cursor: string | null = null
  for (let i = 0; i < 500; i++) {
    const res = await as(app, userId).get(`/api/points/appeals?status=${status}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`)
    out.push(...res.body.items)
    cursor = res.body.nextCursor
    if (!cursor) return out
  }
  throw new Error('the list never ends')
}

describe('the appeals list', () => {
  let lines: Array<{ id: string }> = []

  beforeAll(async () => {
    // three appeals; the two newest decided
    lines = []
    for (let i = 0; i < 3; i++) {
      const { line } = await releasedDeduction()
      expect((await appeal(line.id)).status).toBe(201)
      lines.push(line)
    }
    await decide(lines[1].id, 'uphold')
    await decide(lines[2].id, 'grant')
  })

  it('filters by status before cutting the page: newer decided appeals do not push an older pending one out', async () => {
    const first = await as(app, ADMIN).get('/api/points/appeals?status=pending&limit=1')
    expect(first.status).toBe(200)
    expect(first.body.items).toEqual([expect.objectContaining({ status: 'pending' })])
    const pending = await allPages(ADMIN, 'pending', 1)
    expect(pending.map((a) => a.entryId)).toContain(lines[0].id)
    expect(pending.every((a) => a.status === 'pending')).toBe(true)
    const decided = await allPages(ADMIN, 'decided', 1)
    expect(decided.map((a) => a.entryId)).toEqual(expect.arrayContaining([lines[1].id, lines[2].id]))
    expect(decided.every((a) => a.status !== 'pending')).toBe(true)
  })

  it('pages through every appeal once, newest first', async () => {
    const all = await allPages(ADMIN, 'all', 2)
    expect(all).toHaveLength(await app.db.models.Appeal.countDocuments({}))
    expect(new Set(all.map((a) => a.entryId)).size).toBe(all.length)
    const times = all.map((a) => new Date(a.createdAt).getTime())
    expect(times).toEqual([...times].sort((x, y) => y - x))
    // a worker's pages hold only their own
    const mine = await allPages(CHENQIANG, 'all', 2)
    expect(mine.length).toBeGreaterThanOrEqual(3)
    expect(mine.every((a) => a.userId === CHENQIANG)).toBe(true)
  })

  it('an appeal stored before the decided flag existed is listed by its decision', async () => {
    const { Appeal, AppealDecision } = app.db.models
    const old = { userId: CHENQIANG, userName: '陈强', taskId: 'T-legacy', taskNo: 'JQ-legacy', reason: '旧版本提交的申诉', createdAt: new Date() }
    await Appeal.collection.insertMany([
      { _id: 'legacy-open', ...old },
      { _id: 'legacy-decided', ...old },
    ] as never)
    await AppealDecision.create({
      _id: 'legacy-decided',
      decision: 'upheld',
      note: '已核实',
      by: { id: ADMIN, name: '钱晓' },
      at: new Date(),
      correctionEntryId: '',
    })
    const ids = async (status: string) => (await allPages(ADMIN, status, 5)).map((a) => a.entryId)
    expect(await ids('pending')).toContain('legacy-open')
    expect(await ids('pending')).not.toContain('legacy-decided')
    expect(await ids('decided')).toContain('legacy-decided')
    expect(await ids('decided')).not.toContain('legacy-open')
  })

  it('bad paging input is a 400 in Chinese, not a 500', async () => {
    const bad = await as(app, ADMIN).get('/api/points/appeals?status=all&cursor=not-a-cursor')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toBe('分页参数无效，请从第一页重新加载')
    const forged = Buffer.from(JSON.stringify({ t: 'x', id: 1 })).toString('base64url')
    expect((await as(app, ADMIN).get(`/api/points/appeals?cursor=${forged}`)).status).toBe(400)
    expect((await as(app, ADMIN).get('/api/points/appeals?limit=0')).status).toBe(400)
    expect((await as(app, ADMIN).get('/api/points/appeals?status=open')).status).toBe(400)
  })
})

describe('the timeline notes', () => {
  it('are added to a closed or cancelled task too', async () => {
    const { taskId, line } = await releasedDeduction()
    expect((await as(app, DISPATCHER).post(`/api/tasks/${taskId}/cancel`, { closureCode: 'duplicate', reason: '与另一工单重复' })).status).toBe(200)
    expect((await appeal(line.id)).status).toBe(201)
    expect((await decide(line.id, 'grant')).status).toBe(200)
    const t = await task(taskId)
    expect(t.state).toBe('cancelled')
    expect(t.timeline.slice(-2).map((e) => e.label)).toEqual(['提出积分申诉', '申诉已处理：已更正'])
  })

  it('are shown to the appellant and those who see every line of the task, not to others who may open it', async () => {
    const { taskId, line } = await releasedDeduction()
    await appeal(line.id)
    expect(await appealNotes(taskId, DISPATCHER)).toHaveLength(1)
    expect(await appealNotes(taskId, ADMIN)).toHaveLength(1)
    const community = await task(taskId, 'u-linfang') // 新城社区 staff: sees the task, not 陈强's points
    expect(community.timeline.some((e) => e.type === 'appeal_filed')).toBe(false)
    expect(community.timeline.some((e) => e.type === 'released')).toBe(true)
  })

  it('a step a crash left out of the timeline is appended by the repair, once, filed before decided', async () => {
    const { taskId, line } = await releasedDeduction()
    const { Appeal, AppealDecision, AppealNote } = app.db.models
    const now = new Date()
    // the crash: the appeal and its decision are in, neither note is
    await Appeal.create({ _id: line.id, userId: CHENQIANG, userName: '陈强', taskId, taskNo: line.taskNo, reason: '系统故障导致无法开始处置', createdAt: now })
    await AppealDecision.create({ _id: line.id, decision: 'upheld', note: '已核实', by: { id: ADMIN, name: '钱晓' }, at: now, correctionEntryId: '' })
    expect(await appealNotes(taskId)).toEqual([])
    const deps = await settledJobDeps(app)
    const results = await Promise.all([repairAppealNotes(deps), repairAppealNotes(deps), decide(line.id, 'grant', SECOND_ADMIN)])
    expect(results[2].status).toBe(409)
    expect((results[0] as number) + (results[1] as number)).toBeLessThanOrEqual(2)
    expect((await appealNotes(taskId)).map((n) => n.label)).toEqual(['提出积分申诉', '申诉已处理：维持'])
    expect(await repairAppealNotes(await settledJobDeps(app))).toBe(0)
    // the decision nobody was told of in the crash is told by the repair, once
    expect((await decisionNotices(line.id)).map((n) => n.data.decision)).toEqual(['维持'])

    // a crash after the note but before its mark: the repair finds the note in the log and only marks it
    await AppealNote.deleteOne({ _id: `${line.id}:decided` })
    expect(await repairAppealNotes(await settledJobDeps(app))).toBe(0)
    expect(await AppealNote.exists({ _id: `${line.id}:decided` })).toBeTruthy()
    expect(await appealNotes(taskId)).toHaveLength(2)
  })

  it('the repair reads recent steps only: one a crash left out hours ago is left to a retried request', async () => {
    const { taskId, line } = await releasedDeduction()
    const long = new Date(Date.now() - 4 * 3_600_000)
    await app.db.models.Appeal.create({ _id: line.id, userId: CHENQIANG, userName: '陈强', taskId, taskNo: line.taskNo, reason: '系统故障', createdAt: long })
    expect(await repairAppealNotes(await settledJobDeps(app))).toBe(0)
    expect(await appealNotes(taskId)).toEqual([])
    expect((await appeal(line.id)).status).toBe(409) // the worker tries again: told it is in, and the note is put in
    expect((await appealNotes(taskId)).map((n) => n.type)).toEqual(['appeal_filed'])
  })
})
