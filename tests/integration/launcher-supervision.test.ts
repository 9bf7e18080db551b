/**
 * `npm start` keeps its three processes running (issue 8, items 4 and 7). The real launcher runs on a data folder
 * of its own; its database, its BFF (in the middle of a burst of claims, progress records and notices) and its
 * simulator are killed with SIGKILL one after the other. Each comes back by itself, with a log line, on the same
 * port and data; after the BFF's restart nothing acknowledged is lost and nothing is doubled.
 */
import { createHash, randomUUID } from 'node:crypto'
import { connectDb } from '../../bff/src/compose'
import type { Db } from '../../bff/src/infra/db'
import { OUTBOX_POLICY } from '../../bff/src/notifications/worker'
import { type Launcher, startLauncher } from '../support/launcher'
import { devToken } from '../support/raw-http'

let launcher: Launcher
let db: Db

beforeAll(async () => {
  launcher = await startLauncher()
  db = await connectDb(launcher.dbUri, 'jqtb')
}, 240_000)
afterAll(async () => {
  await db?.close()
  if (launcher) expect(await launcher.stop()).toBe(0)
}, 60_000)

const DISPATCHER = 'u-zhaoyan'
/** grid workers and their grids: each claims a task of its own grid */
const WORKERS: Array<[string, string]> = [
  ['u-wangli', 'GT-01-01'],
  ['u-chenqiang', 'GT-01-02'],
  ['u-zhoumin', 'GT-02-03'],
  ['u-sunhao', 'GT-09-01'],
  ['u-wujing', 'GT-05-Z1'],
]

interface Sent {
  status: number
  body: Record<string, unknown> & { error?: { code?: string } }
}

