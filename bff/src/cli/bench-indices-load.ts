// Bench helper (tools/bench/indices.mjs): writes `count` generated tasks of a busy year straight into
// MONGODB_URI / MONGODB_DB (events, projections, facts), rebuilds every period, and prints one JSON line
// with the figures and the `_id`s the dashboard of the current month reads. Not used by the app.
import { foldEvents, taskFacts } from '@jqtb/shared'
import { generateTaskLogs } from '@jqtb/shared/src/indices/generate'
import { connectDb } from '../compose'
import { loadConfig } from '../config'
import { DOMAINS } from '../domains'
import { factDoc } from '../indices/facts'
import { dashboardDocIds } from '../indices/queries'
import { rebuildAllPeriods } from '../indices/reindex'
import { systemClock } from '../infra/clock'
import { eventId } from '../tasks/log'
import { projectionOf } from '../tasks/projection'

const DAY = 86_400_000

async function main() {
  const [count, prefix, seed] = [Number(process.argv[2]), process.argv[3] ?? 'JQB', Number(process.argv[4] ?? 1)]
  const config = loadConfig()
  // a year of periods rebuilt at once: long commands on a busy embedded database, not a sign that it is away
  const db = await connectDb(config.mongodbUri, config.mongodbDb, DOMAINS, { timeoutMs: 30 * 60_000 })
  try {
    const { Territory, User, TaskEvent, Task, IndexFact } = db.models
    const grids = (await Territory.find({ level: 'grid' }, { _id: 1 }).lean()).map((g) => g._id)
    const users = await User.find({ _id: { $not: /^bench-/ } }, { _id: 1, name: 1, roles: 1, territory: 1, department: 1 }).lean()
    const departments: Record<string, { id: string; name: string }> = {}
    for (const u of users)
      if (u.roles.includes('dept_lead') && u.department && !departments[u.department]) departments[u.department] = { id: u._id, name: u.name }
    const workers = users
      .filter((u) => u.roles.includes('grid_worker') && u.territory)
      .map((u) => ({ id: u._id, name: u.name, territory: u.territory as string }))
    const now = Date.now()
    const t0 = performance.now()
    const logs = generateTaskLogs({ from: now - 365 * DAY, to: now, until: now, perDay: count / 365, seed, prefix, people: { grids, departments, workers } })
    // the running BFF's catch-up may fold a task's facts from the events written here before this loader
    // writes them: the same log, the same fact, so a duplicate key is that document already there
    const put = async (model: typeof TaskEvent | typeof Task | typeof IndexFact, docs: object[]) => {
      for (let i = 0; i < docs.length; i += 500)
        await model.collection.insertMany(docs.slice(i, i + 500) as never[], { ordered: false }).catch((err) => {
          const failed: Array<{ code?: number }> = err.writeErrors ?? [err]
          if (failed.some((e) => e.code !== 11000)) throw err
        })
    }
    const events = logs
      .flat()
      .map((e) => ({ _id: eventId(e.taskId, e.seq), taskId: e.taskId, seq: e.seq, type: e.type, at: new Date(e.at), actor: e.actor, data: e.data }))
    await put(TaskEvent, events)
    await put(
      Task,
      logs.map((l) => projectionOf(foldEvents(l) as never)),
    )
    await put(
      IndexFact,
      logs.flatMap((l) => {
        const f = taskFacts(l)
        return f ? [factDoc(f, f.seq, new Date())] : []
      }),
    )
    const loadMs = performance.now() - t0
    const t1 = performance.now()
    const rebuilt = await rebuildAllPeriods({ db, clock: systemClock })
    const rebuildMs = performance.now() - t1
    const month = new Date(now + 8 * 3_600_000).toISOString().slice(0, 7)
    const ids = dashboardDocIds(month, { dim: 'street', key: 'GT' }, now)
    const [tasks, allEvents] = await Promise.all([Task.estimatedDocumentCount(), TaskEvent.estimatedDocumentCount()])
    process.stdout.write(
      `${JSON.stringify({ added: logs.length, events: events.length, tasks, allEvents, loadMs, rebuildMs, rebuilt, month, ids: [ids.cur, ids.prev, ids.yoy, ...ids.trend.filter((x) => ![ids.cur, ids.prev, ids.yoy].includes(x))], board: ids.board })}\n`,
    )
  } finally {
    await db.close()
  }
}

main().catch((e) => {
  process.stderr.write(`bench-indices-load failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exit(1)
})
