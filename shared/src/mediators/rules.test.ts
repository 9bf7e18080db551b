import { ANY, compositionRuleSetSchema, DEFAULT_COMPOSITION_RULES, describeRule, ruleFor, slotLabel } from './rules'

const firstIssue = (value: unknown) => {
  const r = compositionRuleSetSchema.safeParse(value)
  return r.success ? null : r.error.issues[0].message
}
const withRules = (rules: unknown[]) => ({ ...DEFAULT_COMPOSITION_RULES, rules })
const fallback = DEFAULT_COMPOSITION_RULES.rules.find((r) => r.category === ANY && r.colour === ANY)

describe('choosing the composition rule', () => {
  it.each([
    ['family', 'red', 'family-red'],
    ['family', 'yellow', 'family'],
    ['family', 'green', 'family'],
    ['labour', 'red', 'labour'],
    ['wages', 'green', 'wages'],
    ['land', 'yellow', 'land'],
    ['debt', 'red', 'any-red'],
    ['debt', 'green', 'fallback'],
    ['consumer', 'yellow', 'fallback'],
  ] as const)('%s + %s → %s (the most specific row)', (category, colour, id) => {
    expect(ruleFor(DEFAULT_COMPOSITION_RULES, category, colour).id).toBe(id)
  })

  it('the red 婚恋家庭 row is 民警 + 司法所干部 + 专职调解员 + the parties’ village cadre', () => {
    expect(describeRule(ruleFor(DEFAULT_COMPOSITION_RULES, 'family', 'red'))).toBe(
      '婚恋家庭纠纷 · 红色预警 → 民警 1 + 司法所干部 1 + 专职调解员 1 + 当事人所在村社的村社干部 1',
    )
  })

  it('劳资 is 劳动保障 + 法援律师', () => {
    expect(ruleFor(DEFAULT_COMPOSITION_RULES, 'labour', 'green').slots.map((s) => s.type)).toEqual(['labour', 'legal_aid'])
  })

  it('labels say what a slot asks for', () => {
    expect(slotLabel({ type: 'cadre', count: 1, local: true })).toBe('当事人所在村社的村社干部')
    expect(slotLabel({ type: 'notable', count: 1, avoidLocal: true })).toBe('乡贤（回避当事人所在村社）')
    expect(slotLabel({ type: 'police', count: 1 })).toBe('民警')
  })
})

describe('the rule table an admin saves', () => {
  it('accepts the defaults', () => {
    expect(compositionRuleSetSchema.parse(DEFAULT_COMPOSITION_RULES)).toEqual(DEFAULT_COMPOSITION_RULES)
  })

  it.each([
    ['no fallback row', withRules(DEFAULT_COMPOSITION_RULES.rules.filter((r) => r !== fallback)), '须保留一条“不限类型、不限颜色”的兜底规则'],
    [
      'two rows for one case',
      withRules([...DEFAULT_COMPOSITION_RULES.rules, { ...DEFAULT_COMPOSITION_RULES.rules[0], id: 'dup' }]),
      '与第 1 条规则的纠纷类型和预警颜色相同',
    ],
    ['a team of one', withRules([{ ...fallback, slots: [{ type: 'professional', count: 1 }] }]), '攻坚小组至少需要 2 人'],
    [
      'a team of nine',
      withRules([
        {
          ...fallback,
          slots: [
            { type: 'police', count: 3 },
            { type: 'professional', count: 3 },
            { type: 'cadre', count: 3 },
          ],
        },
      ]),
      '攻坚小组最多 8 人',
    ],
    ['four of one kind', withRules([{ ...fallback, slots: [{ type: 'police', count: 4 }] }]), '每类最多 3 人'],
    [
      'an unknown kind',
      withRules([
        {
          ...fallback,
          slots: [
            { type: 'wizard', count: 1 },
            { type: 'police', count: 1 },
          ],
        },
      ]),
      '人员类型不在可选列表中',
    ],
    [
      'local and avoid-local at once',
      withRules([
        {
          ...fallback,
          slots: [
            { type: 'cadre', count: 1, local: true, avoidLocal: true },
            { type: 'police', count: 1 },
          ],
        },
      ]),
      '同一类人员不能既“须为本村社”又“回避本村社”',
    ],
    [
      'the same kind on two rows',
      withRules([
        {
          ...fallback,
          slots: [
            { type: 'police', count: 1 },
            { type: 'police', count: 1 },
          ],
        },
      ]),
      '同一类人员请合并为一行，填写人数',
    ],
    ['a load cap of 0', { ...DEFAULT_COMPOSITION_RULES, loadCap: 0 }, '在办上限至少为 1'],
    ['an unknown category', withRules([fallback, { ...fallback, id: 'x', category: 'aliens' }]), '纠纷类型不在可选列表中'],
  ])('refuses %s: %s', (_what, value, message) => {
    expect(firstIssue(value)).toBe(message)
  })
})
