import { DEFAULT_TAXONOMY } from '../intake/taxonomy'
import { TASK_CATEGORY_CODES } from '../tasks/constants'
import { CASE_CODE_PATTERN, caseCodeFrom, countsAsSatisfied, milestoneText, normaliseCaseCode, PUBLIC_CATEGORIES, publicCategory } from './rules'

describe('public rules', () => {
  test.each(PUBLIC_CATEGORIES.map((c) => [c.code, c.taxonomy, c.task]))('%s maps to a known taxonomy kind %s and task category %s', (_code, taxonomy, task) => {
    expect(DEFAULT_TAXONOMY.some((n) => n.code === taxonomy)).toBe(true)
    expect(TASK_CATEGORY_CODES).toContain(task)
  })

  test('an unknown category falls back to 其他', () => {
    expect(publicCategory('nope' as never).code).toBe('other')
  })

  test.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], 'GZ22222222'],
    [[30, 31, 32, 1, 2, 3, 4, 5], 'GZZ2334567'],
    [[255, 255, 255, 255, 255, 255, 255, 255], 'GZ########'.replace(/#/g, '23456789ABCDEFGHJKMNPQRSTUVWXYZ'[255 % 31])],
  ])('case code from bytes %j is %s', (bytes, code) => {
    const out = caseCodeFrom(Uint8Array.from(bytes))
    expect(out).toMatch(CASE_CODE_PATTERN)
    expect(out).toBe(code)
  })

  test.each([
    ['gz2345 6789', 'GZ23456789'],
    ['GZ-ABCD-EFGH', 'GZABCDEFGH'],
    [' gzabcdefgh ', 'GZABCDEFGH'],
  ])('normalises %j', (input, out) => {
    expect(normaliseCaseCode(input)).toBe(out)
  })

  test.each([
    ['filed', {}, '您的诉求已提交，工作人员会尽快受理。'],
    ['assigned', { unit: '古塘司法所' }, '已分派至古塘司法所办理。'],
    ['assigned', {}, '已分派给工作人员办理。'],
    ['closed', { result: '调解成功，双方达成一致' }, '已办结：调解成功，双方达成一致。'],
  ] as const)('milestone %s %j', (m, detail, text) => {
    expect(milestoneText(m, detail)).toBe(text)
  })

  test.each([
    ['satisfied', true],
    ['basic', true],
    ['unsatisfied', false],
  ] as const)('%s counts as satisfied: %s', (r, yes) => {
    expect(countsAsSatisfied(r)).toBe(yes)
  })
})
