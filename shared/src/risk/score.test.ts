import type { RiskCase } from './case'
import { DEFAULT_RISK_RULES as R, type RiskRuleSet } from './rules'
import { assessmentHeadline, colourOf, DAY, factorLine, HOUR, scoreCase } from './score'

const NOW = Date.UTC(2026, 10, 27, 2, 0)

let n = 0
function kase(over: Partial<RiskCase> = {}): RiskCase {
  const id = over.id ?? `task:JQ20261127-${String(++n).padStart(4, '0')}`
  return {
    id,
    kind: 'task',
    ref: id.replace(/^task:/, ''),
    title: '纠纷',
    category: 'other',
    territory: 'GT-01-01',
    incident: id,
    createdAt: NOW - HOUR,
    open: true,
    dueAt: NOW + 5 * DAY,
    contacts: [{ channel: '社治中心', at: over.createdAt ?? NOW - HOUR }],
    parties: [],
    texts: [],
    counts: { bounces: 0, returns: 0, reopens: 0, escalations: 0, failedMediations: 0 },
    agreement: false,
    feedback: [],
    ...over,
  }
}
const ZHANG = { name: '张三', key: 'p:zhang', phoneMasked: '138****5678' }
const byZhang = (daysAgo: number, channel = '12345', over: Partial<RiskCase> = {}) =>
  kase({ parties: [ZHANG], createdAt: NOW - daysAgo * DAY, contacts: [{ channel, at: NOW - daysAgo * DAY }], ...over })
const lines = (c: RiskCase, history: RiskCase[] = [], rules: RiskRuleSet = R, now = NOW) => scoreCase(c, history, rules, now).factors.map(factorLine)
const described = (text: string, over: Partial<RiskCase> = {}) => kase({ texts: [{ source: 'description', text, at: NOW }], ...over })

describe('repeats of the same party across channels', () => {
  it('the third call in 30 days scores 2 × 15, said as 「第 3 次」', () => {
    const now = byZhang(0, '110')
    expect(lines(now, [byZhang(10, '110'), byZhang(20)])).toEqual(['近 30 天同一当事人（张三）第 3 次报警，涉 110、12345 +30'])
  })

  it.each([
    // [days ago of the earlier cases, expected line]
    [[29], '近 30 天同一当事人（张三）第 2 次报警 +15'],
    [[31], '近 90 天同一当事人（张三）第 2 次报警 +8'],
    [[89, 60], '近 90 天同一当事人（张三）第 3 次报警 +16'],
    [[91], '近 365 天同一当事人（张三）第 2 次报警 +4'],
    [[366], null],
    [[1, 2, 3, 4, 5], '近 30 天同一当事人（张三）第 6 次报警 +45'],
  ])('earlier cases %j days ago → %s', (ago, expected) => {
    const got = lines(
      byZhang(0),
      (ago as number[]).map((d) => byZhang(d)),
    )
    expect(got).toEqual(expected ? [expected] : [])
  })

  it('the window edge is inclusive: exactly 30 days ago still counts in 30', () => {
    expect(lines(byZhang(0), [byZhang(30)])).toEqual(['近 30 天同一当事人（张三）第 2 次报警 +15'])
  })

  it('an older case re-scored after a newer one arrived says 「共」', () => {
    const old = byZhang(5)
    expect(lines(old, [byZhang(0), byZhang(1)])).toEqual(['近 30 天同一当事人（张三）共 3 次报警 +30'])
  })

  it('records of one incident (a lead and its task) count once', () => {
    const lead = byZhang(2, '110', { id: 'lead:L1', kind: 'lead', incident: 'inc-1' })
    // (the lead's 110 call and the new case's are more than a day apart: no dense-calls factor)
    const task = byZhang(1, '社治中心', { incident: 'inc-1' })
    expect(lines(byZhang(0), [lead, task])).toEqual(['近 30 天同一当事人（张三）第 2 次报警，涉 12345、110、社治中心 +15'])
  })

  it('a different person is not a repeat', () => {
    expect(lines(byZhang(0), [kase({ parties: [{ name: '李四', key: 'p:li' }] })])).toEqual([])
  })
})

describe('repeats at the same address', () => {
  const at = (daysAgo: number) =>
    kase({
      address: { key: 'a:新城社区3幢402', label: '新城社区 3 幢 402' },
      createdAt: NOW - daysAgo * DAY,
      contacts: [{ channel: '12345', at: NOW - daysAgo * DAY }],
    })
  it.each([
    [[5], '近 30 天同一地址（新城社区 3 幢 402）第 2 次报警 +10'],
    [[5, 6, 7, 8], '近 30 天同一地址（新城社区 3 幢 402）第 5 次报警 +30'],
    [[45], '近 90 天同一地址（新城社区 3 幢 402）第 2 次报警 +5'],
    [[200], '近 365 天同一地址（新城社区 3 幢 402）第 2 次报警 +2'],
  ])('%j → %s', (ago, expected) => {
    expect(lines(at(0), (ago as number[]).map(at))).toEqual([expected])
  })
})

