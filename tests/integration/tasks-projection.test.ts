/**
 * The lists and the sweepers read the `tasks` projection without folding the log, so it must end
 * where the log ends even when writers race: an older projection written after a newer one (FerretDB
 * rewrites the whole document, unguarded) is settled by whoever wrote last. Provoked here by slowing
 * projection writes down at random while many people append to the same tasks at once; then the lists
 * are compared with the folded log — without a single read of a task (a read would repair it).
 */
import { isClaimable, type TaskListResponse } from '@jqtb/shared'
import { readLog, taskDeps } from '../../bff/src/tasks/log'
import { startTestApp, type TestApp } from '../support/app'
import { addGridWorkers, as, publishedTask } from './tasks-fixtures'

jest.setTimeout(180_000)

let app: TestApp
const WORKERS = Array.from({ length: 8 }, (_, i) => `u-race${i}`)

beforeAll(async () => {
  app = await startTestApp()
  await addGridWorkers(app, WORKERS)
})
afterAll(async () => app.close())

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)
const ids = (res: { body: TaskListResponse }) => res.body.items.map((t) => t.id).sort()

/** Holds the next projection write until `open()`: the moment a slow write lands after a newer one. */
function holdNextProjectionWrite() {
  const col = app.db.models.Task.collection
  const replaceOne = col.replaceOne.bind(col)
  let open!: () => void
  let heldNow!: () => void
  const opened = new Promise<void>((r) => {
    open = r
  })
  const held = new Promise<void>((r) => {
    heldNow = r
  })
  const spy = jest.spyOn(col, 'replaceOne').mockImplementationOnce(async (...args: Parameters<typeof replaceOne>) => {
    heldNow()
    await opened
    return replaceOne(...args)
  })
  return {
    held,
    open: () => {
      open()
      spy.mockRestore()
    },
  }
}

describe('the projection ends where the log ends, however the writes interleave', () => {
  it('a release whose projection write lands after the next claim’s: the task does not stay in the hall', async () => {
    const [w0, w1, w2] = WORKERS
    const id = await publishedTask(app)
    expect((await post(w0, id, 'claim')).status).toBe(200)
    const gate = holdNextProjectionWrite()
    // supertest sends on `then`: start the request now, await it later
    const release = post(w0, id, 'release', { reason: '临时有事' }).then((res) => res)
    await gate.held // 放弃 is in the log; its projection (back in the hall) is on its way
    expect((await post(w1, id, 'claim')).status).toBe(200) // appended after it, projection written
    gate.open()
    expect((await release).status).toBe(200)

    const log = await readLog(taskDeps(app.deps), id)
    expect(log.state?.holders.map((h) => h.userId)).toEqual([w1])
    expect((await app.db.models.Task.findById(id).lean())?.seq).toBe(log.last)
    expect(ids(await as(app, w2).get('/api/tasks?view=hall&limit=50'))).not.toContain(id)
    expect(ids(await as(app, w1).get('/api/tasks?view=mine&limit=50'))).toContain(id)
    await post(w1, id, 'release')
  })

  it('concurrent claims, progress and releases on team tasks: hall, mine and the sweepers’ fields agree with the fold', async () => {
    const tasks: string[] = []
    for (let i = 0; i < 4; i++) tasks.push(await publishedTask(app, { claimMode: 'team', seats: 3 }))

    // every projection write waits a random while: an older state is often written after a newer one
    const col = app.db.models.Task.collection
    const replaceOne = col.replaceOne.bind(col)
    const slow = jest.spyOn(col, 'replaceOne').mockImplementation(async (...args: Parameters<typeof replaceOne>) => {
      await new Promise((r) => setTimeout(r, Math.random() * 200))
      return replaceOne(...args)
    })
    try {
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          tasks.flatMap((id) =>
            WORKERS.flatMap((w, i) => [
              post(w, id, 'claim'),
              post(w, id, 'progress', { note: `第${round + 1}轮走访` }),
              ...(i % 3 === round % 3 ? [post(w, id, 'release', { reason: '换人' })] : []),
            ]),
          ),
        )
      }
    } finally {
      slow.mockRestore()
    }

    const deps = taskDeps(app.deps)
    const now = Date.now()
    for (const id of tasks) {
      // readLog folds without writing anything back
      const log = await readLog(deps, id)
      const doc = await app.db.models.Task.findById(id).lean()
      expect({ id, seq: doc?.seq }).toEqual({ id, seq: log.last })
      expect(doc?.holderIds).toEqual(log.state?.holders.map((h) => h.userId))
      expect(doc?.claimable).toBe(isClaimable(log.state!, now))
    }
    for (const w of WORKERS) {
      const folded = await Promise.all(tasks.map(async (id) => ({ id, t: (await readLog(deps, id)).state! })))
      const hall = folded.filter(({ t }) => isClaimable(t, now) && !t.holders.some((h) => h.userId === w)).map(({ id }) => id)
      const mine = folded.filter(({ t }) => t.holders.some((h) => h.userId === w)).map(({ id }) => id)
      expect(ids(await as(app, w).get('/api/tasks?view=hall&limit=50')).filter((id) => tasks.includes(id))).toEqual(hall.sort())
      expect(ids(await as(app, w).get('/api/tasks?view=mine&limit=50')).filter((id) => tasks.includes(id))).toEqual(mine.sort())
    }
  })
})
