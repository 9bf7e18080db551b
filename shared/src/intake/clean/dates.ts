/**
 * Times as the channels write them, into one instant. A time without an offset is wall-clock time
 * in Asia/Shanghai (UTC+8 all year; China has had no daylight saving since 1991), which is what
 * every channel of a Zhejiang street means. Accepted: ISO 8601 with an offset, `2026/12/3 14:05`,
 * `2026-12-03 14:05:00`, `2026.12.3`, `2026年12月3日 14时05分`, `20261203140500`, Excel serial
 * numbers (days since 1899-12-30, as a spreadsheet stores dates), and epoch milliseconds.
 */
import { cleanLine, halfWidth } from './text'

export const CHINA_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000
/** Excel's day 0 (1899-12-30, which absorbs its 1900 leap-year bug for every date after March 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

export type DateResult = { ok: true; ms: number; dateOnly: boolean } | { ok: false; reason: string }

/** Years outside this range are typing errors, not intake records. */
const MIN_YEAR = 2000
const MAX_YEAR = 2099

function fromChinaWallClock(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const utc = Date.UTC(y, mo - 1, d, h, mi, s)
  const check = new Date(utc)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null
  return utc - CHINA_OFFSET_MS
}

function inRange(ms: number): boolean {
  const y = new Date(ms + CHINA_OFFSET_MS).getUTCFullYear()
  return y >= MIN_YEAR && y <= MAX_YEAR
}

const bad = (raw: string, why = '无法识别的时间') => ({ ok: false as const, reason: `${why}：「${raw}」` })

/**
 * A spreadsheet date cell read as a JS Date holds the wall-clock time as if it were UTC (that is how
 * the reader turns the serial number into a Date): shift it to the China instant.
 */
export const wallClockDateToInstant = (d: Date) => d.getTime() - CHINA_OFFSET_MS

export function parseChinaTime(raw: unknown): DateResult {
  if (raw instanceof Date) {
    const ms = wallClockDateToInstant(raw)
    return Number.isNaN(ms) || !inRange(ms) ? bad(String(raw), '时间超出范围') : { ok: true, ms, dateOnly: false }
  }
  if (typeof raw === 'number') return fromNumber(raw)
  const text = halfWidth(cleanLine(raw, 60))
  if (!text) return { ok: false, reason: '时间为空' }
  if (/^\d+(\.\d+)?$/.test(text) && text.length <= 13 && !/^\d{8}$|^\d{12}$|^\d{14}$/.test(text)) return fromNumber(Number(text))
  // ISO 8601 with an explicit offset or Z: the instant is given
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const ms = Date.parse(text)
    if (Number.isNaN(ms)) return bad(text)
    return inRange(ms) ? { ok: true, ms, dateOnly: false } : bad(text, '时间超出范围')
  }
  let m = text.match(/^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/)
  if (!m)
    m = text.match(
      /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(\d{1,2})\s*[:时點点]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})\s*秒?)?\s*分?)?$/,
    )
  if (!m) return bad(text)
  const [, y, mo, d, h, mi, s] = m
  const ms = fromChinaWallClock(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0))
  if (ms === null) return bad(text, '日期不存在')
  if (!inRange(ms)) return bad(text, '时间超出范围')
  return { ok: true, ms, dateOnly: h === undefined }
}

function fromNumber(n: number): DateResult {
  if (!Number.isFinite(n) || n <= 0) return bad(String(n))
  // epoch milliseconds (what a system might push) — 2001-09-09 and later have 13 digits
  if (n > 1e12) return inRange(n) ? { ok: true, ms: n, dateOnly: false } : bad(String(n), '时间超出范围')
  // an Excel serial: whole days since 1899-12-30 plus the fraction of the day, in wall-clock time
  if (n >= 36526 && n < 73051) {
    const wall = EXCEL_EPOCH_MS + Math.round(n * DAY_MS)
    return { ok: true, ms: wall - CHINA_OFFSET_MS, dateOnly: Number.isInteger(n) }
  }
  return bad(String(n))
}

/** 2026-12-03 14:05 in China time. */
export function formatChinaTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** 20261203 — the China-time day of an instant. */
export const chinaDayKey = (ms: number) => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '')
