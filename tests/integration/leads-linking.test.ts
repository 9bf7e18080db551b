import type { LeadDetailView, LeadHistoryView } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { installKeys, pushOk } from '../support/intake'
import { as, DISPATCHER } from './tasks-fixtures'

/**
 * 归集: records of the same incident from different channels join one lead with their reasons; a new
 * incident of the same people later is a new lead linked as a repeat; the same building with other
 * people, or the same common name with another phone, stay apart.
 */
const NOW = Date.parse('2026-11-20T18:00:00+08:00')
let app: TestApp
let clock: ManualClock
beforeAll(async () => {
  clock = new ManualClock(NOW)
  app = await startTestApp({ clock })
  await installKeys(app)
})
afterAll(() => app.close())

const leadOf = async (key: string) => (await app.db.models.IntakeSource.findById(key).lean())?.leadId
const lead = async (id: string) => {
  const res = await as(app, DISPATCHER).get(`/api/intake/leads/${id}`)
  expect(res.status).toBe(200)
  return res.body as LeadDetailView
}

const call110 = (id: string, o: Record<string, string> = {}) => ({
  警情编号: id,
  报警时间: '2026/11/20 9:05',
  报警人: '王建国',
  报警电话: '138 0574 0101',
  发生地址: '新城花苑5幢2单元301室',
  警情类别: '纠纷-邻里纠纷',
  简要警情: '楼上装修噪音大，双方发生争吵',
  是否非警务: '是',
  ...o,
})
const ticket12345 = (id: string, o: Record<string, string> = {}) => ({
  工单编号: id,
  来电时间: '2026-11-20 15:30',
  诉求人: '王先生',
  来电号码: '+86 13805740101',
  诉求类型: '城市管理-噪音扰民',
  诉求内容: '反映楼上装修噪音扰民，晚上还在敲打',
  事发地址: '古塘街道新城花苑五幢',
  ...o,
})

describe('the same incident through 110 and 12345 is one lead', () => {
  test('the 12345 ticket joins the 110 call, with the reasons in words', async () => {
    await pushOk(app, '110', [call110('J33028220261120000001')])
    await pushOk(app, '12345', [ticket12345('NB2026112000001')])
    const a = await leadOf('110:J33028220261120000001')
    const b = await leadOf('12345:NB2026112000001')
    expect(a).toMatch(/^XS20261120-[0-9A-F]{8}$/)
    expect(b).toBe(a)
    const view = await lead(a!)
    expect(view.channels.map((c) => c.code).sort()).toEqual(['110', '12345'])
    const joined = view.sources.find((s) => s.channel === '12345')!
    expect(joined.joinedBecause).toEqual(expect.arrayContaining(['同一联系电话 138****0101']))
    expect(joined.joinedBecause.join('；')).toMatch(/相隔\d+ 小时/)
  })

  test('the same record again changes nothing', async () => {
    const before = await app.db.models.LeadEvent.countDocuments({})
    await pushOk(app, '110', [call110('J33028220261120000001')])
    expect(await app.db.models.LeadEvent.countDocuments({})).toBe(before)
  })
})

describe('a new incident of the same people is a repeat', () => {
  test('ten days later the same caller: a new lead, linked to the earlier one, with the count', async () => {
    clock.set(NOW + 10 * 86_400_000)
    await pushOk(app, '110', [call110('J33028220261130000001', { 报警时间: '2026/11/30 16:10', 简要警情: '楼上又在装修，双方推搡' })])
    const first = await leadOf('110:J33028220261120000001')
    const second = await leadOf('110:J33028220261130000001')
    expect(second).not.toBe(first)
    const view = await lead(second!)
    expect(view.repeatOf.map((r) => r.leadId)).toEqual([first])
    expect(view.history.related).toEqual([
      expect.objectContaining({ leadId: first, relation: 'earlier', matchedBy: expect.arrayContaining(['phone', 'address']) }),
    ])
    expect(view.history.repeats.days30).toBe(2)
    expect(view.repeatCount30).toBe(2)
    const earlier = await as(app, DISPATCHER).get(`/api/intake/leads/${first}/history`)
    expect((earlier.body as LeadHistoryView).related).toEqual([expect.objectContaining({ leadId: second, relation: 'later' })])
  })
})

describe('near misses stay apart', () => {
  test('another household in the same building, the same evening', async () => {
    await pushOk(app, '110', [
      call110('J33028220261130000002', { 报警时间: '2026/11/30 17:00', 报警人: '李梅', 报警电话: '13957481234', 发生地址: '新城花苑5幢1单元102室' }),
    ])
    expect(await leadOf('110:J33028220261130000002')).not.toBe(await leadOf('110:J33028220261130000001'))
  })

  test('a namesake with another phone elsewhere', async () => {
    await pushOk(app, '12345', [
      ticket12345('NB2026113000009', { 来电时间: '2026-11-30 17:30', 诉求人: '王建国', 来电号码: '13600001111', 事发地址: '丰园村5组12号' }),
    ])
    expect(await leadOf('12345:NB2026113000009')).not.toBe(await leadOf('110:J33028220261130000001'))
  })
})
