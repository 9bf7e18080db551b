/**
 * Assessment periods. Points are assessed in China Standard Time (UTC+8, no daylight saving), so a
 * task accepted at 23:30 on 30 November belongs to November wherever the server runs.
 */
import type { PeriodKind } from './constants'

const CST_OFFSET_MS = 8 * 3_600_000

/** `2026-11` (a month) or `2026-Q4` (a quarter), years 2000–2099 (`Date.UTC` reads years below 100 as 19xx). */
export const PERIOD_KEY_PATTERN = /^(20\d{2})-(0[1-9]|1[0-2]|Q[1-4])$/

export interface Period {
  key: string
  kind: PeriodKind
  /** the months it covers, `YYYY-MM` */
  months: string[]
  /** first instant (epoch ms, inclusive) */
  start: number
  /** first instant after it (epoch ms, exclusive) */
  end: number
  /** 2026年11月 / 2026年第4季度 */
  label: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The month (`YYYY-MM`, China Standard Time) an instant falls in. */
export function monthOf(at: number): string {
  const d = new Date(at + CST_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
}

/** The key of the period of `kind` that contains `at`. */
export function periodKeyOf(at: number, kind: PeriodKind): string {
  const month = monthOf(at)
  if (kind === 'month') return month
  const [y, m] = month.split('-').map(Number)
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`
}

const monthStart = (y: number, m: number) => Date.UTC(y, m - 1, 1) - CST_OFFSET_MS

/** Parses a period key; null when it is not one. */
export function parsePeriod(key: string): Period | null {
  const match = PERIOD_KEY_PATTERN.exec(key)
  if (!match) return null
  const y = Number(match[1])
  if (match[2].startsWith('Q')) {
    const q = Number(match[2].slice(1))
    const first = (q - 1) * 3 + 1
    const months = [first, first + 1, first + 2].map((m) => `${y}-${pad(m)}`)
    return { key, kind: 'quarter', months, start: monthStart(y, first), end: monthStart(y, first + 3), label: `${y}年第${q}季度` }
  }
  const m = Number(match[2])
  return { key, kind: 'month', months: [key], start: monthStart(y, m), end: monthStart(y, m + 1), label: `${y}年${m}月` }
}

/** The period just before `key` (same kind). */
export function previousPeriodKey(key: string): string {
  const p = parsePeriod(key)
  if (!p) throw new Error(`not a period key: ${key}`)
  return periodKeyOf(p.start - 1, p.kind)
}

/** The period just after `key` (same kind). */
export function nextPeriodKey(key: string): string {
  const p = parsePeriod(key)
  if (!p) throw new Error(`not a period key: ${key}`)
  return periodKeyOf(p.end, p.kind)
}

/** Label of a period key, e.g. 2026年11月. */
export function periodLabel(key: string): string {
  return parsePeriod(key)?.label ?? key
}

/** The last `count` periods of `kind` up to and including the one containing `now`, newest first. */
export function recentPeriodKeys(now: number, kind: PeriodKind, count: number): string[] {
  const keys = [periodKeyOf(now, kind)]
  while (keys.length < count) keys.push(previousPeriodKey(keys[keys.length - 1]))
  return keys
}

/** Calendar day (`YYYY-MM-DD`, China Standard Time) of an instant. */
export function dayOf(at: number): string {
  const d = new Date(at + CST_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** Midnight (China Standard Time) starting the day `YYYY-MM-DD`, as epoch ms; null when not a date. */
export function startOfDay(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return null
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CST_OFFSET_MS
  return dayOf(t) === day ? t : null
}
