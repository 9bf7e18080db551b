import { checkRiskRules, describeRiskRules, diffRiskRules, RISK_FIELDS } from './form'
import { DEFAULT_RISK_RULES as R, riskRuleSetSchema } from './rules'

const messages = (input: unknown) => {
  const r = riskRuleSetSchema.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

describe('the risk rule set', () => {
  it('the shipped default is valid, in the form and on the server', () => {
    expect(riskRuleSetSchema.safeParse(R).success).toBe(true)
    expect(checkRiskRules(R)).toEqual({})
  })

  it.each([
    [{ thresholds: { yellow: 60, red: 60 } }, '红色预警分数线须高于黄色预警分数线', 'thresholds.red'],
    [{ thresholds: { yellow: -1, red: 60 } }, '黄色预警分数线不能为负数', 'thresholds.yellow'],
    [{ age: { fromDays: 0, perDay: 1, max: 10 } }, '未办结计分起始天数不能少于 1', 'age.fromDays'],
    [{ overdue: { perDay: 1.5, max: 20 } }, '超期每天加分须为整数', 'overdue.perDay'],
  ])('%j is refused with 「%s」', (patch, message, path) => {
    const rules = { ...R, ...patch }
    expect(messages(rules)).toContain(message)
    expect(Object.keys(checkRiskRules(rules as typeof R))).toContain(path)
  })

  it('windows must grow, phrases must be unique and their exceptions must contain them', () => {
    const bad = {
      ...R,
      repeats: { ...R.repeats, party: [R.repeats.party[0], { ...R.repeats.party[1], days: 20 }, R.repeats.party[2]] },
      phrases: [
        ...R.phrases,
        { phrase: '扬言', group: 'threat', points: 5, forceRed: false, except: [] },
        { phrase: '刀', group: 'threat', points: 5, forceRed: false, except: ['菜板'] },
      ],
    }
    const m = messages(bad)
    expect(m).toContain('重复报警的时间段须由短到长（例如 30、90、365 天）')
    expect(m).toContain('关键词「扬言」重复了')
    expect(m).toContain('例外说法「菜板」须包含关键词「刀」')
    const form = checkRiskRules(bad as typeof R)
    expect(form['repeats.party.1.days']).toBe('重复报警的时间段须由短到长（例如 30、90、365 天）')
    expect(Object.values(form)).toContain('例外说法「菜板」须包含关键词「刀」')
  })

  it('a phrase with a space or punctuation is refused', () => {
    expect(messages({ ...R, phrases: [{ phrase: '扬 言', group: 'threat', points: 5, forceRed: false, except: [] }] })).toContain('关键词不能含空格或标点')
  })

  it('every form field points at a value of the default rules', () => {
    const get = (path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], R)
    for (const f of RISK_FIELDS) if (!f.path.startsWith('categories.')) expect([f.path, get(f.path) !== undefined]).toEqual([f.path, true])
  })

  it('says what changed in words', () => {
    const to = {
      ...R,
      thresholds: { yellow: 30, red: 70 },
      phrases: [...R.phrases.filter((p) => p.phrase !== '威胁'), { phrase: '砍人', group: 'threat' as const, points: 30, forceRed: true, except: [] }],
    }
    expect(diffRiskRules(R, to)).toEqual([
      { path: 'thresholds.red', label: '预警分数线 · 红色预警分数线', from: '60 分', to: '70 分' },
      { path: 'phrases.砍人', label: '关键词 · 「砍人」', from: '（无）', to: '威胁 30 分，直接红色' },
      { path: 'phrases.威胁', label: '关键词 · 「威胁」', from: '威胁 15 分', to: '（删除）' },
    ])
  })

  it('describes itself in sentences', () => {
    expect(describeRiskRules(R)[0]).toBe('得分达到 30 分为黄色预警，达到 60 分为红色预警；标为「直接红色」的关键词一出现即为红色。')
  })
})

describe('同一事件合并 (records of one incident)', () => {
  it('a rule set saved before the setting existed reads as 24 hours; the admin may set 1 to 168', () => {
    const { sameIncidentHours: _dropped, ...oldRepeats } = R.repeats
    expect(riskRuleSetSchema.parse({ ...R, repeats: oldRepeats }).repeats.sameIncidentHours).toBe(24)
    const at = (h: number) => riskRuleSetSchema.safeParse({ ...R, repeats: { ...R.repeats, sameIncidentHours: h } })
    expect(at(1).success).toBe(true)
    expect(at(168).success).toBe(true)
    expect(at(0).error?.issues[0].message).toBe('同一事件合并小时数不能少于 1')
    expect(at(169).error?.issues[0].message).toBe('同一事件合并小时数不能超过 168')
  })
})
