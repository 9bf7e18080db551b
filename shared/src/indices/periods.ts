/**
 * The periods indices are counted over: 日 / 周 / 月 / 季 / 年, in China Standard Time (UTC+8, no
 * daylight saving), like the points periods — a case closed at 23:30 on 30 November belongs to
 * November wherever the server runs. Weeks are ISO weeks (Monday to Sunday; week 1 holds the
 * year's first Thursday).
 *
 * Keys: `2026-11-27` (day), `2026-W48` (week), `2026-11` (month), `2026-Q4` (quarter), `2026` (year).
 */

export const PERIOD_LEVELS = ['day', 'week', 'month', 'quarter', 'year'] as const
export type PeriodLevel = (typeof PERIOD_LEVELS)[number]

export const PERIOD_LEVEL_LABELS: Record<PeriodLevel, string> = { day: '日', week: '周', month: '月', quarter: '季', year: '年' }

const CST_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

export interface IndexPeriod {
  key: string
  level: PeriodLevel
  /** first instant (epoch ms, inclusive) */
  start: number
  /** first instant after it (epoch ms, exclusive) */
  end: number
  /** 2026年11月27日 / 2026年第48周 / 2026年11月 / 2026年第4季度 / 2026年 */
  label: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Midnight CST of a calendar date, as epoch ms (months and days may overflow, like Date.UTC). */
const cstMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - CST_OFFSET_MS

/** The CST calendar date of an instant. */
function cstDate(at: number) {
  const d = new Date(at + CST_OFFSET_MS)
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 /* Monday 0 */ }
}

/** ISO week-year and week of an instant (CST). */
function isoWeek(at: number): { year: number; week: number; monday: number } {
  const c = cstDate(at)
  const monday = cstMidnight(c.y, c.m, c.d) - c.weekday * DAY_MS
  const thursday = cstDate(monday + 3 * DAY_MS)
  const week1Monday = mondayOfWeek1(thursday.y)
  return { year: thursday.y, week: Math.round((monday - week1Monday) / (7 * DAY_MS)) + 1, monday }
}

/** Monday 00:00 CST of ISO week 1 of `year` (the week holding 4 January). */
function mondayOfWeek1(year: number): number {
  const jan4 = cstMidnight(year, 1, 4)
  return jan4 - cstDate(jan4).weekday * DAY_MS
}

/** The key of the `level` period that contains `at`. */
export function periodKeyAt(at: number, level: PeriodLevel): string {
  const c = cstDate(at)
  switch (level) {
    case 'day':
      return `${c.y}-${pad(c.m)}-${pad(c.d)}`
    case 'week': {
      const w = isoWeek(at)
      return `${w.year}-W${pad(w.week)}`
    }
    case 'month':
      return `${c.y}-${pad(c.m)}`
    case 'quarter':
      return `${c.y}-Q${Math.floor((c.m - 1) / 3) + 1}`
    case 'year':
      return String(c.y)
  }
}

/** Every period (one per level) that contains `at`. */
export const periodKeysAt = (at: number): string[] => PERIOD_LEVELS.map((l) => periodKeyAt(at, l))

const PATTERNS: Array<[PeriodLevel, RegExp]> = [
  ['day', /^(20\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/],
  ['week', /^(20\d{2})-W(0[1-9]|[1-4]\d|5[0-3])$/],
  ['month', /^(20\d{2})-(0[1-9]|1[0-2])$/],
  ['quarter', /^(20\d{2})-Q([1-4])$/],
  ['year', /^(20\d{2})$/],
]

/** Parses a period key of any level; null when it is not one (years 2000–2099). */
export function parseIndexPeriod(key: string): IndexPeriod | null {
  for (const [level, re] of PATTERNS) {
    const m = re.exec(key)
    if (!m) continue
    const y = Number(m[1])
    switch (level) {
      case 'day': {
        const start = cstMidnight(y, Number(m[2]), Number(m[3]))
        if (periodKeyAt(start, 'day') !== key) return null // 2026-02-30
        return { key, level, start, end: start + DAY_MS, label: `${y}年${Number(m[2])}月${Number(m[3])}日` }
      }
      case 'week': {
        const start = mondayOfWeek1(y) + (Number(m[2]) - 1) * 7 * DAY_MS
        if (periodKeyAt(start, 'week') !== key) return null // W53 of a 52-week year
        return { key, level, start, end: start + 7 * DAY_MS, label: `${y}年第${Number(m[2])}周` }
      }
      case 'month':
        return { key, level, start: cstMidnight(y, Number(m[2]), 1), end: cstMidnight(y, Number(m[2]) + 1, 1), label: `${y}年${Number(m[2])}月` }
      case 'quarter': {
        const q = Number(m[2])
        return { key, level, start: cstMidnight(y, (q - 1) * 3 + 1, 1), end: cstMidnight(y, q * 3 + 1, 1), label: `${y}年第${q}季度` }
      }
      case 'year':
        return { key, level, start: cstMidnight(y, 1, 1), end: cstMidnight(y + 1, 1, 1), label: `${y}年` }
    }
  }
  return null
}

/** 环比: the period just before, of the same level. */
export function previousPeriodOf(key: string): string {
  const p = mustParse(key)
  return periodKeyAt(p.start - 1, p.level)
}

/** The period just after, of the same level. */
export function nextPeriodOf(key: string): string {
  const p = mustParse(key)
  return periodKeyAt(p.end, p.level)
}

/**
 * 同比: the same period one year earlier — the same date, ISO week number, month, quarter, or the year
 * before (for a year 同比 and 环比 are the same). 29 February compares with 28 February; a week 53 with week 52.
 */
export function sameLastYearOf(key: string): string {
  const p = mustParse(key)
  const y = Number(key.slice(0, 4)) - 1
  switch (p.level) {
    case 'day': {
      const [, m, d] = key.split('-').map(Number)
      const last = Math.min(d, new Date(Date.UTC(y, m, 0)).getUTCDate())
      return `${y}-${pad(m)}-${pad(last)}`
    }
    case 'week': {
      const w = Number(key.slice(6))
      return parseIndexPeriod(`${y}-W${pad(w)}`) ? `${y}-W${pad(w)}` : `${y}-W52`
    }
    case 'month':
    case 'quarter':
      return `${y}${key.slice(4)}`
    case 'year':
      return String(y)
  }
}

/** The last `count` periods of `level` ending with `key`, oldest first. */
export function periodsEndingWith(key: string, count: number): string[] {
  const out = [key]
  while (out.length < count) out.unshift(previousPeriodOf(out[0]))
  return out
}

/** The level of a period key (throws on a non-key: callers validate input first). */
export const levelOf = (key: string): PeriodLevel => mustParse(key).level

function mustParse(key: string): IndexPeriod {
  const p = parseIndexPeriod(key)
  if (!p) throw new Error(`not a period key: ${key}`)
  return p
}
