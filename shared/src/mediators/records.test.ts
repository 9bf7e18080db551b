import { agreementContent, chineseDate } from './agreement'
import { outcomeBody, preferenceBody } from './schemas'
import { durationLabel, statsOf } from './stats'

describe('a mediator’s computed record', () => {
  it('counts outcomes, rates success (partial = ½), averages durations and ratings', () => {
    const s = statsOf(
      [
        { outcome: 'success', durationMs: 2 * 86_400_000 },
        { outcome: 'partial', durationMs: 4 * 86_400_000 },
        { outcome: 'failed', durationMs: 0 },
        { outcome: 'success', durationMs: 2 * 86_400_000 },
      ],
      [{ rating: 5 }, { rating: 4 }],
    )
    expect(s).toMatchObject({ done: 4, success: 2, partial: 1, failed: 1, successRate: 63, averageRating: 4.5, avgDurationMs: 2 * 86_400_000 })
    expect(durationLabel(s.avgDurationMs)).toBe('2 天')
  })

  it('nothing recorded yet: no rate, no average', () => {
    expect(statsOf([], [])).toMatchObject({ done: 0, successRate: null, averageRating: null, avgDurationMs: null })
    expect(durationLabel(null)).toBe('—')
    expect(durationLabel(5 * 3_600_000)).toBe('5 小时')
  })
})

describe('the 人民调解协议书', () => {
  const content = agreementContent({
    taskNo: 'JQ20261127-0001',
    organisation: '古塘街道人民调解委员会',
    parties: [
      { name: '张丽', role: '申请人' },
      { name: '王强', role: '被申请人' },
    ],
    facts: '双方因家庭琐事发生争吵。',
    terms: ['1. 王强向张丽赔礼道歉', '双方不再发生争执'],
    mediators: ['曹勇', '马洁'],
    date: '2026-11-27',
  })
  it('names the parties with their roles, numbers the terms, dates it in Chinese', () => {
    expect(content.parties).toEqual(['申请人：张丽', '被申请人：王强'])
    expect(content.terms).toEqual(['1. 王强向张丽赔礼道歉', '2. 双方不再发生争执'])
    expect(content.number).toBe('20261127-0001调')
    expect(content.closing).toContain('一式 3 份')
    expect(content.date).toBe('二〇二六年十一月二十七日')
  })
  it.each([
    ['2026-01-01', '二〇二六年一月一日'],
    ['2027-12-31', '二〇二七年十二月三十一日'],
    ['2030-10-20', '二〇三〇年十月二十日'],
  ])('%s → %s', (day, words) => {
    expect(chineseDate(day)).toBe(words)
  })
})

describe('recording an outcome', () => {
  const base = { facts: '因宅基地边界发生争执。' }
  it.each([
    [{ ...base, outcome: 'success', terms: ['退让 0.5 米'] }, null],
    [{ ...base, outcome: 'success' }, '请填写达成的协议内容（至少一条）'],
    [{ ...base, outcome: 'failed', guidedTo: ['litigation'] }, null],
    [{ ...base, outcome: 'failed' }, '调解不成时，请选择已引导当事人的途径（诉讼、仲裁、信访、法律援助）'],
    [{ ...base, outcome: 'failed', guidedTo: ['petition'], terms: ['x x'] }, '调解不成不能填写协议条款'],
    [{ ...base, outcome: 'partial', terms: ['归还借款 1 万元'], guidedTo: ['litigation'] }, null],
  ])('%j → %s', (body, message) => {
    const r = outcomeBody.safeParse(body)
    expect(r.success ? null : r.error.issues[0].message).toBe(message)
  })

  it('a preferred mediator needs a note of who asked', () => {
    expect(preferenceBody.safeParse({ mediatorId: 'u-caoyong' }).success).toBe(false)
    expect(preferenceBody.safeParse({ mediatorId: 'u-caoyong', note: '申请人张丽来电要求' }).success).toBe(true)
    expect(preferenceBody.safeParse({ mediatorId: null }).success).toBe(true)
  })
})
