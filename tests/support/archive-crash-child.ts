/**
 * An archive job that dies half-way through a move (tests/integration/tasks-archive.test.ts): it runs
 * `archiveTasks` on the test database at the time NOW and kills its own process (SIGKILL, no clean-up)
 * right after the step named by CRASH_AT of the first task it moves.
 */
import pino from 'pino'
import { connectDb } from '../../bff/src/compose'
import { ManualClock } from '../../bff/src/infra/clock'
import { createEventBus } from '../../bff/src/kernel/events'
import { type ArchiveStep, archiveTasks } from '../../bff/src/tasks/archive'
import type { TaskDeps } from '../../bff/src/tasks/log'

async function main() {
  const db = await connectDb(process.env.JQTB_TEST_MONGO_URI as string, process.env.CRASH_DB)
  const deps: TaskDeps = {
    db,
    clock: new ManualClock(Number(process.env.NOW)),
    notifier: { enqueue: async () => ({ queued: false }) },
    events: createEventBus([]),
    logger: pino({ level: 'silent' }),
    piiKey: 'unused-by-the-archive-job-0123456789',
  }
  const crashAt = process.env.CRASH_AT as ArchiveStep
  await archiveTasks(deps, {
    afterStep: (step) => {
      if (step === crashAt) process.kill(process.pid, 'SIGKILL')
    },
  })
  await db.close()
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`)
  process.exit(1)
})
