/**
 * Durations (handling times, time to first action) kept as a histogram, so a period of any length
 * stores a bounded document and the 90th percentile can still be read off it.
 *
 * Buckets (upper bounds): every 5 minutes up to 1 hour, every 30 minutes up to 1 day, every 6 hours up
 * to 60 days, every day up to 2 years, then one open bucket. P90 is the upper bound of the bucket that
 * holds the nearest-rank 90th percentile (the ⌈0.9·n⌉-th smallest duration), capped at the largest
 * duration seen — so it is exact to the bucket's resolution: never below the true value and at most
 * one step above it. The average is exact (sum ÷ count).
 */

const MIN = 60_000

interface Band {
  /** first bucket index of the band */
  first: number
  /** the band covers durations above `from` minutes … */
  from: number
  /** … up to `to` minutes, in steps of `step` minutes */
  to: number
  step: number
}

const BANDS: Band[] = (() => {
  const spec: Array<[number, number, number]> = [
    [0, 60, 5],
    [60, 1440, 30],
    [1440, 86_400, 360],
    [86_400, 1_051_200, 1440],
  ]
  let first = 0
  return spec.map(([from, to, step]) => {
    const band = { first, from, to, step }
    first += (to - from) / step
    return band
  })
})()

/** The open bucket past two years. */
export const OVERFLOW_BUCKET = BANDS[BANDS.length - 1].first + (BANDS[BANDS.length - 1].to - BANDS[BANDS.length - 1].from) / BANDS[BANDS.length - 1].step

/** The bucket a duration falls in. */
export function bucketOf(ms: number): number {
  const m = Math.max(0, ms) / MIN
  for (const b of BANDS) if (m <= b.to) return b.first + Math.max(0, Math.ceil((m - b.from) / b.step) - 1)
  return OVERFLOW_BUCKET
}

/** The largest duration (ms) of a bucket; Infinity for the open one. */
export function bucketUpper(index: number): number {
  for (const b of BANDS) {
    const n = (b.to - b.from) / b.step
    if (index < b.first + n) return (b.from + (index - b.first + 1) * b.step) * MIN
  }
  return Number.POSITIVE_INFINITY
}

/** The upper bound of the bucket below `index` (0 for the first). */
export const bucketLower = (index: number): number => (index <= 0 ? 0 : bucketUpper(index - 1))

export interface Durations {
  n: number
  /** ms */
  sum: number
  /** the largest duration (ms) */
  max: number
  /** bucket index → count (an object: no nested arrays in stored documents) */
  b: Record<string, number>
}

export const emptyDurations = (): Durations => ({ n: 0, sum: 0, max: 0, b: {} })

export function addDuration(d: Durations, ms: number): void {
  const v = Math.max(0, ms)
  d.n++
  d.sum += v
  if (v > d.max) d.max = v
  const k = String(bucketOf(v))
  d.b[k] = (d.b[k] ?? 0) + 1
}

/** Average (ms), or null when there is none. */
export const averageMs = (d: Durations): number | null => (d.n ? d.sum / d.n : null)

/** Nearest-rank percentile `p` (0–100) to the bucket resolution (see above), in ms; null when empty. */
export function percentileMs(d: Durations, p: number): number | null {
  if (!d.n) return null
  const rank = Math.max(1, Math.ceil((p / 100) * d.n))
  let seen = 0
  for (const k of Object.keys(d.b)
    .map(Number)
    .sort((a, b) => a - b)) {
    seen += d.b[String(k)]
    if (seen >= rank) return Math.min(bucketUpper(k), d.max)
  }
  return d.max
}

/**
 * The same count, sum, maximum — so the same average — and the same 90th percentile, in at most two
 * buckets: every duration below the P90 bucket counted in the first bucket, the rest in the P90 bucket.
 * Stored counters keep this form (aggregate.ts finishCounters), so a document's size does not grow
 * with the number of cases: the indices read no other percentile. Nothing is added to it afterwards.
 */
export function keepP90(d: Durations): Durations {
  if (!d.n) return { n: 0, sum: 0, max: 0, b: {} }
  const rank = Math.max(1, Math.ceil(0.9 * d.n))
  let below = 0
  for (const k of Object.keys(d.b)
    .map(Number)
    .sort((a, b) => a - b)) {
    if (below + d.b[String(k)] >= rank) return { n: d.n, sum: d.sum, max: d.max, b: below ? { '0': below, [String(k)]: d.n - below } : { [String(k)]: d.n } }
    below += d.b[String(k)]
  }
  return d
}
