/**
 * Phone numbers as the channels write them — 138 0574 0101, +86 13805740101, 0574-63012345,
 * (0574)63012345, 63012345 — normalised by libphonenumber-js (Google's numbering metadata for China),
 * not by regexes of our own. The normal form is the national number with its trunk prefix and no
 * separators (13805740101, 057463012345): the same form the task domain hashes, so a party's keyed
 * hash matches across channels and tasks.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { cleanLine, halfWidth } from './text'

export type PhoneKind = 'mobile' | 'landline' | 'other'

export type PhoneResult =
  | {
      ok: true
      /** 13805740101 / 057463012345 — what is encrypted and hashed */
      national: string
      /** 138 0574 0101 / 0574-6301 2345, for people */
      display: string
      kind: PhoneKind
      /** what was added or dropped on the way (an area code assumed, a second number ignored) */
      note?: string
    }
  | { ok: false; reason: string }

/** The area code assumed for an 8-digit local number (慈溪 is in Ningbo, 0574). */
export const DEFAULT_AREA_CODE = '0574'

export function normalisePhone(raw: unknown, defaultAreaCode = DEFAULT_AREA_CODE): PhoneResult {
  const text = halfWidth(cleanLine(raw, 80))
  if (!text) return { ok: false, reason: '号码为空' }
  // several numbers in one cell: the first one counts, the others are noted
  const parts = text.split(/[/、,，;；]|\s{2,}|或/).filter((p) => /\d/.test(p))
  const first = (parts[0] ?? text).replace(/[转#].*$/, '').trim()
  const digits = first.replace(/[^\d+]/g, '')
  let candidate = first
  let note: string | undefined
  if (/^\d{7,8}$/.test(digits) && !digits.startsWith('0') && !digits.startsWith('1')) {
    candidate = `${defaultAreaCode}${digits}`
    note = `本地号码，已补区号 ${defaultAreaCode}`
  }
  const parsed = parsePhoneNumberFromString(candidate, 'CN')
  if (parsed?.country !== 'CN' || !parsed.isValid()) {
    return { ok: false, reason: /^\d{3,5}$/.test(digits) ? `「${first}」是服务号码，不是当事人的电话` : `「${first}」不是有效的电话号码` }
  }
  const type = parsed.getType()
  const kind: PhoneKind = type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' ? 'landline' : 'other'
  const nationalNumber = String(parsed.nationalNumber)
  const national = kind === 'mobile' ? nationalNumber : `0${nationalNumber}`
  const formatted = parsed.formatNational()
  const display = kind === 'landline' ? formatted.replace(/^(0\d{2,3}) /, '$1-') : formatted
  if (parts.length > 1) note = [note, `另有号码 ${parts.slice(1).join('、')} 未采用`].filter(Boolean).join('；')
  return { ok: true, national, display, kind, ...(note ? { note } : {}) }
}
