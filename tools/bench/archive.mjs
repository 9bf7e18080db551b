// The archive job (bff/src/tasks/archive.ts) run by a bench section against its own database until nothing is
// left to move: what a real street's hot collection looks like after the years (docs/database.md#archive).
import path from 'node:path'

const DAY = 24 * 3_600_000

/** `archiveAll()` runs the archive job to the end and answers { moved, perSecond }; `close()` closes its connection. */
export async function archiveRunner({ root, dbUri, mdb, say }, { afterDays, concurrency }) {
  const { require: tsRequire } = await import('tsx/cjs/api')
  const load = (p) => tsRequire(path.join(root, p), import.meta.url)
  const { archiveTasks } = load('bff/src/tasks/archive.ts')
  const { connectDb } = load('bff/src/compose.ts')
  const { createEventBus } = load('bff/src/kernel/events.ts')
  const db = await connectDb(dbUri, mdb.databaseName)
  const jobDeps = {
    db,
    clock: { now: () => new Date() },
    notifier: { enqueue: async () => ({ queued: false }) },
    events: createEventBus([]),
    piiKey: 'bench-only-unused-by-the-archive-job',
    archiveAfterMs: afterDays * DAY,
  }
  async function archiveAll() {
    const t = performance.now()
    let moved = 0
    for (;;) {
      const r = await archiveTasks(jobDeps, { limit: 2000, page: 1000, concurrency })
      moved += r.archived + r.revived
      if (r.archived + r.revived === 0) break
      say(`bench: archive job: ${moved} tasks moved (${(moved / ((performance.now() - t) / 1000)).toFixed(1)}/s)`)
    }
    return { moved, perSecond: moved / ((performance.now() - t) / 1000) }
  }
  return { archiveAll, close: () => db.close() }
}
