// Helpers the bench sections share: percentiles, a bounded pool, and table rows.

export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
export const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`

/** Runs `jobs` with at most `limit` in flight; returns each job's duration. */
export async function pool(jobs, limit) {
  const durations = []
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]
      const t = performance.now()
      await job()
      durations.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker))
  return durations
}

/** Wall time of `jobs` all started at once. */
export async function wallTime(jobs) {
  const t = performance.now()
  const results = await Promise.all(jobs.map((j) => j()))
  return { wall: performance.now() - t, results }
}
