// The hall list (GET /api/tasks?view=hall) next to the raw driver query with the very filter the
// BFF's policy builds: the ratio is the cost of auth, folding and presenting.
import path from 'node:path'
import { ms, pct } from './util.mjs'

const HALL_REQUESTS = Number(process.env.BENCH_HALL || 60)

export async function benchHall(ctx) {
  const { call, mdb, say, root, territory, newTask, addWorkers } = ctx
  say(`bench: publishing 100 more tasks for the hall, then ${HALL_REQUESTS} hall lists each way`)
  for (let i = 0; i < 100; i++) await newTask(`hall-${i}`)
  const [viewer] = await addWorkers('bench-h', 1)
  const { tsImport } = await import('tsx/esm/api')
  const policy = await tsImport(path.join(root, 'bff/src/tasks/policy.ts'), import.meta.url)
  const authUser = { id: viewer, name: '', roles: ['grid_worker'], territory, tags: [] }
  const hallLatencies = []
  const rawLatencies = []
  let hallItems = 0
  for (let i = 0; i < HALL_REQUESTS; i++) {
    let s = performance.now()
    const r = await call(viewer, 'GET', '/api/tasks?view=hall&limit=20')
    hallLatencies.push(performance.now() - s)
    hallItems = r.body.items.length
    s = performance.now()
    const filter = { $and: [policy.visibleFilter(authUser), policy.viewFilter('hall', authUser, Date.now())] }
    await mdb.collection('tasks').find(filter).sort({ publishedAt: -1, _id: -1 }).limit(21).toArray()
    rawLatencies.push(performance.now() - s)
  }
  const taskCount = await mdb.collection('tasks').countDocuments()
  return {
    rows: [
      [
        `hall list, GET /api/tasks?view=hall (${hallItems} items of ${taskCount} tasks)`,
        `p50 ${ms(pct(hallLatencies, 50))}, p99 ${ms(pct(hallLatencies, 99))}`,
      ],
      ['same filter, raw driver find + sort + limit', `p50 ${ms(pct(rawLatencies, 50))}, p99 ${ms(pct(rawLatencies, 99))}`],
      ['ratio BFF hall : raw query (p50)', `${(pct(hallLatencies, 50) / pct(rawLatencies, 50)).toFixed(1)} : 1`],
    ],
  }
}
