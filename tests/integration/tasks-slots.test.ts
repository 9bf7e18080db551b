/**
 * The active-claim cap cannot be exceeded by giving slots back wrongly: a slot is only ever freed for
 * the claim that took it (its token), of several deleters of one claim's slot one deletes, a claim
 * whose insert committed keeps its slot even when the driver reported an error, and the sweeper
 * reports a claim holding a seat without its slot.
 */

import { taskDeps } from '../../bff/src/tasks/log'
import { acquireSlot, freeSlot, releaseSlot } from '../../bff/src/tasks/slots'
import { runTaskSweep } from '../../bff/src/tasks/sweeper'
import { startTestApp, type TestApp } from '../support/app'
import { as, detail, publishedTask, WANGLI } from './tasks-fixtures'

let app: TestApp

beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => app.close())

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)
const slotsOf = (userId: string) => app.db.models.ClaimSlot.find({ userId }).lean()
const holderOf = async (id: string) => (await app.db.models.Task.findById(id).lean())?.holders.find((h) => h.userId === WANGLI)

describe('a slot is given back only for the claim that took it', () => {
  it('a late release of an earlier claim on the same task leaves the new claim’s slot alone', async () => {
    const id = await publishedTask(app)
    await post(WANGLI, id, 'claim')
    const first = await holderOf(id)
    await post(WANGLI, id, 'release')
    await post(WANGLI, id, 'claim')
    const second = await holderOf(id)
    expect(second?.capSlot).toBe(first?.capSlot)
    expect(second?.capToken).not.toBe(first?.capToken)
    // the first claim's release, replayed late (a repair, a slow instance): same task, same index
    expect(await releaseSlot(taskDeps(app.deps), WANGLI, first?.capSlot as number, id, first?.capToken)).toBe(0)
    expect((await slotsOf(WANGLI)).map((s) => [s.taskId, s.token])).toEqual([[id, second?.capToken]])
    await post(WANGLI, id, 'release')
    expect(await slotsOf(WANGLI)).toEqual([])
  })

  it('two deleters of one claim’s slot racing a new claim for the same index: the new claim keeps its slot, 20 rounds', async () => {
    const deps = taskDeps(app.deps)
    const worker = 'u-slot-race'
    for (let round = 0; round < 20; round++) {
      const taskId = `JQ20000101-${String(round).padStart(4, '0')}`
      const old = await acquireSlot(deps, worker, taskId, 1)
      const retake = (async () => {
        for (;;) {
          try {
            return await acquireSlot(deps, worker, taskId, 1)
          } catch {
            await new Promise((r) => setTimeout(r, 1))
          }
        }
      })()
      const [a, b, fresh] = await Promise.all([freeSlot(deps, old.id, taskId, old.token), freeSlot(deps, old.id, taskId, old.token), retake])
      expect(a + b).toBe(1)
      expect((await slotsOf(worker)).map((s) => s.token)).toEqual([fresh.token])
      expect(await freeSlot(deps, fresh.id, taskId, fresh.token)).toBe(1)
    }
  })
})

describe('a claim whose insert committed but whose answer was an error keeps its slot', () => {
  it('the log decides: the claim is in it, so the slot stays (and counts against the cap)', async () => {
    const id = await publishedTask(app)
    const events = app.db.models.TaskEvent.collection
    const insertOne = events.insertOne.bind(events)
    const spy = jest.spyOn(events, 'insertOne').mockImplementationOnce(async (...args: Parameters<typeof insertOne>) => {
      await insertOne(...args)
      throw Object.assign(new Error('connection reset after the write'), { name: 'MongoNetworkError' })
    })
    try {
      expect((await post(WANGLI, id, 'claim')).status).toBeGreaterThanOrEqual(500)
    } finally {
      spy.mockRestore()
    }
    const task = await detail(app, id)
    expect(task.holders.map((h) => h.userId)).toEqual([WANGLI])
    const slots = await slotsOf(WANGLI)
    expect(slots.map((s) => s.taskId)).toEqual([id])
    expect((await app.db.models.TaskEvent.findOne({ taskId: id, type: 'claimed' }).lean())?.data.capToken).toBe(slots[0].token)
    await post(WANGLI, id, 'release')
    expect(await slotsOf(WANGLI)).toEqual([])
  })
})

describe('the sweeper reports a claim that holds a seat without its slot', () => {
  it('counts it in `slotless` (its worker could go over the cap)', async () => {
    const id = await publishedTask(app)
    await post(WANGLI, id, 'claim')
    const sweep = () => runTaskSweep(taskDeps(app.deps))
    expect((await sweep()).slotless).toBe(0)
    await app.db.models.ClaimSlot.deleteMany({ userId: WANGLI })
    expect((await sweep()).slotless).toBe(1)
    await post(WANGLI, id, 'release')
    expect((await sweep()).slotless).toBe(0)
  })
})
