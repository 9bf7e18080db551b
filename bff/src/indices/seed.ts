/**
 * Demo data for `npm start`: a year of the street's history, so the 一屏掌控 shows trends, 环比 and
 * 同比 from the first start. The task logs are generated (shared/src/indices/generate.ts — each follows
 * the task lifecycle) and stored as they would have been appended: events, their projection, their
 * facts; then what the first screens read is rebuilt (the rest by the job in the background). Task numbers `JQH…` keep them apart from the live demo's tasks.
 * Once per database (the mark `indices_sources/demo-history`).
 */
import { foldEvents, periodKeyAt, taskFacts } from '@jqtb/shared'
import { generateTaskLogs } from '@jqtb/shared/src/indices/generate'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import type { SeedContext, SeedResult } from '../kernel/seeding'
import { eventId } from '../tasks/log'
import { projectionOf } from '../tasks/projection'
import { factDoc, markDirty } from './facts'
import { rebuildPeriods } from './rebuild'

const DAY = 86_400_000
const MARK = 'demo-history'

export async function seedIndices({ now, demo }: SeedContext): Promise<SeedResult> {
  if (!demo || demo.config.seedDemoLight) return {}
  return seedHistory(demo, now, 1.5)
}

/**
 * Writes the history (`perDay` tasks a day over the last year) and rebuilds what the first screens read at once —
 * every month, quarter and year, and the last five weeks with their days; the older days and weeks are marked dirty
 * and the rebuild job works them off in the background (a month of days per run).
 */
export async function seedHistory(demo: AppDeps, now: Date, perDay: number): Promise<SeedResult> {
  const db = demo.db
  const { IndexSource, Territory, User, TaskEvent, Task, IndexFact } = db.models
  if (await IndexSource.exists({ _id: MARK })) return {}
  const grids = (await Territory.find({ level: 'grid' }, { _id: 1 }).lean()).map((g) => g._id)
  const users = await User.find({}, { _id: 1, name: 1, roles: 1, territory: 1, department: 1 }).lean()
  const departments: Record<string, { id: string; name: string }> = {}
  for (const u of users)
    if (u.roles.includes('dept_lead') && u.department && !departments[u.department]) departments[u.department] = { id: u._id, name: u.name }
  const workers = users
    .filter((u) => u.roles.includes('grid_worker') && u.territory)
    .map((u) => ({ id: u._id, name: u.name, territory: u.territory as string }))
  if (!grids.length || !workers.length || !Object.keys(departments).length) return {}
  const t = now.getTime()
  const logs = generateTaskLogs({ from: t - 365 * DAY, to: t - DAY, until: t, perDay, seed: 2026, prefix: 'JQH', people: { grids, departments, workers } })
  const events = logs
    .flat()
    .map((e) => ({ _id: eventId(e.taskId, e.seq), taskId: e.taskId, seq: e.seq, type: e.type, at: new Date(e.at), actor: e.actor, data: e.data }))
  const insert = async (model: typeof TaskEvent | typeof Task | typeof IndexFact, docs: object[]) => {
    for (let i = 0; i < docs.length; i += 200) {
      await model.collection.insertMany(docs.slice(i, i + 200) as never[], { ordered: false }).catch((err) => {
        if (!isDuplicateKey(err)) throw err
      })
    }
  }
  await insert(TaskEvent, events)
  await insert(
    Task,
    logs.map((l) => projectionOf(foldEvents(l) as never)),
  )
  await insert(
    IndexFact,
    logs.flatMap((l) => {
      const f = taskFacts(l)
      return f ? [factDoc(f, f.seq, now)] : []
    }),
  )
  const deps = { db, clock: demo.clock }
  const days = new Set<string>()
  const periods = new Set<string>()
  for (let d = t - 366 * DAY; d <= t + 30 * DAY; d += DAY) {
    days.add(periodKeyAt(d, 'day'))
    for (const level of ['month', 'quarter', 'year'] as const) periods.add(periodKeyAt(d, level))
    if (d > t - 35 * DAY) {
      periods.add(periodKeyAt(d, 'day'))
      periods.add(periodKeyAt(d, 'week'))
    }
  }
  const rebuilt = await rebuildPeriods(deps, [...periods].sort())
  await markDirty(
    db,
    [...days].filter((d) => !periods.has(d)),
    now,
  )
  await IndexSource.collection.insertOne({ _id: MARK, at: now } as never).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
  return { indicesDemoHistory: { inserted: logs.length, updated: rebuilt.written, unchanged: 0 } }
}
