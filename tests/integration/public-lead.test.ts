/**
 * A citizen's filing that joins a lead founded by another channel: a 110 call founds the lead, the
 * citizen files about the same incident (same phone, door and time, so linking joins them), the centre
 * converts the lead — the task names the 110 call, not the case code — and it is handled to the end.
 * The case follows the lead to its task: every public milestone once, one SMS each, nothing internal
 * (of the task or of the 110 call) in what the citizen sees, and every event delivered again changes
 * nothing.
 */

import { DOMAINS } from '../../bff/src/domains'
import { ManualClock } from '../../bff/src/infra/clock'
import { settleDeferred } from '../../bff/src/kernel/background'
import { defineDomain } from '../../bff/src/kernel/domain'
import type { DomainEvents } from '../../bff/src/kernel/events'
import { linkCaseToTask } from '../../bff/src/public/case-tasks'
import { repairMilestones } from '../../bff/src/public/jobs'
import { startTestApp, type TestApp } from '../support/app'
import { installKeys, pushOk } from '../support/intake'
import { citizen, fileDispute, internalIn, leadsWaitForCentre, loginCitizen, setAutoConvertAbove } from './public-fixtures'
import { as, DISPATCHER, WANGLI } from './tasks-fixtures'

type Heard = { [K in 'lead.linked' | 'lead.updated' | 'task.appended']: { topic: K; payload: DomainEvents[K] } }[
  | 'lead.linked'
  | 'lead.updated'
  | 'task.appended']
const heard: Heard[] = []

/** Keeps every lead and task event, to deliver them all again at the end. */
const recorder = defineDomain({
  name: 'recording',
  listeners: () => [
    { topic: 'lead.linked', name: 'test.lead-linked', handle: async (payload) => void heard.push({ topic: 'lead.linked', payload }) },
    { topic: 'lead.updated', name: 'test.lead-updated', handle: async (payload) => void heard.push({ topic: 'lead.updated', payload }) },
    { topic: 'task.appended', name: 'test.task-appended', handle: async (payload) => void heard.push({ topic: 'task.appended', payload }) },
  ],
})

const NOW = Date.parse('2026-11-20T10:00:00+08:00')
const CALL_ID = 'J33028220261120000777'
const CALLER = '王建国'
const PHONE = '13805740101'
const INTERNAL_NOTE = '内部：双方情绪激动，注意安全'
const REVIEW_NOTE = '审核意见：材料齐全'
let app: TestApp
let defaultThreshold: number

beforeAll(async () => {
  app = await startTestApp({ clock: new ManualClock(NOW), domains: [...DOMAINS, recorder] })
  await installKeys(app)
  // the lead waits for the centre (no automatic conversion), as a person converts it in this story
  defaultThreshold = await leadsWaitForCentre(app)
})
afterAll(() => app.close())

const leadOf = async (key: string) => (await app.db.models.IntakeSource.findById(key).lean())?.leadId as string | undefined
// the milestones are recorded just after each task command answers (kernel/background.ts)
const milestoneTexts = async (code: string) => {
  await settleDeferred(app.db)
  return app.db.models.SmsOutbox.find({ template: 'public_milestone', 'data.code': code }).lean()
}

async function publicView(token: string, code: string) {
  const res = await citizen(app, token).get(`/api/public/cases/${code}`)
  expect(res.status).toBe(200)
  expect(
    internalIn({ ...res.body, qrSvg: undefined }, [INTERNAL_NOTE, REVIEW_NOTE, CALL_ID, CALLER, '赵燕', '王丽', 'JQ2026', 'XS2026', '红色', '黄色', '预警']),
  ).toEqual([])
  return res.body as { milestoneLabel: string; timeline: Array<{ label: string; text: string }> }
}

let code: string
let leadId: string

