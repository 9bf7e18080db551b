import { checkRuleSet, describeRuleSet, diffRuleSets, getRulePath, RULE_FIELDS, setRulePath } from './form'
import { monthOf, nextPeriodKey, parsePeriod, periodKeyOf, previousPeriodKey, recentPeriodKeys, startOfDay } from './period'
import { currentVersions, DEFAULT_RULE_SET, isDraftCurrent, type RuleSet, ruleSetSchema, versionInForce } from './rules'
import { publishRulesBody } from './schemas'

const firstMessage = (value: unknown) => {
  const r = ruleSetSchema.safeParse(value)
  return r.success ? null : { path: r.error.issues[0].path.join('.'), message: r.error.issues[0].message }
}

describe('the rule set schema', () => {
  it('accepts the default version 1', () => {
    expect(ruleSetSchema.parse(DEFAULT_RULE_SET)).toEqual(DEFAULT_RULE_SET)
  })

  it.each([
    ['timeliness.overduePerDay', -1, '超期每天扣分不能为负数'],
    ['timeliness.overduePerDay', 1.25, '超期每天扣分最多保留一位小数'],
    ['timeliness.overduePerDay', '2', '超期每天扣分请填写数字'],
    ['timeliness.earlyMaxDays', 1.5, '提前办结最多计须为整数天'],
    ['base.byTier.general', 101, '基础分（一般）不能超过 100'],
    ['caps.periodBonus', -5, '每期加分上限不能为负数'],
    ['quality.multipliers', [1, 0.5, 0.8, 1, 1.2], '评分越高，系数不能越低'],
    ['quality.multipliers', [0, 0.5, 1], '评分系数须为 1–5 星各填一项'],
    ['period', 'year', '考核周期只能是按月或按季度'],
    ['penalties.released', 51, '放弃认领扣分不能超过 50'],
  ])('%s = %j is refused: %s', (path, value, message) => {
    expect(firstMessage(setRulePath(DEFAULT_RULE_SET, path, value))).toEqual({ path, message })
  })

  it('refuses unknown fields and unknown categories', () => {
    expect(firstMessage({ ...DEFAULT_RULE_SET, extra: 1 })?.path).toBe('')
    const r = firstMessage(setRulePath(DEFAULT_RULE_SET, 'base.byCategory', { aliens: { simple: 1, general: 1, complex: 1 } }))
    expect(r?.path).toMatch(/^base.byCategory/)
  })

  it('null caps mean no cap', () => {
    expect(ruleSetSchema.safeParse(setRulePath(setRulePath(DEFAULT_RULE_SET, 'caps.periodBonus', null), 'caps.perTaskBonus', null)).success).toBe(true)
  })

  it('publishing takes a day as the effective date', () => {
    expect(publishRulesBody.safeParse({ expectedVersion: 1, rules: DEFAULT_RULE_SET, effectiveFrom: '2026-12-01' }).success).toBe(true)
    expect(publishRulesBody.safeParse({ expectedVersion: 1, rules: DEFAULT_RULE_SET, effectiveFrom: 'tomorrow' }).success).toBe(false)
  })
})

describe('the form description', () => {
  it('every field points at a value of the default rule set', () => {
    for (const f of RULE_FIELDS) expect([f.path, getRulePath(DEFAULT_RULE_SET, f.path) === undefined]).toEqual([f.path, false])
  })

  it('setRulePath copies, keeping arrays arrays', () => {
    const next = setRulePath(DEFAULT_RULE_SET, 'quality.multipliers.4', 1.5)
    expect(next.quality.multipliers).toEqual([0, 0.5, 0.8, 1, 1.5])
    expect(Array.isArray(next.quality.multipliers)).toBe(true)
    expect(DEFAULT_RULE_SET.quality.multipliers[4]).toBe(1.2)
  })

  it('describes changes between versions in words', () => {
    let next: RuleSet = setRulePath(DEFAULT_RULE_SET, 'timeliness.overduePerDay', 2)
    next = setRulePath(next, 'caps.periodBonus', null)
    next = setRulePath(next, 'base.byCategory.labour', { simple: 3, general: 6, complex: 12 })
    expect(diffRuleSets(DEFAULT_RULE_SET, next).map((c) => `${c.label}: ${c.from} → ${c.to}`)).toEqual([
      '时效 · 超期每天扣分: 1 分 → 2 分',
      '加分封顶 · 每人每期加分上限: 10 分 → 不封顶',
      '办结基础分 · 劳资纠纷（简单）: 按通用标准 → 3 分',
      '办结基础分 · 劳资纠纷（一般）: 按通用标准 → 6 分',
      '办结基础分 · 劳资纠纷（复杂）: 按通用标准 → 12 分',
    ])
    expect(diffRuleSets(DEFAULT_RULE_SET, DEFAULT_RULE_SET)).toEqual([])
  })

  it('explains the rules in sentences', () => {
    const lines = describeRuleSet(DEFAULT_RULE_SET)
    expect(lines[0]).toBe('考核周期：按月，每期从 100 分起算。')
    expect(lines).toContain('单件工单加分最多 5 分；每人每期加分最多 10 分，超出不计。')
  })
})

