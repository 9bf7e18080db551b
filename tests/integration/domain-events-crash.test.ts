/**
 * Events between domains survive a crash between the append and a listener
 * (docs/architecture.md#events): a process is killed (SIGKILL) inside a listener of `task.appended`;
 * after it, the sweeper's repair publishes the missing events again and every listener's effect — the
 * probe's, the points ledger, the task's own notices — exists exactly once, with the projection at the
 * end of the log.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import pino from 'pino'
import { composeDeps } from '../../bff/src/compose'
import { loadConfig } from '../../bff/src/config'
import { DOMAINS } from '../../bff/src/domains'
import { ManualClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { SETTLE_MS, WINDOW_MS } from '../../bff/src/kernel/windows'
import { seedDemo } from '../../bff/src/seed/seed'
import { taskDeps } from '../../bff/src/tasks/log'
import { runTaskSweep } from '../../bff/src/tasks/sweeper'
import { dropAndClose, freshTestDb, testDbName, testMongoUri } from '../support/db'
import { probeDomain } from '../support/events-probe'

const ROOT = path.resolve(__dirname, '../..')
const domains = [...DOMAINS, probeDomain()]
let db: Db

beforeEach(async () => {
  db = await freshTestDb('', domains)
  await seedDemo(db)
})
afterEach(() => dropAndClose(db))

/** Runs the child that creates a routed task and dies in the probe when it hears `crashOn`. */
function runChild(crashOn: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/events-crash-child.ts'], {
      cwd: ROOT,
      env: { ...process.env, JQTB_TEST_MONGO_URI: testMongoUri(), CRASH_DB: testDbName(), CRASH_ON: crashOn },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c) => {
      stderr += c
    })
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }))
  })
}

/** The app that starts after the crash, once the crash's window of events has settled (the repair reads settled windows). */
function restarted() {
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: testMongoUri(),
    LOG_LEVEL: 'silent',
    DINGTALK_SIMULATOR: '1',
    DINGTALK_SIM_URL: 'http://127.0.0.1:9',
  })
  const clock = new ManualClock(new Date(Date.now() + WINDOW_MS + SETTLE_MS + 60_000))
  return composeDeps({ config, db, logger: pino({ level: 'silent' }), clock, domains })
}

const effects = () => db.conn.collection('probe_effects').find({}).sort({ _id: 1 }).toArray()

describe('a crash between the append and a listener', () => {
  it.each([
    ['created', 1],
    ['routed', 2],
  ])('killed while a listener hears “%s”: after restart every effect of the log exists exactly once', async (crashOn, eventsInLog) => {
    const crash = await runChild(crashOn)
    expect({ signal: crash.signal, stderr: crash.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' })

    const events = await db.models.TaskEvent.find({}).sort({ _id: 1 }).lean()
    expect(events).toHaveLength(eventsInLog)
    const taskId = events[0].taskId
    // the projection was never written: the writer died before its effects were all done
    expect(await db.models.Task.findById(taskId).lean()).toBeNull()
    expect((await effects()).length).toBe(eventsInLog - 1)

    const deps = taskDeps(restarted())
    await runTaskSweep(deps)
    await runTaskSweep(deps) // a second pass (or a second instance) changes nothing

    expect((await effects()).map((e) => e._id)).toEqual(events.map((e) => `${taskId}:${e.seq}`))
    expect((await db.models.Task.findById(taskId).lean())?.seq).toBe(eventsInLog)
    if (crashOn === 'routed') {
      // the task's own notice and the points of the routing: once each, however often they were run
      expect(await db.models.Outbox.countDocuments({ _id: { $regex: `^${taskId}:.*:task_routed$` } })).toBe(1)
      const ledger = await db.models.LedgerEntry.find({ taskId }).lean()
      expect(ledger.length).toBe(new Set(ledger.map((l) => l._id)).size)
    }
  })
})