/** one call; a connection refused or cut (the BFF is down or died mid-answer) is status 0 */
async function call(user: string, method: string, path: string, body?: unknown): Promise<Sent> {
  try {
    const res = await fetch(`${launcher.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${devToken(user)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    })
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Sent['body'] }
  } catch {
    return { status: 0, body: {} }
  }
}

/** what a phone does: send again (same body, same requestId) until there is an answer that is not "try later" */
async function untilAnswered(user: string, method: string, path: string, body?: unknown, timeoutMs = 90_000): Promise<Sent> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const r = await call(user, method, path, body)
    if (r.status !== 0 && r.status !== 503 && r.status !== 502) return r
    if (Date.now() > deadline) throw new Error(`${method} ${path}: still ${r.status} after ${timeoutMs} ms`)
    await new Promise((res) => setTimeout(res, 300))
  }
}

const task = (territory: string, title: string, extra: Record<string, unknown> = {}) => ({
  title,
  description: '进程被杀时正在处理的工单。',
  category: 'noise',
  tier: 'general',
  territory,
  ...extra,
})

it('the database killed with SIGKILL is restarted on its files; the BFF serves from it again', async () => {
  const made = await untilAnswered(DISPATCHER, 'POST', '/api/tasks', task('GT-01-01', '数据库重启前建的工单'))
  expect(made.status).toBe(201)
  const id = (made.body.task as { id: string }).id
  const before = launcher.pids().database as number
  expect(before).toBeGreaterThan(0)
  const mark = launcher.output().length
  process.kill(before, 'SIGKILL')
  await launcher.waitFor(/database stopped unexpectedly \(signal SIGKILL/, 10_000, mark)
  await launcher.waitFor(/database restarted \(pid \d+, restart #1\)/, 30_000, mark)
  expect(launcher.pids().database).not.toBe(before)
  // the task written before the kill is still there, and new writes work
  const again = await untilAnswered(DISPATCHER, 'GET', `/api/tasks/${id}`, undefined, 30_000)
  expect(again.status).toBe(200)
  expect((await untilAnswered(DISPATCHER, 'POST', '/api/tasks', task('GT-01-01', '数据库重启后建的工单'))).status).toBe(201)
}, 90_000)

it('the BFF killed with SIGKILL in a burst of claims, progress records and notices: restarted, nothing lost, nothing doubled', async () => {
  // one published task per worker, in the worker's own grid
  const taskOf = new Map<string, string>()
  for (const [worker, grid] of WORKERS) {
    const made = await untilAnswered(DISPATCHER, 'POST', '/api/tasks', task(grid, `揭榜工单 ${worker}`))
    const id = (made.body.task as { id: string }).id
    expect((await untilAnswered(DISPATCHER, 'POST', `/api/tasks/${id}/publish`, { claimMode: 'first_come', rewardPoints: 5 })).status).toBe(200)
    taskOf.set(worker, id)
  }

  // the burst: every worker claims and records three progress notes; the centre sends six tasks to the
  // police station (each a task_routed notice to its leads), every form with its requestId
  type Step = { user: string; method: string; path: string; body?: unknown; first?: Sent }
  const steps: Step[] = []
  for (const [worker] of WORKERS) {
    const id = taskOf.get(worker) as string
    steps.push({ user: worker, method: 'POST', path: `/api/tasks/${id}/claim`, body: {} })
    for (let n = 0; n < 3; n++) {
      steps.push({ user: worker, method: 'POST', path: `/api/tasks/${id}/progress`, body: { note: `第${n + 1}次走访`, requestId: randomUUID() } })
    }
  }
  const routedForms = Array.from({ length: 6 }, (_, i) => ({ ...task('GT-01-01', `派给派出所的工单 ${i}`, { department: 'PCS' }), requestId: randomUUID() }))
  for (const body of routedForms) steps.push({ user: DISPATCHER, method: 'POST', path: '/api/tasks', body })

  const bffBefore = launcher.pids().bff as number
  const mark = launcher.output().length
  // each worker's steps in order (a progress record needs the claim), the workers and the centre side by side
  const lanes = new Map<string, Step[]>()
  for (const s of steps) lanes.set(s.user, [...(lanes.get(s.user) ?? []), s])
  let sent = 0
  const killAfter = Math.floor(steps.length / 2)
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const s of lane) {
        if (++sent === killAfter) process.kill(bffBefore, 'SIGKILL')
        s.first = await call(s.user, s.method, s.path, s.body)
        await new Promise((r) => setTimeout(r, 40))
      }
    }),
  )
  await launcher.waitFor(/BFF stopped unexpectedly \(signal SIGKILL/, 10_000, mark)
  await launcher.waitFor(/BFF restarted \(pid \d+, restart #1\)/, 90_000, mark)
  const cut = steps.filter((s) => s.first?.status === 0).length
  expect(cut).toBeGreaterThan(0) // the kill really fell inside the burst

  // the phones send again whatever got no answer (and a claim answered before the kill is simply confirmed)
  for (const s of steps) {
    const answer = s.first?.status === 0 ? await untilAnswered(s.user, s.method, s.path, s.body) : (s.first as Sent)
    expect([s.path, answer.status < 300 ? 'ok' : answer.body.error?.code]).toEqual([s.path, 'ok'])
  }

  // nothing lost, nothing doubled: one claim per worker, exactly the three progress records, one task per form
  for (const [worker] of WORKERS) {
    const events = await db.models.TaskEvent.find({ taskId: taskOf.get(worker) }).lean()
    expect(events.filter((e) => e.type === 'claimed').map((e) => e.actor.id)).toEqual([worker])
    const progress = events.filter((e) => e.type === 'progress')
    expect(progress.map((e) => (e.data as { note: string }).note).sort()).toEqual(['第1次走访', '第2次走访', '第3次走访'])
  }
  const keys = await db.models.TaskRequest.find({ _id: { $in: routedForms.map((f) => `${DISPATCHER}:${f.requestId}`) } }).lean()
  expect(keys).toHaveLength(routedForms.length)
  const routedIds = keys.map((k) => k.taskId)
  expect(await db.models.TaskEvent.countDocuments({ taskId: { $in: routedIds }, type: 'created' })).toBe(routedForms.length)

  // every task_routed notice is queued once and reaches each lead of the police station once
  // (a notice whose sender was killed mid-attempt waits for its lease to lapse — OUTBOX_POLICY.leaseMs — then is sent)
  const deadline = Date.now() + OUTBOX_POLICY.leaseMs + 120_000
  let entries = await db.models.Outbox.find({ _id: { $in: routedIds.map((id) => new RegExp(`^${id}:`)) } }).lean()
  while (Date.now() < deadline && (entries.length < routedIds.length || entries.some((e) => e.status === 'pending'))) {
    await new Promise((r) => setTimeout(r, 500))
    entries = await db.models.Outbox.find({ _id: { $in: routedIds.map((id) => new RegExp(`^${id}:`)) } }).lean()
  }
  const routed = entries.filter((e) => e.template === 'task_routed')
  expect(routed.map((e) => e.status)).toEqual(routedIds.map(() => 'sent'))
  const { items } = (await (await fetch(`${launcher.simUrl}/__sim/messages`)).json()) as { items: Array<{ userId: string; msg: unknown }> }
  for (const entry of routed) {
    const ref = createHash('sha1').update(entry._id).digest('hex').slice(0, 8)
    for (const userId of entry.recipients) {
      expect([entry._id, userId, items.filter((m) => m.userId === userId && JSON.stringify(m.msg).includes(ref)).length]).toEqual([entry._id, userId, 1])
    }
  }
}, 840_000)

it('the simulator killed with SIGKILL is restarted on its port', async () => {
  const before = launcher.pids().simulator as number
  const mark = launcher.output().length
  process.kill(before, 'SIGKILL')
  await launcher.waitFor(/simulator stopped unexpectedly/, 10_000, mark)
  await launcher.waitFor(/simulator restarted \(pid \d+/, 60_000, mark)
  expect((await fetch(`${launcher.simUrl}/__sim/health`)).status).toBe(200)
}, 90_000)

// last: it stops the launcher
it('Ctrl-C, which reaches the database, the BFF and the simulator as well as the launcher, stops everything and restarts nothing', async () => {
  const mark = launcher.output().length
  const exited = new Promise((resolve) => launcher.process.once('exit', resolve))
  const { database, bff, simulator } = launcher.pids()
  for (const pid of [launcher.process.pid, bff, simulator]) if (pid) process.kill(pid, 'SIGINT')
  // the database ends first, while the BFF is still shutting down (it may take a while to finish on SIGINT; SIGKILL
  // makes the moment certain)
  await launcher.waitFor(/stopping …/, 10_000, mark)
  if (database) process.kill(database, 'SIGKILL')
  await exited
  expect(launcher.process.exitCode).toBe(0)
  const said = launcher.output().slice(mark)
  expect(said).toMatch(/stopped\n/)
  expect(said).not.toMatch(/stopped unexpectedly|restarted/)
}, 60_000)