describe('110 calls within 24 hours', () => {
  const call = (hoursAgo: number) => kase({ parties: [ZHANG], createdAt: NOW - hoursAgo * HOUR, contacts: [{ channel: '110', at: NOW - hoursAgo * HOUR }] })
  it('three calls in a day: +20 next to the repeat', () => {
    const got = lines(call(0), [call(5), call(20)])
    expect(got).toContain('24 小时内 110 报警 3 次 +20')
  })
  it('two calls 25 hours apart are not dense', () => {
    expect(lines(call(0), [call(25)]).some((l) => l.includes('110 报警'))).toBe(false)
  })
  it('calls of other channels do not count', () => {
    const twelve = kase({ parties: [ZHANG], contacts: [{ channel: '12345', at: NOW - HOUR }] })
    expect(lines(call(0), [twelve]).some((l) => l.includes('110 报警'))).toBe(false)
  })
  it('at most the rule maximum', () => {
    expect(lines(call(0), [1, 2, 3, 4, 5, 6].map(call))).toContain('24 小时内 110 报警 7 次 +30')
  })
})

describe('category severity', () => {
  it.each([
    ['family', '婚恋家庭纠纷 +10'],
    ['debt', '债务纠纷 +8'],
    ['labour', '劳资纠纷 +8'],
    ['land', '土地/宅基地纠纷 +8'],
    ['neighbour', '邻里纠纷 +5'],
  ] as const)('%s → %s', (category, expected) => {
    expect(lines(kase({ category }))).toEqual([expected])
  })
  it('a category with no weight adds nothing', () => {
    expect(lines(kase({ category: 'noise' }))).toEqual([])
  })
})

describe('threat and violence phrases in any text of the case', () => {
  it('names the text it was found in', () => {
    expect(lines(described('一方扬言报复'))).toEqual(['描述含「扬言」 +25', '描述含「报复」 +25'])
    expect(lines(kase({ texts: [{ source: 'progress', text: '今天双方动手了', at: NOW }] }))).toEqual(['进展记录含「动手」 +20'])
    expect(lines(kase({ texts: [{ source: 'feedback', text: '对结果不满意', at: NOW }] }))).toEqual(['回访意见含「不满意」 +8'])
    expect(lines(kase({ texts: [{ source: 'report', text: '报警称对方持刀', at: NOW }] }))).toEqual(['报警内容含「持刀」（直接红色） +35'])
  })
  it('a negated phrase is not a factor', () => {
    expect(lines(described('双方没有扬言，也没有动手'))).toEqual([])
  })
  it('a phrase found in several texts counts once, where it is first found', () => {
    const c = kase({
      texts: [
        { source: 'description', text: '对方扬言', at: NOW - DAY },
        { source: 'progress', text: '今天又扬言', at: NOW },
      ],
    })
    expect(lines(c)).toEqual(['描述含「扬言」 +25'])
  })
  it('a 直接红色 phrase makes the case red whatever the score', () => {
    const a = scoreCase(described('扬言同归于尽'), [], R, NOW)
    expect(a.colour).toBe('red')
    expect(a.factors[0]).toEqual({ code: 'phrase', points: 40, text: '描述含「同归于尽」（直接红色）', forceRed: true })
  })
  it('phrases together stop at the cap; the ones past it are still shown, at what is left', () => {
    expect(lines(described('扬言报复，拼命，殴打致受伤'))).toEqual([
      '描述含「拼命」 +30',
      '描述含「扬言」 +25',
      '描述含「报复」 +25',
      '描述含「殴打」（关键词合计已达上限 80） +0',
      '描述含「受伤」（关键词合计已达上限 80） +0',
    ])
  })
  it('a phrase in a linked case within 90 days counts half, naming that case', () => {
    const earlier = byZhang(10, '110', { ref: 'JQ20261117-0003', texts: [{ source: 'description', text: '扬言报复', at: NOW - 10 * DAY }] })
    const got = lines(byZhang(0, '12345'), [earlier])
    expect(got).toContain('近 90 天关联案件（JQ20261117-0003）含「扬言」 +13')
    expect(got).toContain('近 90 天关联案件（JQ20261117-0003）含「报复」 +13')
  })
  it('a linked case older than the window does not lend its phrases', () => {
    const old = byZhang(120, '110', { texts: [{ source: 'description', text: '扬言报复', at: NOW - 120 * DAY }] })
    expect(lines(byZhang(0), [old]).some((l) => l.includes('关联案件'))).toBe(false)
  })
  it('a phrase already in the case is not counted again from a linked one', () => {
    const earlier = byZhang(3, '110', { texts: [{ source: 'description', text: '扬言', at: NOW }] })
    const got = lines(byZhang(0, '110', { texts: [{ source: 'progress', text: '又扬言', at: NOW }] }), [earlier])
    expect(got.filter((l) => l.includes('扬言'))).toEqual(['进展记录含「扬言」 +25'])
  })
})

