import { addDuration, averageMs, bucketLower, bucketOf, bucketUpper, emptyDurations, keepP90, OVERFLOW_BUCKET, percentileMs } from './durations'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('duration buckets', () => {
  it.each([
    [0, 5 * MIN],
    [5 * MIN, 5 * MIN],
    [5 * MIN + 1, 10 * MIN],
    [HOUR, HOUR],
    [HOUR + 1, 90 * MIN],
    [DAY, DAY],
    [DAY + 1, DAY + 6 * HOUR],
    [60 * DAY, 60 * DAY],
    [60 * DAY + 1, 61 * DAY],
    [730 * DAY, 730 * DAY],
  ])('%s ms falls in the bucket up to %s ms', (ms, upper) => {
    expect(bucketUpper(bucketOf(ms))).toBe(upper)
    expect(bucketLower(bucketOf(ms))).toBeLessThan(Math.max(ms, 1))
  })

  it('has one open bucket past two years', () => {
    expect(bucketOf(731 * DAY)).toBe(OVERFLOW_BUCKET)
    expect(bucketUpper(OVERFLOW_BUCKET)).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('average and P90', () => {
  it('is empty without durations', () => {
    expect(averageMs(emptyDurations())).toBeNull()
    expect(percentileMs(emptyDurations(), 90)).toBeNull()
  })

  it('reads the nearest-rank P90 to its bucket: never below the true value, at most one bucket above it', () => {
    let seed = 7
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let round = 0; round < 200; round++) {
      const d = emptyDurations()
      const xs = Array.from({ length: 1 + Math.floor(rand() * 60) }, () => Math.floor(rand() ** 3 * 90 * DAY))
      for (const x of xs) addDuration(d, x)
      const sorted = [...xs].sort((a, b) => a - b)
      const exact = sorted[Math.ceil(0.9 * sorted.length) - 1]
      const read = percentileMs(d, 90) as number
      expect(read).toBeGreaterThanOrEqual(exact)
      expect(read).toBeLessThanOrEqual(bucketUpper(bucketOf(exact)))
      expect(averageMs(d)).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 6)
    }
  })

  it('keeps the same count, sum, average and P90 in at most two buckets, however many durations', () => {
    let seed = 11
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    expect(keepP90(emptyDurations())).toEqual(emptyDurations())
    for (let round = 0; round < 200; round++) {
      const d = emptyDurations()
      for (let i = 0, n = 1 + Math.floor(rand() * 2000); i < n; i++) addDuration(d, Math.floor(rand() ** 3 * 400 * DAY))
      const kept = keepP90(d)
      expect(Object.keys(kept.b).length).toBeLessThanOrEqual(2)
      expect([kept.n, kept.sum, kept.max, percentileMs(kept, 90), averageMs(kept)]).toEqual([d.n, d.sum, d.max, percentileMs(d, 90), averageMs(d)])
      expect(keepP90(kept)).toEqual(kept)
    }
  })
})