describe('a citizen’s filing that joins a 110 lead follows the lead’s task', () => {
  let token: string
  let taskId: string

  it('the 110 call founds a lead; the citizen’s filing about the same incident joins it', async () => {
    await pushOk(app, '110', [
      {
        警情编号: CALL_ID,
        报警时间: '2026/11/20 9:05',
        报警人: CALLER,
        报警电话: PHONE,
        发生地址: '新城花苑5幢2单元301室',
        警情类别: '纠纷-邻里纠纷',
        简要警情: '楼上装修噪音大，双方发生争吵',
        是否非警务: '是',
      },
    ])
    leadId = (await leadOf(`110:${CALL_ID}`)) as string
    expect(leadId).toMatch(/^XS/)
    token = await loginCitizen(app, PHONE)
    code = await fileDispute(app, token, {
      content: '楼上装修噪音很大，晚上还在敲打，吵了一架',
      addressNote: '新城花苑5幢2单元301室',
      occurredAt: '2026-11-20T09:00:00+08:00',
    })
    expect(await leadOf(`public:${code}`)).toBe(leadId)
    expect((await app.db.models.PublicCase.findById(code).lean())?.leadId).toBe(leadId)
    expect((await publicView(token, code)).timeline.map((m) => m.label)).toEqual(['已提交'])
  })

  it('the centre converts the lead: the task names the 110 call, and the citizen sees 已受理', async () => {
    const res = await as(app, DISPATCHER).post(`/api/intake/leads/${leadId}/convert`).send({ handler: 'grid', territory: 'GT-01-01' })
    expect([res.status, res.body.error]).toEqual([200, undefined])
    taskId = res.body.taskId ?? res.body.lead?.taskId
    expect(taskId).toBeTruthy()
    const task = await app.db.models.Task.findById(taskId).lean()
    expect(task?.sourceRef).toBe(CALL_ID)
    expect((await app.db.models.PublicCase.findById(code).lean())?.taskId).toBe(taskId)
    expect((await publicView(token, code)).milestoneLabel).toBe('已受理')
  })

  it('handled to the end: every milestone once, one SMS each', async () => {
    expect((await as(app, WANGLI).post(`/api/tasks/${taskId}/claim`, {})).status).toBe(200)
    expect((await publicView(token, code)).timeline.at(-1)?.label).toBe('已分派至网格工作人员')
    expect((await as(app, WANGLI).post(`/api/tasks/${taskId}/progress`, { kind: 'mediation', note: INTERNAL_NOTE })).status).toBe(200)
    expect((await publicView(token, code)).milestoneLabel).toBe('调解中')
    expect((await as(app, WANGLI).post(`/api/tasks/${taskId}/submit`, { note: '双方约定装修只在白天进行' })).status).toBe(200)
    const review = await as(app, DISPATCHER).post(`/api/tasks/${taskId}/review`, { decision: 'accept', rating: 5, closureCode: 'mediated', note: REVIEW_NOTE })
    expect(review.status).toBe(200)
    const view = await publicView(token, code)
    expect(view.timeline.map((m) => m.label)).toEqual(['已提交', '已受理', '已分派至网格工作人员', '调解中', '已办结'])
    expect(view.timeline.at(-1)?.text).toBe('已办结：调解成功，双方达成一致。')
    const texts = await milestoneTexts(code)
    expect(texts).toHaveLength(5)
    expect(new Set(texts.map((t) => t.data.status)).size).toBe(5)
    expect(await app.db.models.SmsOutbox.countDocuments({ template: 'public_rating', 'data.code': code })).toBe(1)
  })

  it('every lead and task event delivered again (in reverse order too) changes nothing', async () => {
    const before = {
      milestones: await app.db.models.PublicMilestone.find({ code }).sort({ _id: 1 }).lean(),
      texts: (await milestoneTexts(code)).length,
      rating: await app.db.models.SmsOutbox.countDocuments({ template: 'public_rating', 'data.code': code }),
      links: await app.db.models.PublicTaskCase.countDocuments({}),
    }
    const ours = heard.filter((h) => (h.topic === 'task.appended' ? h.payload.after.id === taskId : h.payload.leadId === leadId))
    expect(ours.filter((h) => h.topic !== 'task.appended').length).toBeGreaterThan(1)
    for (const h of [...ours, ...[...ours].reverse()]) await app.deps.events.publish(h.topic, h.payload as never)
    await settleDeferred(app.db)
    expect(await app.db.models.PublicMilestone.find({ code }).sort({ _id: 1 }).lean()).toEqual(before.milestones)
    expect((await milestoneTexts(code)).length).toBe(before.texts)
    expect(await app.db.models.SmsOutbox.countDocuments({ template: 'public_rating', 'data.code': code })).toBe(before.rating)
    expect(await app.db.models.PublicTaskCase.countDocuments({})).toBe(before.links)
    const c = await app.db.models.PublicCase.findById(code).lean()
    expect([c?.leadId, c?.taskId, c?.milestone]).toEqual([leadId, taskId, 'closed'])
  })
})

