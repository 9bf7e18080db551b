/**
 * A citizen's filing whose lead the centre decides without a task (退回 / 移交 / 不予受理 / 已化解): the
 * citizen reads what happened in plain words — 已受理 (not for a refusal) and 已办结 with the result —
 * one SMS per milestone, a 回访 where the outcome is the centre's own (化解, a refusal) and none for a
 * matter handed to another authority. Nothing internal in what the citizen sees (the JSON walked at each
 * step); every lead event delivered again changes nothing; a case the desk already took into a task is
 * that task's, not closed by its lead's decision.
 */
import { DOMAINS } from '../../bff/src/domains'
import { ManualClock } from '../../bff/src/infra/clock'
import { settleDeferred } from '../../bff/src/kernel/background'
import { defineDomain } from '../../bff/src/kernel/domain'
import type { LeadUpdated } from '../../bff/src/leads/events'
import { startTestApp, type TestApp } from '../support/app'
import { citizen, fileDispute, internalIn, leadsWaitForCentre, loginCitizen, setAutoConvertAbove } from './public-fixtures'
import { as, DISPATCHER } from './tasks-fixtures'

const heard: LeadUpdated[] = []
const recorder = defineDomain({
  name: 'recording',
  listeners: () => [{ topic: 'lead.updated', name: 'test.lead-updated', handle: async (payload) => void heard.push(payload) }],
})

const NOW = Date.parse('2026-11-20T10:00:00+08:00')
// what staff write when deciding: internal, never for the citizen (except a refusal's reason)
const RESOLVE_NOTE = '网格员王丽上门，双方当场和解，赵燕电话确认'
const RETURN_REASON = '涉嫌殴打，属警务事项，内部备注：报警人情绪激动'
const TRANSFER_REASON = '消费纠纷，按职责移交，联系人 13805740999'
const REFUSE_REASON = '已经法院判决，属于执行阶段，请向法院申请执行'
const STAFF_WORDS = ['赵燕', '王丽', '内部', '报警人', '13805740999', 'XS2026', 'JQ2026', '红色', '黄色', '预警']

let app: TestApp
let defaultThreshold: number

beforeAll(async () => {
  app = await startTestApp({ clock: new ManualClock(NOW), domains: [...DOMAINS, recorder] })
  defaultThreshold = await leadsWaitForCentre(app)
}, 120_000)
afterAll(async () => {
  if (app) await setAutoConvertAbove(app, defaultThreshold).catch(() => {})
  await app?.close()
})

const leadOf = async (code: string) => (await app.db.models.IntakeSource.findById(`public:${code}`).lean())?.leadId as string
const texts = async (code: string) => {
  await settleDeferred(app.db)
  return app.db.models.SmsOutbox.find({ template: 'public_milestone', 'data.code': code }).sort({ _id: 1 }).lean()
}
const ratingTexts = (code: string) => app.db.models.SmsOutbox.countDocuments({ template: 'public_rating', 'data.code': code })

async function publicView(token: string, code: string) {
  const res = await citizen(app, token).get(`/api/public/cases/${code}`)
  expect(res.status).toBe(200)
  const body = { ...res.body, qrSvg: undefined }
  expect(internalIn(body, STAFF_WORDS)).toEqual([])
  const list = await citizen(app, token).get('/api/public/cases')
  expect(internalIn(list.body, STAFF_WORDS)).toEqual([])
  return res.body as { milestoneLabel: string; canRate: boolean; timeline: Array<{ label: string; text: string }> }
}

interface Case {
  verb: 'resolve' | 'return' | 'transfer' | 'refuse'
  body: Record<string, string>
  phone: string
  door: string
  labels: string[]
  closedText: string
  rated: boolean
}

const CASES: Case[] = [
  {
    verb: 'resolve',
    body: { reason: RESOLVE_NOTE },
    phone: '13905741001',
    door: '新城花苑21幢1单元101室',
    labels: ['已提交', '已受理', '已办结'],
    closedText: '已办结：经核实，问题已化解。',
    rated: true,
  },
  {
    verb: 'return',
    body: { to: '110', reason: RETURN_REASON },
    phone: '13905741002',
    door: '新城花苑22幢1单元101室',
    labels: ['已提交', '已受理', '已办结'],
    closedText: '已办结：已移交至公安机关（110）处理，请留意他们的联系。',
    rated: false,
  },
  {
    verb: 'transfer',
    body: { to: '市场监管局', reason: TRANSFER_REASON },
    phone: '13905741003',
    door: '新城花苑23幢1单元101室',
    labels: ['已提交', '已受理', '已办结'],
    closedText: '已办结：已移交至市场监管局处理，请留意他们的联系。',
    rated: false,
  },
  {
    verb: 'refuse',
    body: { reason: REFUSE_REASON },
    phone: '13905741004',
    door: '新城花苑24幢1单元101室',
    labels: ['已提交', '已办结'],
    closedText: `已办结：不予受理（${REFUSE_REASON}）。`,
    rated: true,
  },
]

