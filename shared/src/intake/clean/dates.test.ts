import { formatChinaTime, parseChinaTime } from './dates'

const at = (s: string) => Date.parse(s)

describe('times from every channel become one instant (Asia/Shanghai when no offset is written)', () => {
  test.each([
    ['2026/12/3 14:05', at('2026-12-03T14:05:00+08:00'), false],
    ['2026-12-03 14:05:00', at('2026-12-03T14:05:00+08:00'), false],
    ['2026-12-03T14:05', at('2026-12-03T14:05:00+08:00'), false],
    ['2026-12-03T06:05:00Z', at('2026-12-03T14:05:00+08:00'), false],
    ['2026-12-03T14:05:00+08:00', at('2026-12-03T14:05:00+08:00'), false],
    ['2026年12月3日 14:05', at('2026-12-03T14:05:00+08:00'), false],
    ['2026年12月3日 14时05分', at('2026-12-03T14:05:00+08:00'), false],
    ['2026.12.3', at('2026-12-03T00:00:00+08:00'), true],
    ['2026-12-03', at('2026-12-03T00:00:00+08:00'), true],
    ['20261203140500', at('2026-12-03T14:05:00+08:00'), false],
    ['20261203', at('2026-12-03T00:00:00+08:00'), true],
    ['２０２６/１２/３ １４:０５', at('2026-12-03T14:05:00+08:00'), false],
  ])('%s', (raw, ms, dateOnly) => {
    expect(parseChinaTime(raw)).toEqual({ ok: true, ms, dateOnly })
  })

  test('an Excel serial number is a wall-clock day count', () => {
    // 46359 is 2026-12-03 in Excel's 1900 date system; .5 is noon
    expect(parseChinaTime(46359)).toEqual({ ok: true, ms: at('2026-12-03T00:00:00+08:00'), dateOnly: true })
    expect(parseChinaTime(46359.5)).toEqual({ ok: true, ms: at('2026-12-03T12:00:00+08:00'), dateOnly: false })
    expect(parseChinaTime('46359.5')).toEqual({ ok: true, ms: at('2026-12-03T12:00:00+08:00'), dateOnly: false })
  })

  test('a spreadsheet Date holds wall-clock time as UTC', () => {
    expect(parseChinaTime(new Date(Date.UTC(2026, 11, 3, 14, 5)))).toEqual({ ok: true, ms: at('2026-12-03T14:05:00+08:00'), dateOnly: false })
  })

  test('epoch milliseconds pass through', () => {
    expect(parseChinaTime(at('2026-12-03T14:05:00+08:00'))).toMatchObject({ ok: true, ms: at('2026-12-03T14:05:00+08:00') })
  })

  test.each([['2026-02-30'], ['2026-13-01'], ['1899-12-31'], ['2126-01-01'], ['昨天下午'], ['12'], ['']])('%s is refused with a reason', (raw) => {
    const r = parseChinaTime(raw)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(/时间|日期/)
  })

  test('formatting shows China time', () => {
    expect(formatChinaTime(at('2026-12-03T06:05:00Z'))).toBe('2026-12-03 14:05')
  })
})
