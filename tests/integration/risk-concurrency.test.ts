/**
 * Scoring the same change twice writes it once, and two BFF instances scoring at once agree: the
 * colour change is the append of the task's next event, whose `_id` only one writer can insert.
 */
import { createTaskBody } from '@jqtb/shared'
import pino from 'pino'
import { composeDeps } from '../../bff/src/compose'
import type { AppDeps } from '../../bff/src/deps'
import { DOMAINS } from '../../bff/src/domains'
import { toAuthUser } from '../../bff/src/kernel/actor'
import { rescoreTask } from '../../bff/src/risk/engine'
import { runRiskSweep } from '../../bff/src/risk/jobs'
import { createTask } from '../../bff/src/tasks/create'
import { taskDeps } from '../../bff/src/tasks/log'
import { startTestApp, type TestApp } from '../support/app'
import { baseTask, DISPATCHER } from './tasks-fixtures'

let app: TestApp
let other: AppDeps
/** an instance without the risk domain: its tasks are never scored (as if the scorer had died) */
let unscored: AppDeps
beforeAll(async () => {
  app = await startTestApp()
  const base = { config: app.config, db: app.db, logger: pino({ level: 'silent' }), clock: app.deps.clock }
  // a second BFF instance: its own event bus and listeners, the same database
  other = composeDeps(base)
  unscored = composeDeps({ ...base, domains: DOMAINS.filter((d) => d.name !== 'risk') })
})
afterAll(() => app.close())

const riskEvents = (taskId: string) => app.db.models.TaskEvent.countDocuments({ taskId, type: 'risk_changed' })

/** A task whose description makes it red, created where nothing scores it: still green. */
async function unscoredRedTask(i: number): Promise<string> {
  const centre = toAuthUser((await app.db.models.User.findById(DISPATCHER).lean()) as never)
  const body = createTaskBody.parse(baseTask({ title: `并发评分 ${i}`, category: 'family', riskColour: 'green', parties: [], description: '男方扬言要拼命' }))
  const out = await createTask(taskDeps(unscored), centre, body)
  expect(out.state.riskColour).toBe('green')
  return out.state.id
}

describe('two instances scoring at once', () => {
  it('write one colour change per task, every round', async () => {
    for (let round = 0; round < 6; round++) {
      const id = await unscoredRedTask(round)
      expect(await riskEvents(id)).toBe(0)
      const results = await Promise.all([
        rescoreTask(taskDeps(app.deps), id),
        rescoreTask(taskDeps(other), id),
        rescoreTask(taskDeps(app.deps), id),
        rescoreTask(taskDeps(other), id),
      ])
      expect(results.every((r) => r.colour === 'red')).toBe(true)
      expect(results.filter((r) => r.changed)).toHaveLength(1)
      expect(await riskEvents(id)).toBe(1)
      // one red notice for it too
      expect(await app.db.models.Outbox.countDocuments({ template: 'risk_red', 'data.taskNo': id })).toBe(1)
    }
  })

  it('two sweeps on two instances at once re-score and escalate once', async () => {
    const id = await unscoredRedTask(99)
    await Promise.all([runRiskSweep(taskDeps(app.deps)), runRiskSweep(taskDeps(other))])
    expect(await riskEvents(id)).toBe(1)
  })
})
