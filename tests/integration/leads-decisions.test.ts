import type { LeadDetailView, RoutingTableView } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { installKeys, pushOk } from '../support/intake'
import { as, DISPATCHER, HEJUN } from './tasks-fixtures'

/**
 * The centre's decisions on leads: split a wrong link and merge a missed one (both recorded in the
 * timeline with who and why), attach to an open task (its people told), transfer, resolve and reopen;
 * the routing table routes a sure lead by itself — to a department or to a community's pool — and a
 * lead below the threshold waits for a person.
 */
let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  await installKeys(app)
})
afterAll(() => app.close())

const call110 = (id: string, o: Record<string, string> = {}) => ({
  警情编号: id,
  报警时间: '2026/11/22 9:05',
  报警人: '刘芳',
  报警电话: '13905741212',
  发生地址: '新城花苑7幢1单元201室',
  警情类别: '纠纷-邻里纠纷',
  简要警情: '邻居装修占用楼道，双方争吵',
  是否非警务: '是',
  ...o,
})
const leadOf = async (key: string) => (await app.db.models.IntakeSource.findById(key).lean())?.leadId as string
const get = async (id: string) => (await as(app, DISPATCHER).get(`/api/intake/leads/${id}`)).body as LeadDetailView
const post = (id: string, verb: string, body: unknown, user = DISPATCHER) =>
  as(app, user)
    .post(`/api/intake/leads/${id}/${verb}`)
    .send(body as object)

async function setRouting(change: (t: RoutingTableView) => Partial<{ autoConvertAbove: number; rows: unknown[] }>) {
  const t = (await as(app, 'u-admin').get('/api/intake/routing')).body as RoutingTableView
  const rows = t.rows.map((r) => ({ category: r.category, handler: r.handler, department: r.department, tier: r.tier, claimMode: r.claimMode, auto: r.auto }))
  const res = await as(app, 'u-admin')
    .put('/api/intake/routing')
    .send({ baseVersion: t.version, rows, autoConvertAbove: t.autoConvertAbove, ...change({ ...t, rows } as RoutingTableView) })
  expect([res.status, res.body.error]).toEqual([200, undefined])
  return res.body as RoutingTableView
}

describe('routing by the table', () => {
  test('a sure neighbour dispute converts itself and is published to its community (村社先办)', async () => {
    await pushOk(app, '110', [call110('J33028220261122000001')])
    const l = await get(await leadOf('110:J33028220261122000001'))
    expect(l.state).toBe('converted')
    expect(l.decision).toMatchObject({ auto: true, by: '系统（自动分拨）' })
    const task = (await as(app, DISPATCHER).get(`/api/tasks/${l.taskId}`)).body
    expect(task.state).toBe('published')
    expect(task.source).toMatchObject({ leadId: l.id, channels: ['110'] })
  })

  test('the same kind routed to a department once the admin changes the row: routed to it at once', async () => {
    const code = (await get(await leadOf('110:J33028220261122000001'))).category.code
    await setRouting((t) => ({ rows: t.rows.map((r) => (r.category === code ? { ...(r as object), handler: 'department', department: 'PCS' } : r)) }))
    await pushOk(app, '110', [call110('J33028220261122000002', { 报警人: '周强', 报警电话: '13905743434', 发生地址: '新城花苑9幢2单元602室' })])
    const l = await get(await leadOf('110:J33028220261122000002'))
    expect([l.state, l.decision?.auto]).toEqual(['converted', true])
    const task = (await as(app, DISPATCHER).get(`/api/tasks/${l.taskId}`)).body
    expect([task.state, task.department?.code]).toEqual(['routed', 'PCS'])
  })

  test('below the threshold a lead waits for a person', async () => {
    await setRouting(() => ({ autoConvertAbove: 1.01 }))
    await pushOk(app, '110', [call110('J33028220261122000003', { 报警人: '吴敏', 报警电话: '13905745656', 发生地址: '新城花苑11幢1单元101室' })])
    expect((await get(await leadOf('110:J33028220261122000003'))).state).toBe('new')
  })
})