describe('vulnerable parties', () => {
  it.each([
    ['elderly', '当事人王老伯为老人 +8'],
    ['minor', '当事人王老伯为未成年人 +10'],
    ['disabled', '当事人王老伯为残疾人 +8'],
    ['pregnant', '当事人王老伯为孕妇 +10'],
  ] as const)('a party flagged %s → %s', (flag, expected) => {
    expect(lines(kase({ parties: [{ name: '王老伯', flags: [flag] }] }))).toEqual([expected])
  })
  it('the description names one when nobody flagged it (not when negated)', () => {
    expect(lines(described('七旬老人独居无人照料'))).toEqual(['描述提到「老人」（涉及老人） +8'])
    expect(lines(described('家中没有老人'))).toEqual([])
  })
  it('a flag and a word for the same kind count once', () => {
    expect(lines(kase({ parties: [{ name: '沈老伯', flags: ['elderly'] }], texts: [{ source: 'description', text: '老人独居', at: NOW }] }))).toEqual([
      '当事人沈老伯为老人 +8',
    ])
  })
})

describe('time: unresolved age and overdue', () => {
  const aged = (days: number, dueInDays: number, open = true) => kase({ createdAt: NOW - days * DAY, dueAt: NOW + dueInDays * DAY, open })
  it.each([
    [6, 10, []],
    [7, 10, ['已 7 天未办结 +1']],
    [12, 10, ['已 12 天未办结 +6']],
    [40, 10, ['已 40 天未办结 +10']],
  ])('open %d days, due in %d days → %j', (days, due, expected) => {
    expect(lines(aged(days, due))).toEqual(expected)
  })
  it.each([
    [0.5, '超期 1 天未办结 +2'],
    [5, '超期 5 天未办结 +10'],
    [30, '超期 30 天未办结 +20'],
  ])('%d days past due → %s', (late, expected) => {
    expect(lines(aged(2, -late))).toEqual([expected])
  })
  it('exactly at the due date is not overdue', () => {
    expect(lines(aged(2, 0))).toEqual([])
  })
  it('a closed case is neither ageing nor overdue', () => {
    expect(lines(aged(40, -5, false))).toEqual([])
  })
})

describe('the history of handling', () => {
  const counts = (c: Partial<RiskCase['counts']>) => kase({ counts: { bounces: 0, returns: 0, reopens: 0, escalations: 0, failedMediations: 0, ...c } })
  it.each([
    [{ bounces: 2 }, '部门退回 2 次 +6'],
    [{ bounces: 9 }, '部门退回 9 次 +12'],
    [{ returns: 1 }, '验收驳回 1 次 +2'],
    [{ reopens: 1 }, '办结后重新打开 1 次 +8'],
    [{ escalations: 1 }, '上报社治中心 1 次 +5'],
    [{ failedMediations: 2 }, '调解不成 2 次 +16'],
  ])('%j → %s', (c, expected) => {
    expect(lines(counts(c))).toEqual([expected])
  })
  it('an unhappy 回访 adds, a happy one does not', () => {
    const fb = (satisfied: boolean) => ({ at: NOW, satisfied })
    expect(lines(kase({ feedback: [fb(false), fb(true)] }))).toEqual(['回访不满意 1 次 +10'])
  })
  it('a mediation agreement lowers the score, never below zero', () => {
    expect(lines(kase({ category: 'family', agreement: true }))).toEqual(['婚恋家庭纠纷 +10', '已达成调解协议 −15'])
    expect(scoreCase(kase({ category: 'family', agreement: true }), [], R, NOW).score).toBe(0)
  })
})

describe('colour thresholds', () => {
  it.each([
    [0, 'green'],
    [29, 'green'],
    [30, 'yellow'],
    [59, 'yellow'],
    [60, 'red'],
    [200, 'red'],
  ] as const)('%d points → %s', (score, colour) => {
    expect(colourOf(score, R)).toBe(colour)
  })
  it('the issue example: a family dispute with 「扬言要拼命」 is red on its own', () => {
    const a = scoreCase(described('扬言要拼命', { category: 'family' }), [], R, NOW)
    expect(a).toMatchObject({ score: 65, colour: 'red' })
    expect(a.factors.map(factorLine)).toEqual(['描述含「拼命」 +30', '描述含「扬言」 +25', '婚恋家庭纠纷 +10'])
    expect(assessmentHeadline(a, R)).toBe('红色预警（65 分，红线 60 分）')
  })
  it("thresholds are the admin's: the same case is yellow when red starts at 70", () => {
    const rules = { ...R, thresholds: { yellow: 30, red: 70 } }
    expect(scoreCase(described('扬言要拼命', { category: 'family' }), [], rules, NOW).colour).toBe('yellow')
  })
  it('headlines for each colour', () => {
    expect(assessmentHeadline({ score: 35, colour: 'yellow' }, R)).toBe('黄色预警（35 分，黄线 30 分）')
    expect(assessmentHeadline({ score: 5, colour: 'green' }, R)).toBe('绿色（5 分，黄线 30 分）')
  })
})