describe('versions in force', () => {
  const v = (version: number, effectiveFrom: number) => ({ version, effectiveFrom })
  it.each([
    [5, null],
    [10, 1],
    [19, 1],
    [20, 2],
    [35, 3],
  ])('at %d → version %j', (at, expected) => {
    expect(versionInForce([v(1, 10), v(2, 20), v(3, 30)], at)?.version ?? null).toBe(expected)
  })
})

describe('the versions the rules page shows', () => {
  const v = (version: number, effectiveFrom: number) => ({ version, effectiveFrom })
  it.each([
    ['only version 1', [v(1, 10)], 15, 1, 1],
    ['a version scheduled for later: the earlier one is in force, the later one is the latest', [v(1, 10), v(2, 50)], 20, 1, 2],
    ['once its day comes it is in force', [v(1, 10), v(2, 50)], 50, 2, 2],
    ['a later publication in force sooner supersedes one dated ahead', [v(1, 10), v(2, 50), v(3, 30)], 35, 3, 3],
    ['before any version is in force: the first', [v(1, 10)], 5, 1, 1],
  ])('%s', (_, versions, at, inForce, latest) => {
    const r = currentVersions(versions, at)
    expect([r.inForce.version, r.latest.version]).toEqual([inForce, latest])
  })

  it('refuses an empty list', () => {
    expect(() => currentVersions([], 0)).toThrow('no rule version')
  })
})

describe('is the saved draft still current', () => {
  const latest = { version: 2, publishedAt: 1_000 }
  it.each([
    ['edited from the latest version, saved after it was published', 2, 1_500, true],
    ['edited from the latest version, with an instance clock behind the publisher’s', 2, 900, true],
    ['edited from an older version and saved before the publication (it was published)', 1, 900, false],
    ['edited from an older version but saved after someone published: kept', 1, 1_200, true],
  ])('%s → %s', (_, basedOnVersion, savedAt, current) => {
    expect(isDraftCurrent({ basedOnVersion, savedAt }, latest)).toBe(current)
  })
})

describe('assessment periods (China time)', () => {
  const cst = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 8, min)
  it('months and quarters of an instant', () => {
    expect(monthOf(cst(2026, 11, 30, 23, 59))).toBe('2026-11')
    expect(monthOf(cst(2026, 12, 1))).toBe('2026-12')
    expect(periodKeyOf(cst(2026, 12, 31, 23), 'quarter')).toBe('2026-Q4')
    expect(periodKeyOf(cst(2027, 1, 1), 'quarter')).toBe('2027-Q1')
  })
  it('parses keys into ranges and labels', () => {
    expect(parsePeriod('2026-11')).toEqual({
      key: '2026-11',
      kind: 'month',
      months: ['2026-11'],
      start: cst(2026, 11, 1),
      end: cst(2026, 12, 1),
      label: '2026年11月',
    })
    expect(parsePeriod('2026-Q4')).toMatchObject({
      months: ['2026-10', '2026-11', '2026-12'],
      start: cst(2026, 10, 1),
      end: cst(2027, 1, 1),
      label: '2026年第4季度',
    })
    expect(parsePeriod('2026-13')).toBeNull()
    expect(parsePeriod('2026-Q5')).toBeNull()
  })
  it('steps between periods', () => {
    expect(previousPeriodKey('2026-01')).toBe('2025-12')
    expect(nextPeriodKey('2026-12')).toBe('2027-01')
    expect(previousPeriodKey('2026-Q1')).toBe('2025-Q4')
    expect(recentPeriodKeys(cst(2026, 2, 10), 'month', 3)).toEqual(['2026-02', '2026-01', '2025-12'])
  })
  it('days start at midnight China time', () => {
    expect(startOfDay('2026-12-01')).toBe(cst(2026, 12, 1))
    expect(startOfDay('2026-02-30')).toBeNull()
  })
})

describe('the form’s own checks agree with the schema', () => {
  it.each([
    ['timeliness.overduePerDay', -1],
    ['timeliness.overduePerDay', 1.25],
    ['timeliness.earlyMaxDays', 1.5],
    ['base.byTier.general', 101],
    ['caps.periodBonus', -5],
    ['quality.multipliers.4', 1.234],
    ['base.byCategory.family.simple', -1],
  ])('%s = %j is refused by both', (path, value) => {
    const rules = setRulePath(DEFAULT_RULE_SET, path, value)
    expect(ruleSetSchema.safeParse(rules).success).toBe(false)
    expect(Object.keys(checkRuleSet(rules))).toEqual([path])
  })

  it('a decreasing multiplier list is refused by both', () => {
    const rules = setRulePath(DEFAULT_RULE_SET, 'quality.multipliers.4', 0.9)
    expect(ruleSetSchema.safeParse(rules).success).toBe(false)
    expect(checkRuleSet(rules)).toEqual({ 'quality.multipliers.4': '评分越高，系数不能越低' })
  })

  it('the defaults pass both', () => {
    expect(checkRuleSet(DEFAULT_RULE_SET)).toEqual({})
  })
})