describe('split and merge, recorded', () => {
  test('a record linked by mistake is split out into its own lead; merged back, both moves are in the timeline', async () => {
    await pushOk(app, '12345', [
      {
        工单编号: 'NB2026112200077',
        来电时间: '2026-11-22 10:00',
        诉求人: '吴女士',
        来电号码: '13905745656',
        诉求类型: '城市管理-噪音扰民',
        诉求内容: '邻居装修噪音',
        事发地址: '古塘街道新城花苑11幢',
      },
    ])
    const leadId = await leadOf('110:J33028220261122000003')
    expect(await leadOf('12345:NB2026112200077')).toBe(leadId)
    const split = await post(leadId, 'split', { sourceKey: '12345:NB2026112200077', reason: '来电人说的是另一户的装修' })
    expect([split.status, split.body.error]).toEqual([200, undefined])
    const newLeadId = split.body.newLeadId as string
    expect(newLeadId).toMatch(/^XS/)
    expect(await leadOf('12345:NB2026112200077')).toBe(newLeadId)
    expect((split.body.lead as LeadDetailView).sources.map((s) => s.key)).toEqual(['110:J33028220261122000003'])
    const after = await get(leadId)
    expect(after.timeline.find((t) => t.type === 'split_off')).toMatchObject({ by: '赵燕', note: expect.stringContaining('来电人说的是另一户的装修') })

    const merged = await post(newLeadId, 'merge', { into: leadId, reason: '核实后确为同一件事' })
    expect([merged.status, merged.body.error]).toEqual([200, undefined])
    expect(await leadOf('12345:NB2026112200077')).toBe(leadId)
    const back = await get(leadId)
    expect(back.sources.map((s) => s.key).sort()).toEqual(['110:J33028220261122000003', '12345:NB2026112200077'])
    expect(back.timeline.find((t) => t.type === 'absorbed')?.note).toContain('核实后确为同一件事')
    const gone = await get(newLeadId)
    expect([gone.state, gone.mergedInto]).toEqual(['merged', leadId])
    // the member log keeps every move of the record
    const moves = await app.db.models.LeadMember.find({ sourceKey: '12345:NB2026112200077' }).sort({ gen: 1 }).lean()
    expect(moves.map((m) => m.leadId)).toEqual([leadId, newLeadId, leadId])
  })
})

describe('every inbox action', () => {
  test('并入已有工单: the lead joins an open task; the task notes it and its people are told', async () => {
    const taskLead = await get(await leadOf('110:J33028220261122000002'))
    await pushOk(app, '110', [call110('J33028220261122000010', { 报警人: '孙丽', 报警电话: '13905747878', 发生地址: '丰园村3组8号' })])
    const id = await leadOf('110:J33028220261122000010')
    const res = await post(id, 'attach', { taskId: taskLead.taskId })
    expect([res.status, res.body.error]).toEqual([200, undefined])
    expect((res.body.lead as LeadDetailView).state).toBe('attached')
    const events = await app.db.models.TaskEvent.find({ taskId: taskLead.taskId, type: 'source_added' }).lean()
    expect(events.map((e) => (e.data as { leadId: string }).leadId)).toEqual([id])
    const told = await app.db.models.Outbox.find({ template: 'task_source_added' }).lean()
    expect(told.flatMap((o) => o.recipients)).toContain(HEJUN)
    // again: nothing twice
    await post(id, 'attach', { taskId: taskLead.taskId })
    expect(await app.db.models.TaskEvent.countDocuments({ taskId: taskLead.taskId, type: 'source_added' })).toBe(1)
  })

  test('移交 needs whom; 已化解 and 重新研判 with reasons; a decided lead cannot be decided again', async () => {
    await pushOk(app, '110', [call110('J33028220261122000011', { 报警人: '郑浩', 报警电话: '13905749090', 发生地址: '丰园村5组2号' })])
    const id = await leadOf('110:J33028220261122000011')
    const noWhom = await post(id, 'transfer', { reason: '属市场监管' })
    expect([noWhom.status, noWhom.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect((await post(id, 'resolve', { reason: '民警到场已调解' })).status).toBe(200)
    const again = await post(id, 'refuse', { reason: '重复' })
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_TRANSITION'])
    expect(again.body.error.message).toMatch(/已化解.*不能不予受理/)
    expect((await post(id, 'reopen', { reason: '当事人再次来电' })).status).toBe(200)
    const t = await post(id, 'transfer', { to: '市场监管所', reason: '消费纠纷' })
    expect([t.status, (t.body.lead as LeadDetailView).decision]).toEqual([
      200,
      expect.objectContaining({ label: '移交', to: '市场监管所', reason: '消费纠纷' }),
    ])
  })

  test('only the centre decides; a grid worker is told who may', async () => {
    const id = await leadOf('110:J33028220261122000011')
    const res = await post(id, 'refuse', { reason: '无' }, 'u-wangli')
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })
})
