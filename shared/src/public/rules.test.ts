import { DEFAULT_TAXONOMY } from '../intake/taxonomy'
import { TASK_CATEGORY_CODES } from '../tasks/constants'
import {
  CASE_CODE_PATTERN,
  caseCodeFrom,
  countsAsSatisfied,
  leadDecisionOutcome,
  milestoneText,
  normaliseCaseCode,
  PUBLIC_CATEGORIES,
  publicCategory,
  publicText,
} from './rules'

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

  test.each([
    ['resolved', { reason: '网格员王丽上门调解，双方和好' }, true, '经核实，问题已化解', true],
    ['returned', { to: '110', reason: '警务事项' }, true, '已移交至公安机关（110）处理，请留意他们的联系', false],
    ['returned', { reason: '警务事项' }, true, '已移交至公安机关（110）处理，请留意他们的联系', false],
    ['transferred', { to: '市场监管局', reason: '消费纠纷' }, true, '已移交至市场监管局处理，请留意他们的联系', false],
    ['transferred', { to: '城西派出所', reason: 'x' }, true, '已移交至公安机关（110）处理，请留意他们的联系', false],
    ['refused', { reason: '已经法院判决，属于执行阶段' }, false, '不予受理（已经法院判决，属于执行阶段）', true],
    ['refused', { reason: '请联系13805740101，' }, false, '不予受理（请联系）', true],
    ['refused', { reason: '   ' }, false, '不予受理（不属于本中心受理范围）', true],
  ] as const)('lead decision %s %j → accepted %s, %s, 回访 %s', (decision, detail, accepted, result, followup) => {
    expect(leadDecisionOutcome(decision, detail)).toEqual({ accepted, result, followup })
    // the 已化解 note (who did what) never reaches the citizen
    expect(leadDecisionOutcome(decision, detail).result).not.toContain('王丽')
  })

  test.each([
    ['身份证330282199001011234号', '身份证号'],
    ['电话 0574-63123456 或 138 0574 0101', '电话 或'],
    ['很长'.repeat(50), `${'很长'.repeat(50).slice(0, 9)}…`],
  ])('publicText(%j) cuts out numbers of people: %j', (input, out) => {
    expect(publicText(input, 10)).toBe(out)
  })
})