describe('at the same moment', () => {
  it('the same lead event delivered five times at once: one link, one slot, each milestone and text once', async () => {
    const callId = 'J33028220261120000999'
    await pushOk(app, '110', [
      {
        警情编号: callId,
        报警时间: '2026/11/20 9:40',
        报警人: '赵刚',
        报警电话: '13805740404',
        发生地址: '新城花苑11幢1单元301室',
        警情类别: '纠纷-邻里纠纷',
        简要警情: '楼上空调外机滴水，双方争吵',
        是否非警务: '是',
      },
    ])
    const lead = (await leadOf(`110:${callId}`)) as string
    const t = await loginCitizen(app, '13805740404')
    const c = await fileDispute(app, t, {
      content: '楼上空调外机一直滴水到我家阳台',
      addressNote: '新城花苑11幢1单元301室',
      occurredAt: '2026-11-20T09:30:00+08:00',
    })
    expect(await leadOf(`public:${c}`)).toBe(lead)
    const converted = await as(app, DISPATCHER).post(`/api/intake/leads/${lead}/convert`).send({ handler: 'grid', territory: 'GT-01-01' })
    const task = converted.body.taskId ?? converted.body.lead?.taskId
    const update = heard.find((h) => h.topic === 'lead.updated' && h.payload.leadId === lead && h.payload.taskId === task)
    expect(update).toBeDefined()
    await Promise.all(Array.from({ length: 5 }, () => app.deps.events.publish('lead.updated', update!.payload as DomainEvents['lead.updated'])))
    await settleDeferred(app.db)
    expect(await app.db.models.PublicCaseTask.find({ _id: c }).lean()).toEqual([expect.objectContaining({ taskId: task, via: 'lead', leadId: lead })])
    expect(await app.db.models.PublicTaskCase.find({ code: c }).lean()).toHaveLength(1)
    expect(await app.db.models.PublicMilestone.countDocuments({ code: c })).toBe(2)
    expect(await milestoneTexts(c)).toHaveLength(2)
  })

  it('two tasks claiming one case at once: the first insert keeps it, both are told which', async () => {
    const t = await loginCitizen(app, '13805740505')
    const c = await fileDispute(app, t, { content: '隔壁装修把我家墙震裂了', addressNote: '新城花苑12幢1单元101室' })
    const [a, b] = await Promise.all([
      linkCaseToTask(app.deps, c, 'JQ20261120-9001', { via: 'lead', leadId: 'XS20261120-00000001' }),
      linkCaseToTask(app.deps, c, 'JQ20261120-9002', { via: 'lead', leadId: 'XS20261120-00000002' }),
    ])
    expect(a).toBe(b)
    const kept = (await app.db.models.PublicCaseTask.findById(c).lean())?.taskId
    expect(kept).toBe(a)
    expect((await app.db.models.PublicCase.findById(c).lean())?.taskId).toBe(a)
    expect(await app.db.models.PublicTaskCase.find({ code: c }).lean()).toEqual([expect.objectContaining({ _id: `${a}#01` })])
  })
})

describe('研判 search by a record’s number', () => {
  const search = (q: string, view = 'inbox') => as(app, DISPATCHER).get(`/api/intake/leads?view=${view}&q=${encodeURIComponent(q)}`)

  it('a case code (lower case, spaces) or the 110 警情编号 finds the lead holding it, even decided', async () => {
    // the first story's case: its lead was founded by the 110 call and is converted
    const lead = leadId
    const typed = `${code.slice(0, 6).toLowerCase()} ${code.slice(6)}`
    for (const q of [typed, CALL_ID, CALL_ID.toLowerCase()]) {
      const res = await search(q)
      expect([res.status, res.body.byRecord, res.body.items.map((l: { id: string }) => l.id)]).toEqual([200, true, [lead]])
      expect(res.body.items[0].state).toBe('converted')
    }
  })

  it('words that are no record’s number search titles in the queue as before; a number nobody holds finds nothing', async () => {
    const res = await search('装修')
    expect([res.status, res.body.byRecord]).toEqual([200, undefined])
    const none = await search('GZ22222222')
    expect([none.status, none.body.items]).toEqual([200, []])
  })

  it('a search too long is a 400 a person can act on', async () => {
    const res = await search('J'.repeat(41))
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(res.body.error.message).toMatch(/搜索内容最多 40 个字/)
  })
})

