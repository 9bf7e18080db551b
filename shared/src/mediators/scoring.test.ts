import { candidate } from './fixtures'
import { locality, SCORE_WEIGHTS, scoreOf, smoothedSuccess, summarise } from './scoring'

const ctx = { category: 'family' as const, territory: 'GT-01-02-03' }
const points = (over: Parameters<typeof candidate>[2], c: Partial<typeof ctx> & { dialect?: string } = {}) =>
  scoreOf(candidate('m', 'professional', over), { ...ctx, ...c })

describe('scoring a mediator for a dispute', () => {
  it.each([
    ['GT-01-02-03', 'micro'],
    ['GT-01-02-04', 'grid'],
    ['GT-01-02', 'grid'],
    ['GT-01-05-01', 'community'],
    ['GT-01', 'community'],
    ['GT-02-02-03', null],
    [undefined, null],
  ])('home %s is %s to the dispute in GT-01-02-03', (home, expected) => {
    expect(locality(home, 'GT-01-02-03')).toBe(expected)
  })

  it('each factor adds its documented points, with a reason', () => {
    const base = points({}).score // nothing but the 50 % prior
    expect(base).toBe(SCORE_WEIGHTS.successRate / 2)
    expect(points({ domains: ['family'] }).score - base).toBe(SCORE_WEIGHTS.domain)
    expect(points({ home: 'GT-01-02-03' }).score - base).toBe(SCORE_WEIGHTS.sameMicroGrid)
    expect(points({ home: 'GT-01-02-01' }).score - base).toBe(SCORE_WEIGHTS.sameGrid)
    expect(points({ home: 'GT-01-07' }).score - base).toBe(SCORE_WEIGHTS.sameCommunity)
    expect(points({ dialects: ['慈溪话'] }, { dialect: '慈溪话' }).score - base).toBe(SCORE_WEIGHTS.dialect)
    expect(points({ dialects: ['慈溪话'] }, { dialect: '四川话' }).score).toBe(base)
    expect(points({ years: 40 }).score - base).toBe(SCORE_WEIGHTS.yearsMax)
    expect(points({ load: 3, loadCap: 3 }).score - base).toBe(-SCORE_WEIGHTS.load)
    expect(points({ stats: { done: 0, success: 0, partial: 0, ratingSum: 10, ratingCount: 2 } }).score - base).toBe(2 * SCORE_WEIGHTS.ratingPerStar)
    expect(points({ stats: { done: 0, success: 0, partial: 0, ratingSum: 2, ratingCount: 2 } }).score - base).toBe(-2 * SCORE_WEIGHTS.ratingPerStar)
  })

  it('success rate is smoothed: one success in one is not a perfect record', () => {
    expect(smoothedSuccess({ done: 1, success: 1, partial: 0, ratingSum: 0, ratingCount: 0 })).toBeCloseTo(2 / 3)
    expect(smoothedSuccess({ done: 10, success: 9, partial: 0, ratingSum: 0, ratingCount: 0 })).toBeCloseTo(10 / 12)
    expect(smoothedSuccess({ done: 4, success: 0, partial: 4, ratingSum: 0, ratingCount: 0 })).toBeCloseTo(0.5)
  })

  it('explains the record in words', () => {
    const { reasons } = points({ domains: ['family'], home: 'GT-01-07', stats: { done: 10, success: 8, partial: 0, ratingSum: 46, ratingCount: 10 }, load: 1 })
    expect(reasons.map((r) => r.label)).toEqual([
      '擅长婚恋家庭纠纷',
      '与当事人同村社',
      '调解成功率 80%（8 件成功 / 共 10 件）',
      '群众评价 4.6 分（10 次）',
      '在办 1/3',
    ])
    expect(summarise(reasons)).toBe('擅长婚恋家庭纠纷，与当事人同村社，调解成功率 80%（8 件成功 / 共 10 件）')
  })
})
