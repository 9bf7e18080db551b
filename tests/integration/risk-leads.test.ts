/**
 * One lead = one incident (docs/risk.md#intake-records): the risk engine hears `lead.linked` and
 * `lead.updated` and notes the lead's records with the lead as their incident. A 110 call and a 12345
 * ticket of one dispute, 30 hours apart (past the time rule's 24 h, within the linker's 72 h), are
 * one lead and count once; the same caller a week later is a new lead linked as a repeat, and its
 * record carries the repeat factor in words; the same event delivered again changes nothing; a new
 * version of a record (the 处警情况 filled in later) is re-scored through `source_updated`.
 */
import { ManualClock } from '../../bff/src/infra/clock'
import type { LeadMemberDoc } from '../../bff/src/leads/model'
import type { RiskCaseDoc } from '../../bff/src/risk/model'
import { startAppWithSimulator, type TestApp } from '../support/app'
import { installKeys, pushOk } from '../support/intake'

const START = Date.parse('2026-11-02T02:00:00Z')
const DAY = 86_400_000
const HOUR = 3_600_000
let app: TestApp
let close: () => Promise<void>
const clock = new ManualClock(START)

beforeAll(async () => {
  ;({ app, close } = await startAppWithSimulator({ clock }))
  await installKeys(app)
})
afterAll(() => close())

/** 「2026/12/3 14:05」 in China time, as 110 writes it */
const chinaTime = (ms: number) => {
  const d = new Date(ms + 8 * HOUR)
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}
const call110 = (id: string, over: Record<string, string> = {}) => ({
  警情编号: id,
  报警时间: chinaTime(clock.now().getTime()),
  报警人: '王某英',
  报警电话: '13905748801',
  发生地址: '古塘街道新城花苑7幢202室',
  警情类别: '纠纷-家庭纠纷',
  简要警情: '夫妻吵架，女方要求民警到场',
  是否非警务: '是',
  ...over,
})
const ticket12345 = (id: string) => ({
  工单编号: id,
  来电时间: chinaTime(clock.now().getTime()),
  诉求人: '王女士',
  来电号码: '139-0574-8801',
  诉求类型: '家庭纠纷',
  诉求内容: '丈夫经常吵闹，要求社区介入调解',
  事发地址: '新城花苑7幢202',
})
const recordCase = (key: string) => app.db.models.RiskCase.findById(`record:${key}`).lean<RiskCaseDoc>()
const leadOf = async (key: string) => (await app.db.models.LeadMember.findById(`${key}#0001`).lean<LeadMemberDoc>())?.leadId
const repeatLines = (c: RiskCaseDoc | null) =>
  (c?.factors ?? []).filter((f) => f.text.includes('同一当事人') || f.text.includes('同一地址')).map((f) => `${f.text} +${f.points}`)

const CALL1 = '110:J330282202611020001'
const TICKET = '12345:NB2026110300031'
const CALL2 = '110:J330282202611100002'

describe('leads group intake records into incidents for the risk engine', () => {
  let lead1: string | undefined
  let lead2: string | undefined

  it('a 110 call and a 12345 ticket of one dispute are one lead and count once', async () => {
    await pushOk(app, '110', [call110('J330282202611020001')])
    clock.advance(30 * HOUR)
    await pushOk(app, '12345', [ticket12345('NB2026110300031')])

    lead1 = await leadOf(CALL1)
    expect(lead1).toBeDefined()
    expect(await leadOf(TICKET)).toBe(lead1)

    // noted by the listener in the push's own request, with the lead as their incident
    const call = await recordCase(CALL1)
    const ticket = await recordCase(TICKET)
    expect(call?.incident).toBe(`lead:${lead1}`)
    expect(ticket?.incident).toBe(`lead:${lead1}`)
    // 30 h apart: the time rule alone would have made two incidents (「第 2 次」); the lead says one
    expect(repeatLines(ticket)).toEqual([])
    expect(repeatLines(call)).toEqual([])
  })

  it('the same caller a week later is a repeat lead, and its record says so in words', async () => {
    clock.advance(7 * DAY)
    await pushOk(app, '110', [call110('J330282202611100002', { 简要警情: '夫妻又吵架，男方摔东西' })])
    lead2 = await leadOf(CALL2)
    expect(lead2).toBeDefined()
    expect(lead2).not.toBe(lead1)
    const lead = await app.db.models.Lead.findById(lead2).lean<{ repeatOf: Array<{ leadId: string }> }>()
    expect(lead?.repeatOf.map((r) => r.leadId)).toEqual([lead1])

    const call = await recordCase(CALL2)
    expect(call?.incident).toBe(`lead:${lead2}`)
    expect(repeatLines(call)).toEqual([
      '近 30 天同一当事人（王某英）第 2 次报警，涉 110、12345 +15',
      '近 30 天同一地址（古塘街道新城花苑7幢202室）第 2 次报警，涉 110、12345 +10',
    ])
  })

  it('the same events delivered again change nothing', async () => {
    const ids = [`record:${CALL1}`, `record:${TICKET}`, `record:${CALL2}`]
    const before = await app.db.models.RiskCase.find({ _id: { $in: ids } })
      .sort({ _id: 1 })
      .lean<RiskCaseDoc[]>()
    const links = await app.db.models.RiskLink.countDocuments({})
    clock.advance(HOUR)
    const at = clock.now().toISOString()
    for (let i = 0; i < 2; i++) {
      await app.deps.events.publish('lead.linked', {
        leadId: lead1 as string,
        sourceKey: TICKET,
        kind: 'joined',
        relatedLeadIds: [],
        repeatCount: 0,
        channels: ['110', '12345'],
        sourceKeys: [CALL1, TICKET],
        at,
      })
      await app.deps.events.publish('lead.linked', {
        leadId: lead2 as string,
        sourceKey: CALL2,
        kind: 'repeat',
        relatedLeadIds: [lead1 as string],
        repeatCount: 1,
        channels: ['110'],
        sourceKeys: [CALL2],
        at,
      })
    }
    const after = await app.db.models.RiskCase.find({ _id: { $in: ids } })
      .sort({ _id: 1 })
      .lean<RiskCaseDoc[]>()
    expect(after).toEqual(before)
    expect(await app.db.models.RiskLink.countDocuments({})).toBe(links)
  })

  it('a new version of a record is re-scored through lead.updated (source_updated)', async () => {
    const before = await recordCase(CALL2)
    await pushOk(app, '110', [call110('J330282202611100002', { 简要警情: '夫妻又吵架，男方摔东西', 处警情况: '到场时男方扬言要拼命，已劝离' })])
    const after = await recordCase(CALL2)
    expect(after?.seq).toBeGreaterThan(before?.seq ?? 0)
    expect(after?.incident).toBe(`lead:${lead2}`)
    expect(after?.factors.map((f) => f.text)).toEqual(expect.arrayContaining(['报警内容含「扬言」', '报警内容含「拼命」']))
    expect(repeatLines(after)).toEqual(repeatLines(before))
  })
})
