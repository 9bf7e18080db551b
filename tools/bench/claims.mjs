// The claim path under load:
//   0. every worker opens the app once (untimed), as one does before tapping 揭榜
//   1. claim storm: STORM concurrent claims on one task (exactly 1 winner, the rest 409 naming the
//      holder), its wall time next to STORM raw unique-key inserts started at once on the same database
//   2. claims per second on distinct tasks through the BFF, next to raw unique-key inserts per second
//      (same database, same run, same concurrency)
import { ms, pct, pool, wallTime } from './util.mjs'

const STORM = Number(process.env.BENCH_STORM || 500)
const STORM_ROUNDS = Number(process.env.BENCH_STORM_ROUNDS || 3)
const TASKS = Number(process.env.BENCH_TASKS || 300)
const INFLIGHT = Number(process.env.BENCH_INFLIGHT || 32)

export async function benchClaims(ctx) {
  const { call, mdb, say, addWorkers, newTask, deferredWork } = ctx
  const stormers = await addWorkers('bench-s', STORM)
  const claimers = await addWorkers('bench-d', TASKS)
  // a worker taps 揭榜 on a task page with the app open: each has made a request before (untimed). Their
  // first request also reads the person behind the people stamp (docs/database.md#people-stamp); later ones do not.
  say(`bench: ${STORM + TASKS} workers open the app (GET /api/me, untimed)`)
  await pool(
    [...stormers, ...claimers].map((u) => () => call(u, 'GET', '/api/me')),
    INFLIGHT,
  )

  const storms = []
  for (let round = 0; round < STORM_ROUNDS; round++) {
    const id = await newTask(`storm-${round}`)
    say(`bench: claim storm ${round + 1}/${STORM_ROUNDS} — ${STORM} concurrent claims on ${id}`)
    const latencies = []
    const { wall, results } = await wallTime(
      stormers.map((u) => async () => {
        const s = performance.now()
        const r = await call(u, 'POST', `/api/tasks/${id}/claim`, {})
        latencies.push(performance.now() - s)
        return r
      }),
    )
    const raw = mdb.collection('bench_raw_storm')
    const rawRun = await wallTime(stormers.map((u, i) => () => raw.insertOne({ _id: `${id}:${round}:${i}`, taskId: id, by: u, at: new Date() })))
    const winner = results.find((r) => r.status === 200)
    const namesHolder = results.filter((r) => r.status === 409).every((r) => r.body?.error?.code === 'TASK_ALREADY_CLAIMED')
    storms.push({
      winners: results.filter((r) => r.status === 200).length,
      conflicts: results.filter((r) => r.status === 409).length,
      other: results.filter((r) => r.status !== 200 && r.status !== 409).length,
      namesHolder: namesHolder && !!winner,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      wall,
      rawWall: rawRun.wall,
    })
  }

  say(`bench: creating ${TASKS} tasks`)
  const ids = []
  for (let i = 0; i < TASKS; i++) ids.push(await newTask(i))
  say(`bench: ${TASKS} claims on distinct tasks, ${INFLIGHT} in flight`)
  let claimFailures = 0
  let t = performance.now()
  const claimLatencies = await pool(
    ids.map((id, i) => async () => {
      const r = await call(claimers[i], 'POST', `/api/tasks/${id}/claim`, {})
      if (r.status !== 200) claimFailures++
    }),
    INFLIGHT,
  )
  const claimSeconds = (performance.now() - t) / 1000
  say('bench: claims answered')
  // the views (indices' facts, the watch list, citizens' milestones) yield to the claims and catch up after them
  const viewsBehind = (await deferredWork()).views ?? 0
  const catchUp = performance.now()
  while (((await deferredWork()).views ?? 0) > 0) await new Promise((r) => setTimeout(r, 200))
  const catchUpSeconds = (performance.now() - catchUp) / 1000
  say(`bench: ${TASKS} raw unique-key inserts, ${INFLIGHT} in flight`)
  const raw = mdb.collection('bench_raw_inserts')
  t = performance.now()
  const insertLatencies = await pool(
    ids.map((id, i) => () => raw.insertOne({ _id: `${id}:bench:${i}`, taskId: id, seq: 1, at: new Date() })),
    INFLIGHT,
  )
  const insertSeconds = (performance.now() - t) / 1000

  const claimsPerSec = TASKS / claimSeconds
  const insertsPerSec = TASKS / insertSeconds
  const stormRow = storms
    .map(
      (s, i) =>
        `round ${i + 1}: winners **${s.winners}**, 409 × ${s.conflicts}${s.namesHolder ? ' (each naming the holder)' : ''}${s.other ? `, other × ${s.other}` : ''}, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, wall ${ms(s.wall)} = **${(s.wall / s.rawWall).toFixed(1)}×** the ${STORM} raw inserts (${ms(s.rawWall)})`,
    )
    .join('<br>')
  return {
    failed: storms.some((s) => s.winners !== 1) ? 'a claim storm did not have exactly one winner' : null,
    rows: [
      [`claim storm: ${STORM} concurrent claims on one task (vs ${STORM} raw unique-key inserts started at once)`, stormRow],
      [
        `claims/s on ${TASKS} distinct tasks through the BFF (${INFLIGHT} in flight)`,
        `**${claimsPerSec.toFixed(0)}/s** (p50 ${ms(pct(claimLatencies, 50))}, p99 ${ms(pct(claimLatencies, 99))}${claimFailures ? `, ${claimFailures} failed` : ''})`,
      ],
      [
        'the views after the claims (deferred work yields to requests)',
        `${viewsBehind} view refreshes waiting when the last claim answered; caught up **${catchUpSeconds.toFixed(1)} s** later`,
      ],
      [
        `raw unique-key inserts/s, same database (${INFLIGHT} in flight)`,
        `**${insertsPerSec.toFixed(0)}/s** (p50 ${ms(pct(insertLatencies, 50))}, p99 ${ms(pct(insertLatencies, 99))})`,
      ],
      [
        'BFF claims/s as a share of raw inserts/s',
        `**${((100 * claimsPerSec) / insertsPerSec).toFixed(0)} %** (${(insertsPerSec / claimsPerSec).toFixed(1)} : 1)`,
      ],
    ],
  }
}
