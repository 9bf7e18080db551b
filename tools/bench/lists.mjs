// Lists as data grows: the centre's 全部工单 list (GET /api/tasks?view=all, filtered by state, sorted, 20 a page)
// at BENCH_LIST_SIZES tasks (default 2000,20000), next to the raw driver find + sort + limit on the same filter.
// The filler tasks are copies of a real published task (about 1.5 KB each) inserted straight into `tasks`:
// on FerretDB every non-_id query reads and decodes every document, so the size of the collection is the cost.
import { ms, pct } from './util.mjs'

const SIZES = (process.env.BENCH_LIST_SIZES || '2000,20000').split(',').map(Number)
const REQUESTS = Number(process.env.BENCH_LIST_REQUESTS || 7)

export async function benchLists(ctx) {
  const { call, mdb, say, newTask } = ctx
  const template = await mdb.collection('tasks').findOne({ _id: await newTask('list-template') })
  const tasks = mdb.collection('tasks')
  const rows = []
  for (const size of SIZES) {
    const have = await tasks.countDocuments()
    say(`bench: filling tasks to ${size} (${Math.max(0, size - have)} copies of a published task)`)
    const fillStart = performance.now()
    for (let n = have; n < size; ) {
      const batch = Array.from({ length: Math.min(100, size - n) }, (_, i) => ({
        ...template,
        _id: `bench-fill-${n + i}`,
        taskNo: `JQ20990101-${n + i}`,
        title: `压测列表工单 ${n + i}`,
      }))
      await tasks.insertMany(batch, { ordered: false })
      n += batch.length
    }
    say(`bench: filled in ${ms(performance.now() - fillStart)}; ${REQUESTS} lists each way`)
    const bff = []
    const raw = []
    const refused = []
    for (let i = 0; i < REQUESTS; i++) {
      let s = performance.now()
      const r = await call('u-zhaoyan', 'GET', '/api/tasks?view=all&state=published&limit=20')
      // a list slower than the BFF's DB_TIMEOUT_MS while the database is too busy to answer a ping is a 503: count it
      if (r.status !== 200) refused.push(`${r.status} ${r.body?.error?.code ?? ''} after ${ms(performance.now() - s)}`)
      else bff.push(performance.now() - s)
      s = performance.now()
      await tasks.find({ state: 'published' }).sort({ createdAt: -1, _id: -1 }).limit(21).toArray()
      raw.push(performance.now() - s)
    }
    rows.push(
      [
        `list of 20 (GET /api/tasks?view=all&state=published) over ${size} tasks`,
        `${bff.length ? `p50 ${ms(pct(bff, 50))}, p99 ${ms(pct(bff, 99))}` : 'no answer'}${refused.length ? `; refused: ${refused.join(', ')}` : ''}`,
      ],
      [`same filter over ${size} tasks, raw driver find + sort + limit`, `p50 ${ms(pct(raw, 50))}, p99 ${ms(pct(raw, 99))}`],
    )
  }
  return { rows }
}
