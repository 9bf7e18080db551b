/**
 * Two BFF processes on one database, as a county runs them behind a load balancer (issue 16, item 2). Both
 * start at once on an empty database (migrations and the demo seed race); then claims split across both
 * still give one winner and hold the active-claim cap; a form retried on the other instance is answered
 * from the first; rate limits count across both; work notices queued on either are delivered once although
 * both outbox workers run; points are scored once although both catch-up jobs run; and one instance killed
 * with SIGKILL in the middle of a burst loses nothing: the phones' retries land on the other.
 */
import { createHash, randomUUID } from 'node:crypto'
import { connectDb } from '../../bff/src/compose'
import type { Db } from '../../bff/src/infra/db'
import { type BffProcess, startBffProcess } from '../support/bff-process'
import { testDbName, testMongoUri } from '../support/db'
import { devToken } from '../support/raw-http'
import { startSimulator, type TestSimulator } from '../support/simulator'

jest.setTimeout(300_000)

let sim: TestSimulator
let a: BffProcess
let b: BffProcess
let db: Db

const DISPATCHER = 'u-zhaoyan'
const STORM = Array.from({ length: 24 }, (_, i) => `u-two${String(i).padStart(2, '0')}`)

beforeAll(async () => {
  sim = await startSimulator()
  const name = testDbName()
  db = await connectDb(testMongoUri(), name)
  await db.conn.dropDatabase()
  // both at once on an empty database, as systemd starts them after a deploy
  // both seed the demo street: minutes on a busy machine
  const opts = { mongoUri: testMongoUri(), dbName: name, simulatorUrl: sim.url, startTimeoutMs: 200_000 }
  ;[a, b] = await Promise.all([startBffProcess(opts), startBffProcess(opts)])
  const now = new Date()
  await db.models.User.insertMany(
    STORM.map((id, i) => ({
      _id: id,
      name: `双实例网格员${i}`,
      roles: ['grid_worker'],
      territory: 'GT-01-01',
      title: '网格员',
      active: true,
      createdAt: now,
      updatedAt: now,
    })),
  )
}, 300_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await db?.conn.dropDatabase().catch(() => {})
  await db?.close()
  await sim?.close()
}, 60_000)

interface Sent {
  status: number
  body: Record<string, unknown> & { error?: { code?: string }; task?: { id: string } }
}

/** One call to one instance; a refused or cut connection (the instance is gone) is status 0. */
async function call(to: BffProcess, user: string, method: string, path: string, body?: unknown): Promise<Sent> {
  try {
    const res = await fetch(`${to.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${devToken(user)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    })
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Sent['body'] }
  } catch {
    return { status: 0, body: {} }
  }
}

const newTask = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  description: '两个实例同时服务时的工单。',
  category: 'noise',
  tier: 'general',
  territory: 'GT-01-01',
  parties: [{ name: '张三', role: '报警人', phone: '13812345678' }],
  ...extra,
})

async function published(on: BffProcess, title: string, publish: Record<string, unknown> = {}): Promise<string> {
  const made = await call(on, DISPATCHER, 'POST', '/api/tasks', newTask(title))
  expect(made.status).toBe(201)
  const id = (made.body.task as { id: string }).id
  expect((await call(on, DISPATCHER, 'POST', `/api/tasks/${id}/publish`, { claimMode: 'first_come', rewardPoints: 5, ...publish })).status).toBe(200)
  return id
}

function countBy(rs: Sent[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1
  return counts
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await read()
    if (done(v)) return v
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(v).slice(0, 500)})`)
    await pause(500)
  }
}

