/**
 * Text as channels send it: full-width digits, zero-width characters, stray spaces inside names,
 * 「张三（申请人）、李四」 lists of parties, amounts written 8.6万元. Pure functions, table-tested.
 */

// zero-width characters, BOM, the bidi controls and C0/C1 control characters except tab and newline
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const INVISIBLE = /[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

/** Full-width ASCII letters, digits and the ideographic space become their half-width forms. */
export function halfWidth(s: string): string {
  return s
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff03\uff0d\uff0b\uff08\uff09\uff0f]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
}

/** Trimmed, invisible characters removed, runs of spaces collapsed, repeated punctuation reduced. */
export function cleanText(raw: unknown, max = 4000): string {
  if (raw === undefined || raw === null) return ''
  let s = String(raw).normalize('NFC').replace(INVISIBLE, '')
  s = halfWidth(s)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n+ */g, '\n')
    .replace(/([。！？，、；!?,;])\1+/g, '$1')
    .trim()
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

/** Text on one line (addresses, names, categories). */
export const cleanLine = (raw: unknown, max = 200) => cleanText(raw, max).replace(/\n/g, ' ')

const CJK = /[\u3400-\u9fff]/

/**
 * A person's or unit's name: one line, no spaces between Chinese characters (「王 建 国」), without a
 * trailing bracketed note or phone number, which are returned separately.
 */
export function cleanName(raw: unknown): { name: string; note?: string; phone?: string } {
  let s = cleanLine(raw, 80)
  let phone: string | undefined
  const tel = s.match(/(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}-?\d{7,8}/)
  if (tel) {
    phone = tel[0]
    s = (s.slice(0, tel.index) + s.slice((tel.index ?? 0) + tel[0].length)).trim()
  }
  let note: string | undefined
  const bracket = s.match(/[(（【[]([^)）】\]]{1,20})[)）】\]]\s*$/)
  if (bracket) {
    note = bracket[1].trim()
    s = s.slice(0, bracket.index).trim()
  }
  if (CJK.test(s)) s = s.replace(/(?<=[\u3400-\u9fff·])\s+(?=[\u3400-\u9fff·])/g, '')
  s = s.replace(/^[\s,，、;；:：.。\-—_]+|[\s,，、;；:：.。\-—_]+$/g, '')
  return { name: s.slice(0, 40), ...(note ? { note } : {}), ...(phone ? { phone } : {}) }
}

export interface ListedParty {
  name: string
  role?: string
  phone?: string
}

/** 「张伟（申请人）、李强（被申请人）」 → two parties with their roles. */
export function splitParties(raw: unknown): ListedParty[] {
  const s = cleanLine(raw, 400)
  if (!s) return []
  const out: ListedParty[] = []
  for (const part of s.split(/[、,，;；/|\n]+| {2,}/)) {
    const { name, note, phone } = cleanName(part)
    if (!name) continue
    out.push({ name, ...(note ? { role: note } : {}), ...(phone ? { phone } : {}) })
  }
  return out.slice(0, 10)
}

/** 「8.6万元」「86,000」「￥86000.00」 → 86000; null when it is not an amount. */
export function parseAmount(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? Math.round(raw) : null
  const s = cleanLine(raw, 40)
    .replace(/[,，\s￥¥]/g, '')
    .replace(/元$/, '')
  const m = s.match(/^(\d+(?:\.\d+)?)(万)?$/)
  if (!m) return null
  const v = Number(m[1]) * (m[2] ? 10_000 : 1)
  return Number.isFinite(v) ? Math.round(v) : null
}

/** 「12人」「12」 → 12; null when it is not a count. */
export function parseCount(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : null
  const m = cleanLine(raw, 20).match(/^(\d{1,6})\s*(人|名|个)?$/)
  return m ? Number(m[1]) : null
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** 「十二」→12, 「二十一」→21, 「一百零五」→105, 「三」→3; null for anything else. Up to 999. */
export function chineseNumber(s: string): number | null {
  if (!s || !/^[零〇一二两三四五六七八九十百]+$/.test(s)) return null
  let total = 0
  let current = 0
  for (const ch of s) {
    if (ch === '百') {
      total += (current || 1) * 100
      current = 0
    } else if (ch === '十') {
      total += (current || 1) * 10
      current = 0
    } else current = CN_DIGITS[ch]
  }
  return total + current
}
