/**
 * 居民身份证号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd = male),
 * and a check character computed by ISO 7064 MOD 11-2. A 15-digit number from before 1999 is
 * converted (19 inserted before the year, check character added) and the conversion noted.
 */
import { cleanLine, halfWidth } from './text'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

export type IdResult = { ok: true; value: string; birth: string; sex: 'male' | 'female'; note?: string } | { ok: false; reason: string }

function validBirth(yyyymmdd: string, now: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4))
  const m = Number(yyyymmdd.slice(4, 6))
  const d = Number(yyyymmdd.slice(6, 8))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false
  return y >= 1900 && date.getTime() <= now.getTime()
}

export function validateIdNumber(raw: unknown, now: Date = new Date()): IdResult {
  let s = halfWidth(cleanLine(raw, 40)).replace(/[\s-]/g, '').toUpperCase()
  if (!s) return { ok: false, reason: '证件号为空' }
  let note: string | undefined
  if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`
    s = first17 + idCheckChar(first17)
    note = '15 位旧号码，已升为 18 位'
  }
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: `「${cleanLine(raw, 40)}」不是 18 位居民身份证号` }
  if (!/^[1-8]\d{5}$/.test(s.slice(0, 6))) return { ok: false, reason: '身份证号前 6 位不是有效的行政区划代码' }
  const birth = s.slice(6, 14)
  if (!validBirth(birth, now)) return { ok: false, reason: `身份证号中的出生日期 ${birth} 不存在` }
  const expected = idCheckChar(s.slice(0, 17))
  if (s[17] !== expected) return { ok: false, reason: `身份证号校验位不符（应为 ${expected}），可能有一位录错` }
  return { ok: true, value: s, birth, sex: Number(s[16]) % 2 === 1 ? 'male' : 'female', ...(note ? { note } : {}) }
}

/** 3302**********3621 */
export const maskIdNumber = (id: string) => (id.length >= 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****')