describe('a filing that joins a lead already made into a task', () => {
  it('catches up with the task at once: 已受理 and 已分派 from the task’s events so far, each texted once', async () => {
    const callId = 'J33028220261120000888'
    await pushOk(app, '110', [
      {
        警情编号: callId,
        报警时间: '2026/11/20 9:30',
        报警人: '李秀英',
        报警电话: '13805740202',
        发生地址: '新城花苑7幢1单元201室',
        警情类别: '纠纷-邻里纠纷',
        简要警情: '邻居在楼道堆放杂物，双方争吵',
        是否非警务: '是',
      },
    ])
    const lead = (await leadOf(`110:${callId}`)) as string
    const converted = await as(app, DISPATCHER).post(`/api/intake/leads/${lead}/convert`).send({ handler: 'grid', territory: 'GT-01-01' })
    expect(converted.status).toBe(200)
    const task = converted.body.taskId ?? converted.body.lead?.taskId
    expect((await as(app, WANGLI).post(`/api/tasks/${task}/claim`, {})).status).toBe(200)

    const t = await loginCitizen(app, '13805740202')
    const c = await fileDispute(app, t, {
      content: '邻居在楼道堆放杂物，说了也不搬',
      addressNote: '新城花苑7幢1单元201室',
      occurredAt: '2026-11-20T09:20:00+08:00',
    })
    expect(await leadOf(`public:${c}`)).toBe(lead)
    const res = await citizen(app, t).get(`/api/public/cases/${c}`)
    expect(res.body.timeline.map((m: { label: string }) => m.label)).toEqual(['已提交', '已受理', '已分派至网格工作人员'])
    expect(await milestoneTexts(c)).toHaveLength(3)
    // the next event of the task reaches it through the link
    expect((await as(app, WANGLI).post(`/api/tasks/${task}/progress`, { kind: 'mediation', note: INTERNAL_NOTE })).status).toBe(200)
    expect((await citizen(app, t).get(`/api/public/cases/${c}`)).body.milestoneLabel).toBe('调解中')
    expect(await milestoneTexts(c)).toHaveLength(4)
    // a crash between the link and the task's slot: the repair job puts the slot back
    await app.db.models.PublicTaskCase.deleteOne({ _id: `${task}#01` })
    await repairMilestones(app.deps)
    expect(await app.db.models.PublicTaskCase.findById(`${task}#01`).lean()).toMatchObject({ code: c })
    expect(await milestoneTexts(c)).toHaveLength(4)
  })
})

describe('a filing that founds a lead the routing table converts by itself', () => {
  it('follows the task at once (the case exists before its record is linked)', async () => {
    await setAutoConvertAbove(app, defaultThreshold)
    const t = await loginCitizen(app, '13805740303')
    const c = await fileDispute(app, t, { content: '楼上卫生间漏水到我家天花板，沟通多次没有处理', addressNote: '新城花苑9幢1单元101室' })
    const lead = await as(app, DISPATCHER).get(`/api/intake/leads/${await leadOf(`public:${c}`)}`)
    expect([lead.body.state, lead.body.decision?.auto]).toEqual(['converted', true])
    expect((await app.db.models.Task.findById(lead.body.taskId).lean())?.sourceRef).toBe(c)
    expect((await app.db.models.PublicCase.findById(c).lean())?.taskId).toBe(lead.body.taskId)
    expect((await citizen(app, t).get(`/api/public/cases/${c}`)).body.timeline.map((m: { label: string }) => m.label)).toEqual(['已提交', '已受理'])
    // the desk opening it finds that task instead of making a second one
    const desk = await as(app, DISPATCHER).post(`/api/public-cases/${c}/accept`, {})
    expect(desk.body.taskId).toBe(lead.body.taskId)
  })
})
