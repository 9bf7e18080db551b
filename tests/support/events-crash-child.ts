/**
 * A BFF process that dies between an append and a listener (tests/integration/domain-events-crash.test.ts):
 * it creates a task routed to a department, and its probe listener kills the process (SIGKILL, no
 * clean-up) when it hears the event type named by CRASH_ON — after the task's own notices were
 * queued and before the probe's effect was written or the projection updated.
 */
import { createTaskBody } from '@jqtb/shared'
import pino from 'pino'
import { composeDeps, connectDb } from '../../bff/src/compose'
import { loadConfig } from '../../bff/src/config'
import { DOMAINS } from '../../bff/src/domains'
import { systemClock } from '../../bff/src/infra/clock'
import { toAuthUser } from '../../bff/src/kernel/actor'
import { createTask } from '../../bff/src/tasks/create'
import { taskDeps } from '../../bff/src/tasks/log'
import { probeDomain } from './events-probe'

async function main() {
  const uri = process.env.JQTB_TEST_MONGO_URI as string
  const config = loadConfig({ NODE_ENV: 'test', MONGODB_URI: uri, LOG_LEVEL: 'silent', DINGTALK_SIMULATOR: '1', DINGTALK_SIM_URL: 'http://127.0.0.1:9' })
  const domains = [...DOMAINS, probeDomain(process.env.CRASH_ON)]
  const db = await connectDb(uri, process.env.CRASH_DB, domains)
  const deps = composeDeps({ config, db, logger: pino({ level: 'silent' }), clock: systemClock, domains })
  const centre = await db.models.User.findById('u-zhaoyan').lean()
  if (!centre) throw new Error('seed the database first')
  const body = createTaskBody.parse({
    title: '楼道堆物纠纷',
    description: '邻居在楼道堆放杂物，多次协商未果。',
    category: 'neighbour',
    tier: 'general',
    territory: 'GT-01-01',
    department: 'PCS',
    requestId: '6f1c2e0a-7b1d-4c55-9a1e-0c6d2b9e4a11',
  })
  const out = await createTask(taskDeps(deps), toAuthUser(centre), body)
  process.stdout.write(`${JSON.stringify({ taskId: out.state.id, seq: out.state.seq })}\n`)
  await db.close()
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`)
  process.exit(1)
})