it('both started at once on an empty database: every migration ran once, the demo street was seeded once, by one of them', async () => {
  const done = await db.models.Migration.find({}).lean()
  const attempts = await db.models.MigrationAttempt.find({}).lean()
  // one attempt per migration: nobody ran one a second time
  expect(attempts.map((t) => t._id.replace(/#\d+$/, '')).sort()).toEqual(done.map((m) => m._id).sort())
  expect(attempts.filter((t) => !/#0*1$/.test(t._id)).map((t) => t._id)).toEqual([])
  // the demo seed ran under a lease: one instance made the demo street while the other waited for it
  expect(done.map((m) => m._id)).toContain('seed:demo-street')
  // the demo street once: its tasks (made through the real commands by both seeds at once) each exist once
  const tasks = await db.models.Task.find({}, { title: 1 }).lean()
  expect(tasks.length).toBeGreaterThan(0)
  expect(new Set(tasks.map((t) => t.title)).size).toBe(tasks.length)
  expect(await db.models.User.countDocuments({ _id: 'u-wangli' })).toBe(1)
  expect(a.alive() && b.alive()).toBe(true)
})

it('claims of one seat split across both instances: exactly one winner, the others 409 naming the holder', async () => {
  for (let round = 0; round < 3; round++) {
    const id = await published(round % 2 ? a : b, `双实例抢单 ${round}`)
    const results = await Promise.all(STORM.map((u, i) => call(i % 2 ? a : b, u, 'POST', `/api/tasks/${id}/claim`, {})))
    expect(countBy(results)).toEqual({ 200: 1, 409: STORM.length - 1 })
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error?.code === 'TASK_ALREADY_CLAIMED')).toBe(true)
    expect(await db.models.TaskEvent.countDocuments({ taskId: id, type: 'claimed' })).toBe(1)
    expect(await db.models.ClaimSlot.countDocuments({ taskId: id })).toBe(1)
    const winner = STORM[results.findIndex((r) => r.status === 200)]
    expect((await call(a, winner, 'POST', `/api/tasks/${id}/release`, { reason: '本轮结束' })).status).toBe(200)
  }
})

it('one worker claiming many tasks on both instances at once holds at most the active-claim cap', async () => {
  const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => published(i % 2 ? a : b, `双实例上限 ${i}`)))
  const worker = STORM[0]
  const results = await Promise.all(ids.map((id, i) => call(i % 2 ? a : b, worker, 'POST', `/api/tasks/${id}/claim`, {})))
  const won = results.filter((r) => r.status === 200).length
  const slots = await db.models.ClaimSlot.countDocuments({ _id: { $regex: `^${worker}:slot:` } })
  expect(won).toBeGreaterThan(0)
  expect(slots).toBe(won)
  expect(won).toBeLessThanOrEqual(3)
  expect(results.filter((r) => r.status !== 200).every((r) => r.status === 409 || r.status === 422)).toBe(true)
  for (const [i, id] of ids.entries()) if (results[i].status === 200) await call(b, worker, 'POST', `/api/tasks/${id}/release`, {})
})

it('a form retried on the other instance is answered from the first: one task, one progress record', async () => {
  const requestId = randomUUID()
  const form = { ...newTask('重试落到另一台'), requestId }
  const first = await call(a, DISPATCHER, 'POST', '/api/tasks', form)
  const again = await call(b, DISPATCHER, 'POST', '/api/tasks', form)
  expect(first.status).toBe(201)
  expect([200, 201]).toContain(again.status)
  expect(again.body.task?.id).toBe(first.body.task?.id)
  expect(await db.models.TaskRequest.countDocuments({ _id: `${DISPATCHER}:${requestId}` })).toBe(1)

  const id = await published(a, '重试进展')
  const worker = STORM[1]
  expect((await call(b, worker, 'POST', `/api/tasks/${id}/claim`, {})).status).toBe(200)
  const note = { note: '已上门走访', requestId: randomUUID() }
  const sent = await Promise.all([call(a, worker, 'POST', `/api/tasks/${id}/progress`, note), call(b, worker, 'POST', `/api/tasks/${id}/progress`, note)])
  expect(sent.map((r) => r.status)).toEqual([200, 200])
  expect(await db.models.TaskEvent.countDocuments({ taskId: id, type: 'progress' })).toBe(1)
  await call(a, worker, 'POST', `/api/tasks/${id}/release`, {})
})

it('a rate limit counts across both instances: the 6th test notice in 10 minutes is refused whichever instance gets it', async () => {
  const admin = 'u-admin'
  const results: number[] = []
  for (let i = 0; i < 8; i++) results.push((await call(i % 2 ? a : b, admin, 'POST', '/api/notifications/test', {})).status)
  expect(results.filter((s) => s === 429)).toHaveLength(3)
  expect(results.slice(5)).toEqual([429, 429, 429])
  expect(results.slice(0, 5).every((s) => s < 300)).toBe(true)
})

it('work notices queued on either instance reach each recipient once while both outbox workers run', async () => {
  const forms = Array.from({ length: 8 }, (_, i) => ({ ...newTask(`派给派出所 ${i}`, { department: 'PCS' }), requestId: randomUUID() }))
  const made = await Promise.all(forms.map((f, i) => call(i % 2 ? a : b, DISPATCHER, 'POST', '/api/tasks', f)))
  expect(made.map((r) => r.status)).toEqual(forms.map(() => 201))
  const ids = made.map((r) => (r.body.task as { id: string }).id)
  const entries = await until(
    'every task_routed notice sent',
    () => db.models.Outbox.find({ template: 'task_routed', _id: { $in: ids.map((id) => new RegExp(`^${id}:`)) } }).lean(),
    (es) => es.length === ids.length && es.every((e) => e.status === 'sent'),
  )
  const { items } = (await (await fetch(`${sim.url}/__sim/messages`)).json()) as { items: Array<{ userId: string; msg: unknown }> }
  for (const entry of entries) {
    const ref = createHash('sha1').update(entry._id).digest('hex').slice(0, 8)
    expect(entry.recipients.length).toBeGreaterThan(0)
    for (const userId of entry.recipients) {
      expect([entry._id, userId, items.filter((m) => m.userId === userId && JSON.stringify(m.msg).includes(ref)).length]).toEqual([entry._id, userId, 1])
    }
    // one lease was enough: the other worker never sent it again
    expect(await db.models.OutboxSend.countDocuments({ _id: { $regex: `^${entry._id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#` } })).toBeGreaterThan(0)
  }
})

it('points for a closed task are scored once although both instances score and catch up', async () => {
  const id = await published(b, '双实例积分')
  const worker = STORM[2]
  const steps: Array<[BffProcess, string, string, unknown]> = [
    [a, worker, `/api/tasks/${id}/claim`, {}],
    [b, worker, `/api/tasks/${id}/progress`, { note: '到场调解', requestId: randomUUID() }],
    [a, worker, `/api/tasks/${id}/submit`, { note: '双方达成和解，已签调解协议。' }],
  ]
  for (const [to, user, path, body] of steps) {
    const r = await call(to, user, 'POST', path, body)
    expect([path, r.status, r.body.error?.code]).toEqual([path, 200, undefined])
  }
  const review = await call(b, DISPATCHER, 'POST', `/api/tasks/${id}/review`, { decision: 'accept', rating: 5 })
  expect([review.status, review.body.error?.code]).toEqual([200, undefined])
  const lines = await until(
    'the ledger has the task',
    () => db.models.LedgerEntry.find({ taskId: id }).lean(),
    (ls) => ls.length > 0,
  )
  // both catch-up jobs run every minute: wait past one pass, then the lines are still the same, each once
  await pause(5000)
  const after = await db.models.LedgerEntry.find({ taskId: id }).lean()
  expect(after.map((l) => l._id).sort()).toEqual(lines.map((l) => l._id).sort())
  expect(new Set(after.map((l) => `${l.subjectKind}:${l.subjectId}:${l.reasonCode}:${l.kind}`)).size).toBe(after.length)
})

it('one instance killed with SIGKILL mid-burst: the retries land on the other, nothing lost, nothing doubled', async () => {
  const workers = STORM.slice(4, 10)
  const taskOf = new Map<string, string>()
  for (const w of workers) taskOf.set(w, await published(b, `杀掉一台 ${w}`))
  type Step = { user: string; path: string; body: unknown; first?: Sent }
  const lanes = workers.map((w) => {
    const id = taskOf.get(w) as string
    const lane: Step[] = [{ user: w, path: `/api/tasks/${id}/claim`, body: {} }]
    for (let n = 0; n < 3; n++) lane.push({ user: w, path: `/api/tasks/${id}/progress`, body: { note: `第${n + 1}次走访`, requestId: randomUUID() } })
    return lane
  })
  const forms = Array.from({ length: 4 }, (_, i) => ({
    user: DISPATCHER,
    path: '/api/tasks',
    body: { ...newTask(`杀掉一台时的新工单 ${i}`), requestId: randomUUID() },
  }))
  lanes.push(forms)
  const total = lanes.flat().length
  let sent = 0
  await Promise.all(
    lanes.map(async (lane) => {
      for (const s of lane) {
        if (++sent === Math.floor(total / 2)) a.child.kill('SIGKILL')
        s.first = await call(a, s.user, 'POST', s.path, s.body)
        await pause(30)
      }
    }),
  )
  await a.exited
  const cut = lanes.flat().filter((s) => s.first?.status === 0)
  expect(cut.length).toBeGreaterThan(0)
  // the load balancer sends the phones' retries to the surviving instance
  for (const s of lanes.flat()) {
    const answer = s.first?.status === 0 ? await call(b, s.user, 'POST', s.path, s.body) : (s.first as Sent)
    expect([s.path, answer.status < 300 ? 'ok' : answer.body.error?.code]).toEqual([s.path, 'ok'])
  }
  for (const w of workers) {
    const events = await db.models.TaskEvent.find({ taskId: taskOf.get(w) }).lean()
    expect(events.filter((e) => e.type === 'claimed').map((e) => e.actor.id)).toEqual([w])
    expect(events.filter((e) => e.type === 'progress').length).toBe(3)
  }
  const keys = await db.models.TaskRequest.find({ _id: { $in: forms.map((f) => `${DISPATCHER}:${(f.body as { requestId: string }).requestId}`) } }).lean()
  expect(keys).toHaveLength(forms.length)
  expect(await db.models.TaskEvent.countDocuments({ taskId: { $in: keys.map((k) => k.taskId) }, type: 'created' })).toBe(forms.length)
  // the survivor repairs whatever the dead one left half-done: every projection reaches the end of its log
  for (const id of [...taskOf.values(), ...keys.map((k) => k.taskId)]) {
    await until(
      `projection of ${id} caught up`,
      async () => {
        const [t, last] = await Promise.all([db.models.Task.findById(id).lean(), db.models.TaskEvent.find({ taskId: id }).sort({ seq: -1 }).limit(1).lean()])
        return [t?.seq, last[0]?.seq]
      },
      ([p, l]) => p === l,
      60_000,
    ).catch(async () => {
      // a reader folds the tail: reading the task through the survivor is exact even before the sweeper
      expect((await call(b, DISPATCHER, 'GET', `/api/tasks/${id}`)).status).toBe(200)
    })
  }
  expect(b.alive()).toBe(true)
})
