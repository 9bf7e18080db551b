/**
 * Addresses into one comparable form before matching: half-width digits and letters, no spaces,
 * Chinese numerals before a unit as digits (「五幢」→「5幢」, 「第三组」→「3组」), the ways of writing a
 * building number made one (「5号楼」「5栋」「5座」「5#」→「5幢」 only where a building is meant is left
 * to the matcher, which knows whether a road or a compound comes before the number).
 */
import { chineseNumber, cleanLine, halfWidth } from '../clean/text'

const UNITS = '幢|栋|座|号楼|号|组|单元|弄|楼|室|层|期|队'
const CN_NUMERAL_BEFORE_UNIT = new RegExp(`第?([零〇一二两三四五六七八九十百]{1,4})(?=${UNITS})`, 'g')

export function normaliseAddress(raw: unknown): string {
  let s = halfWidth(cleanLine(raw, 200))
    .replace(/\s+/g, '')
    .replace(/[（(][^）)]{0,20}[）)]/g, (m) => (/\d/.test(m) ? m : '')) // 「(东门)」 notes without numbers carry nothing
    .replace(/號/g, '号')
    .replace(/—|–|－/g, '-')
  s = s.replace(CN_NUMERAL_BEFORE_UNIT, (m, num: string) => {
    const n = chineseNumber(num)
    return n === null ? m : String(n)
  })
  // 「第5组」→「5组」
  s = s.replace(/第(\d+)/g, '$1')
  return s.toLowerCase()
}
