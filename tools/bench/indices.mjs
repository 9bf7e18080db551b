// 关键指数 under a busy year: the dashboard API (GET /api/indices/dashboard, the street's current month) next to
// the raw `_id` reads of the very documents it reads (the period, 环比, 同比, 12 trend months, the board) in the
// same run — as every viewer reads it between rebuilds (the BFF keeps what it read: bff/src/indices/stored.ts),
// and as the first load after a rebuild (the bench stamps a new generation before it). First over
// BENCH_INDICES_SMALL tasks, then over BENCH_INDICES_TASKS (goal: ≤ 2× the raw reads, and flat from the small to
// the large street). Tasks, events and facts are generated straight into the database
// (bff/src/cli/bench-indices-load.ts), then every period is rebuilt.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { archiveRunner } from './archive.mjs'
import { ms, pct } from './util.mjs'

const SMALL = Number(process.env.BENCH_INDICES_SMALL || 2000)
const LARGE = Number(process.env.BENCH_INDICES_TASKS || 20000)
// each round is a first load after a new stamp, a kept load and the raw reads: 60 rounds steady the p50s (≈ 4 s)
const ROUNDS = Number(process.env.BENCH_INDICES_ROUNDS || 60)
/** BENCH_INDICES_ARCHIVE=1: the archive job moves the closed tasks older than 180 days out of the hot collection
 * before each measurement, as in a street running the app for years (the jobs that watch live work scan it) */
const ARCHIVE = process.env.BENCH_INDICES_ARCHIVE === '1'

function load(ctx, count, prefix, seed) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bff/src/cli/bench-indices-load.ts', String(count), prefix, String(seed)], {
    cwd: ctx.root,
    // the loader reads the app's config: the same development settings the bench's BFF runs with
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DINGTALK_SIMULATOR: '1',
      HOST: '127.0.0.1',
      MONGODB_URI: ctx.dbUri,
      MONGODB_DB: ctx.dbName,
      LOG_LEVEL: 'error',
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (r.status !== 0) throw new Error(`bench-indices-load: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1))
}

async function measure(ctx, loaded) {
  const { call, mdb } = ctx
  const api = []
  const cold = []
  const me = []
  const raw = []
  const path = `/api/indices/dashboard?period=${loaded.month}`
  const first = await call('u-zhaoyan', 'GET', path)
  if (first.status !== 200) throw new Error(`dashboard: ${first.status} ${JSON.stringify(first.body)}`)
  const timed = async (into, p = path) => {
    const t = performance.now()
    const r = await call('u-zhaoyan', 'GET', p)
    if (r.status !== 200) throw new Error(`${p}: ${r.status}`)
    into.push(performance.now() - t)
  }
  for (let i = 0; i < ROUNDS; i++) {
    // as after a rebuild: a new generation, so the BFF reads every document again
    await mdb.collection('indices_stamps').replaceOne({ _id: 'GT' }, { _id: 'GT', gen: randomUUID(), at: new Date() }, { upsert: true })
    await timed(cold)
    // as the wall screen's next refresh and every other viewer until the next rebuild
    await timed(api)
    // the floor of any signed-in request: the login check and two point reads, no indices work
    await timed(me, '/api/me')
    const t = performance.now()
    await Promise.all([
      ...loaded.ids.map((id) => mdb.collection('indices_aggregates').findOne({ _id: id }, { projection: { c: 1 } })),
      mdb.collection('indices_boards').findOne({ _id: loaded.board }, { projection: { streetName: 1, rowsText: 1, rows: 1, builtAt: 1 } }),
    ])
    raw.push(performance.now() - t)
  }
  return {
    api: pct(api, 50),
    apiP99: pct(api, 99),
    cold: pct(cold, 50),
    coldP99: pct(cold, 99),
    me: pct(me, 50),
    raw: pct(raw, 50),
    received: first.body.cards.find((c) => c.id === 'received')?.value,
  }
}

export async function benchIndices(ctx) {
  const { say } = ctx
  say(`bench: indices — generating ${SMALL} tasks of a year`)
  const { archiveAll, close } = ARCHIVE ? await archiveRunner(ctx, { afterDays: 180, concurrency: 4 }) : { archiveAll: async () => null, close: async () => {} }
  const small = load(ctx, SMALL, 'JQB1', 1)
  await archiveAll()
  const a = await measure(ctx, small)
  say(`bench: indices — adding ${LARGE - SMALL} more tasks`)
  const large = load(ctx, LARGE - SMALL, 'JQB2', 2)
  await archiveAll()
  const b = await measure(ctx, large)
  await close()
  const ratio = (m) => `**${(m.api / m.raw).toFixed(2)}×**, after a rebuild ${(m.cold / m.raw).toFixed(2)}× (goal ≤ 2×)`
  const side = (m) =>
    `dashboard API p50 ${ms(m.api)} (p99 ${ms(m.apiP99)}); first load after a rebuild p50 ${ms(m.cold)} (p99 ${ms(m.coldP99)}); raw \`_id\` reads of its ${small.ids.length + 1} documents p50 ${ms(m.raw)}: ${ratio(m)}`
  return {
    failed: null,
    rows: [
      [
        `street of ${small.tasks} tasks / ${small.allEvents} events (load ${ms(small.loadMs)}, rebuild of ${small.rebuilt.periods} periods ${ms(small.rebuildMs)}, ${small.rebuilt.written} documents)`,
        side(a),
      ],
      [
        `street of ${large.tasks} tasks / ${large.allEvents} events (load ${ms(large.loadMs)}, rebuild of ${large.rebuilt.periods} periods ${ms(large.rebuildMs)}, ${large.rebuilt.written} documents)`,
        side(b),
      ],
      [
        'dashboard growth from the small to the large street (p50)',
        `**${(b.api / a.api).toFixed(2)}×** (goal: flat), first load after a rebuild ${(b.cold / a.cold).toFixed(2)}×; beside it \`GET /api/me\` (login check and two point reads, no indices work) ${ms(a.me)} → ${ms(b.me)}, ${(b.me / a.me).toFixed(2)}×; 受理量 this month ${a.received} → ${b.received}`,
      ],
    ],
  }
}