describe.each(CASES)('a lead decided by $verb without a task', (c) => {
  let token: string
  let code: string
  let lead: string

  it('the citizen reads the outcome in plain words, one SMS per milestone', async () => {
    token = await loginCitizen(app, c.phone)
    code = await fileDispute(app, token, { content: `${c.verb}：楼道里堆满杂物，多次沟通无果`, addressNote: c.door })
    lead = await leadOf(code)
    expect(lead).toMatch(/^XS/)
    expect((await publicView(token, code)).timeline.map((m) => m.label)).toEqual(['已提交'])
    const res = await as(app, DISPATCHER).post(`/api/intake/leads/${lead}/${c.verb}`, c.body)
    expect([res.status, res.body.error]).toEqual([200, undefined])
    const view = await publicView(token, code)
    expect(view.timeline.map((m) => m.label)).toEqual(c.labels)
    expect(view.milestoneLabel).toBe('已办结')
    expect(view.timeline.at(-1)?.text).toBe(c.closedText)
    const sent = await texts(code)
    expect(sent.map((t) => t.data.status)).toEqual(expect.arrayContaining([c.closedText]))
    expect(sent).toHaveLength(c.labels.length)
    expect(
      internalIn(
        sent.map((t) => t.data),
        STAFF_WORDS,
      ),
    ).toEqual([])
  })

  it(c.rated ? 'a 回访 follows: one rating link, the rating taken once' : 'no 回访: handed to another authority, nothing of ours to rate', async () => {
    expect(await ratingTexts(code)).toBe(c.rated ? 1 : 0)
    expect((await publicView(token, code)).canRate).toBe(c.rated)
    const rate = await citizen(app, token).post(`/api/public/cases/${code}/rating`, { rating: 'basic' })
    if (c.rated) {
      expect([rate.status, rate.body.result]).toEqual([200, 'recorded'])
      expect(await app.db.models.PublicFollowup.countDocuments({ code })).toBe(1)
    } else {
      expect(rate.status).toBe(422)
      expect(rate.body.error.message).toContain('已移交其他单位')
      expect(await app.db.models.PublicFollowup.countDocuments({ code })).toBe(0)
    }
  })

  it('its lead events delivered again, in any order and at once, change nothing', async () => {
    const before = {
      milestones: await app.db.models.PublicMilestone.find({ code }).sort({ _id: 1 }).lean(),
      texts: (await texts(code)).length,
      rating: await ratingTexts(code),
      followups: await app.db.models.PublicFollowup.countDocuments({ code }),
    }
    const ours = heard.filter((h) => h.leadId === lead)
    expect(ours.some((h) => h.decision)).toBe(true)
    for (const h of [...ours, ...[...ours].reverse()]) await app.deps.events.publish('lead.updated', h)
    await Promise.all(ours.map((h) => app.deps.events.publish('lead.updated', h)))
    await settleDeferred(app.db)
    expect(await app.db.models.PublicMilestone.find({ code }).sort({ _id: 1 }).lean()).toEqual(before.milestones)
    expect((await texts(code)).length).toBe(before.texts)
    expect(await ratingTexts(code)).toBe(before.rating)
    expect(await app.db.models.PublicFollowup.countDocuments({ code })).toBe(before.followups)
  })
})

describe('a case the desk took into a task', () => {
  it('is not closed by its lead’s later decision: it follows the desk’s task', async () => {
    const token = await loginCitizen(app, '13905741005')
    const code = await fileDispute(app, token, { content: '隔壁养狗整夜叫，无法休息', addressNote: '新城花苑25幢1单元101室' })
    const accepted = await as(app, DISPATCHER).post(`/api/public-cases/${code}/accept`, { territory: 'GT-01' })
    expect(accepted.status).toBe(200)
    await settleDeferred(app.db)
    const res = await as(app, DISPATCHER).post(`/api/intake/leads/${await leadOf(code)}/refuse`, { reason: '与窗口已受理的工单重复' })
    expect(res.status).toBe(200)
    const view = await publicView(token, code)
    expect(view.milestoneLabel).toBe('已受理')
    expect(view.timeline.map((m) => m.label)).not.toContain('已办结')
  })
})
