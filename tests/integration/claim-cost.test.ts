/**
 * A claim costs what it must (issue "Room to grow"): counted in database commands while the request is
 * handled, leaving out the login check every request makes (the people stamp; the person, their departure
 * record and the session cut-off when not kept: tests/integration/signin-kept.test.ts) and the views
 * refreshed after the answer (the indices' facts, the watch list).
 * A winning claim: the projection, the claim slot, the event, the projection write and its settle
 * check. A losing claim on a held seat: the projection and the log's tail (to be sure before refusing).
 */
import { inDeferredWork, settleDeferred } from '../../bff/src/kernel/background'
import type { TestApp } from '../support/app'
import { startTestApp } from '../support/app'
import { commandsDuring } from '../support/commands'
import { addGridWorkers, as, publishedTask, WANGLI } from './tasks-fixtures'

let app: TestApp
const WORKERS = ['u-cost-a', 'u-cost-b']
beforeAll(async () => {
  app = await startTestApp()
  await addGridWorkers(app, WORKERS)
})
afterAll(() => app.close())

const LOGIN_COLLECTIONS = new Set(['people_stamps', 'users', 'user_changes', 'user_departures', 'session_cutoffs'])

/** The commands `run` sends, login check left out, as `<command> <collection>`. */
async function commandsOf(run: () => Promise<unknown>): Promise<string[]> {
  await settleDeferred(app.db)
  const seen = await commandsDuring(app.db, run, (e) => {
    // what the views do after the answer (kernel/background.ts) is not the claim's cost
    if (inDeferredWork()) return false
    return !LOGIN_COLLECTIONS.has(String(e.command[e.commandName] ?? ''))
  })
  return seen.map((e) => `${e.commandName} ${String(e.command[e.commandName] ?? '')}`)
}

describe('the cost of a claim', () => {
  it('a winning claim takes at most five round trips', async () => {
    const id = await publishedTask(app, { claimMode: 'first_come', rewardPoints: 5 })
    const cmds = await commandsOf(async () => expect((await as(app, WORKERS[0]).post(`/api/tasks/${id}/claim`, {})).status).toBe(200))
    expect(cmds.length).toBeLessThanOrEqual(5)
    expect(cmds.filter((c) => c.startsWith('insert'))).toEqual(['insert claim_slots', 'insert task_events'])
  })

  it('a losing claim on a held seat answers 409 after at most two, and never touches a claim slot', async () => {
    const id = await publishedTask(app, { claimMode: 'first_come', rewardPoints: 5 })
    expect((await as(app, WORKERS[0]).post(`/api/tasks/${id}/claim`, {})).status).toBe(200)
    let status = 0
    const cmds = await commandsOf(async () => {
      const res = await as(app, WORKERS[1]).post(`/api/tasks/${id}/claim`, {})
      status = res.status
      expect(res.body.error.details.holder.name).toBeTruthy()
    })
    expect(status).toBe(409)
    expect(cmds.length).toBeLessThanOrEqual(2)
    expect(cmds.some((c) => c.includes('claim_slot'))).toBe(false)
  })

  it('the holder claiming again is a no-op answered from the same two reads', async () => {
    const id = await publishedTask(app, { claimMode: 'first_come', rewardPoints: 5 })
    expect((await as(app, WANGLI).post(`/api/tasks/${id}/claim`, {})).status).toBe(200)
    const cmds = await commandsOf(async () => expect((await as(app, WANGLI).post(`/api/tasks/${id}/claim`, {})).status).toBe(200))
    expect(cmds.length).toBeLessThanOrEqual(2)
  })
})
