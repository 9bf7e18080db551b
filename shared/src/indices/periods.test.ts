import { levelOf, nextPeriodOf, parseIndexPeriod, periodKeyAt, periodKeysAt, periodsEndingWith, previousPeriodOf, sameLastYearOf } from './periods'

/** An instant given as China wall-clock time. */
const cst = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 8, min)

describe('period keys (China Standard Time)', () => {
  it.each([
    // the first minutes of a Chinese new year are still 31 December in UTC
    ['2026-01-01 00:05', cst(2026, 1, 1, 0, 5), ['2026-01-01', '2026-W01', '2026-01', '2026-Q1', '2026']],
    ['2025-12-31 23:59', cst(2025, 12, 31, 23, 59), ['2025-12-31', '2026-W01', '2025-12', '2025-Q4', '2025']],
    ['2026-11-27 10:00', cst(2026, 11, 27, 10), ['2026-11-27', '2026-W48', '2026-11', '2026-Q4', '2026']],
    // 2027-01-03 is a Sunday of ISO week 53 of 2026
    ['2027-01-03 12:00', cst(2027, 1, 3, 12), ['2027-01-03', '2026-W53', '2027-01', '2027-Q1', '2027']],
    ['2027-01-04 00:00', cst(2027, 1, 4, 0), ['2027-01-04', '2027-W01', '2027-01', '2027-Q1', '2027']],
  ] as Array<[string, number, string[]]>)('%s CST falls in its day, week, month, quarter and year', (_wall, at, keys) => {
    expect(periodKeysAt(at)).toEqual(keys)
  })

  it('parses every level back to the instants it covers', () => {
    expect(parseIndexPeriod('2026-11-27')).toMatchObject({ level: 'day', start: cst(2026, 11, 27), end: cst(2026, 11, 28), label: '2026年11月27日' })
    expect(parseIndexPeriod('2026-W01')).toMatchObject({ level: 'week', start: cst(2025, 12, 29), end: cst(2026, 1, 5), label: '2026年第1周' })
    expect(parseIndexPeriod('2026-11')).toMatchObject({ level: 'month', start: cst(2026, 11, 1), end: cst(2026, 12, 1) })
    expect(parseIndexPeriod('2026-Q4')).toMatchObject({ level: 'quarter', start: cst(2026, 10, 1), end: cst(2027, 1, 1), label: '2026年第4季度' })
    expect(parseIndexPeriod('2026')).toMatchObject({ level: 'year', start: cst(2026, 1, 1), end: cst(2027, 1, 1) })
    for (const key of ['2026-11-27', '2026-W48', '2026-11', '2026-Q4', '2026']) {
      const p = parseIndexPeriod(key)!
      expect(periodKeyAt(p.start, p.level)).toBe(key)
      expect(periodKeyAt(p.end - 1, p.level)).toBe(key)
      expect(periodKeyAt(p.end, p.level)).not.toBe(key)
    }
  })

  it.each(['2026-02-30', '2026-W54', '2025-W53', '2026-13', '2026-Q5', '1999', '2026-11-27T00', '', 'W48'])('refuses %j', (key) => {
    expect(parseIndexPeriod(key)).toBeNull()
  })

  it('steps to the neighbours and to the same period last year (同比)', () => {
    expect(previousPeriodOf('2026-01-01')).toBe('2025-12-31')
    expect(previousPeriodOf('2026-W01')).toBe('2025-W52')
    expect(previousPeriodOf('2026-01')).toBe('2025-12')
    expect(previousPeriodOf('2026-Q1')).toBe('2025-Q4')
    expect(previousPeriodOf('2026')).toBe('2025')
    expect(nextPeriodOf('2026-W53')).toBe('2027-W01')
    expect(sameLastYearOf('2028-02-29')).toBe('2027-02-28')
    expect(sameLastYearOf('2026-W53')).toBe('2025-W52')
    expect(sameLastYearOf('2026-11')).toBe('2025-11')
    expect(sameLastYearOf('2026-Q4')).toBe('2025-Q4')
    expect(sameLastYearOf('2026')).toBe('2025')
    expect(periodsEndingWith('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(levelOf('2026-W48')).toBe('week')
  })
})
