/**
 * Claims under concurrency, through the real HTTP API on the real database (docs/database.md#unique-keys):
 * exactly one winner per seat, the active-claim cap holding when one worker fires many claims at
 * once, and no lost appends when many people write to one task.
 */
import type { AlreadyClaimedDetails, TaskActionResponse, TaskDetailView } from '@jqtb/shared'
import type { Response } from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { addGridWorkers, as, detail, publishedTask, WANGLI } from './tasks-fixtures'

// FerretDB on SQLite serialises writes: 20 rounds of 200 claims take tens of seconds on a busy machine
jest.setTimeout(300_000)

let app: TestApp
const WORKERS = Array.from({ length: 200 }, (_, i) => `u-storm${String(i).padStart(3, '0')}`)
const timings: string[] = []

beforeAll(async () => {
  app = await startTestApp()
  await addGridWorkers(app, WORKERS)
})
afterAll(async () => {
  if (timings.length) console.log(`tasks-concurrency timings:\n  ${timings.join('\n  ')}`)
  await app.close()
})

const claim = (userId: string, id: string) => as(app, userId).post(`/api/tasks/${id}/claim`)
function countBy(rs: Response[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1
  return counts
}

describe('a single-seat task has exactly one holder however many claim at once', () => {
  it('200 concurrent claims → 1 × 200 and 199 × 409 TASK_ALREADY_CLAIMED naming the holder, 20 rounds', async () => {
    const roundMs: number[] = []
    for (let round = 0; round < 20; round++) {
      const id = await publishedTask(app)
      const started = performance.now()
      const results = await Promise.all(WORKERS.map((u) => claim(u, id)))
      roundMs.push(performance.now() - started)

      expect(countBy(results)).toEqual({ 200: 1, 409: 199 })
      const winner = results.find((r) => r.status === 200) as Response
      const won = (winner.body as TaskActionResponse).task
      expect(won.holders).toHaveLength(1)
      const holder = won.holders[0]
      for (const r of results.filter((x) => x.status === 409)) {
        expect(r.body.error.code).toBe('TASK_ALREADY_CLAIMED')
        const details = r.body.error.details as AlreadyClaimedDetails
        expect(details.holder).toEqual({ name: holder.name, claimedAt: holder.claimedAt, expiresAt: holder.expiresAt })
      }
      const task = await detail(app, id)
      expect(task.timeline.filter((e) => e.type === 'claimed')).toHaveLength(1)
      expect(await app.db.models.ClaimSlot.countDocuments({ taskId: id })).toBe(1)

      // the winner lets go, so nobody runs into the active-claim cap in later rounds
      const released = await as(app, holder.userId).post(`/api/tasks/${id}/release`, { reason: '测试轮次结束' })
      expect(released.status).toBe(200)
      expect(await app.db.models.ClaimSlot.countDocuments({ taskId: id })).toBe(0)
    }
    const sorted = [...roundMs].sort((a, b) => a - b)
    timings.push(
      `200 concurrent claims × 20 rounds: median ${Math.round(sorted[10])} ms, max ${Math.round(sorted[19])} ms per round, total ${Math.round(roundMs.reduce((a, b) => a + b, 0))} ms`,
    )
  })

  it('the holder claiming again is a no-op (200, nothing appended)', async () => {
    const id = await publishedTask(app)
    expect((await claim(WORKERS[0], id)).status).toBe(200)
    const again = await claim(WORKERS[0], id)
    expect(again.status).toBe(200)
    expect(again.body.result).toBe('unchanged')
    expect(again.body.event).toBeNull()
    expect((await detail(app, id)).timeline.filter((e) => e.type === 'claimed')).toHaveLength(1)
    await as(app, WORKERS[0]).post(`/api/tasks/${id}/release`, {})
  })
})

describe('a team task fills exactly N seats', () => {
  it('100 concurrent claims on a 5-seat team task → exactly 5 holders on seats 0–4, 95 × 409', async () => {
    const id = await publishedTask(app, { claimMode: 'team', seats: 5 })
    const started = performance.now()
    const results = await Promise.all(WORKERS.slice(0, 100).map((u) => claim(u, id)))
    timings.push(`100 concurrent claims on a 5-seat team task: ${Math.round(performance.now() - started)} ms`)
    expect(countBy(results)).toEqual({ 200: 5, 409: 95 })
    const task: TaskDetailView = await detail(app, id)
    expect(task.holders.map((h) => h.seat).sort()).toEqual([0, 1, 2, 3, 4])
    expect(new Set(task.holders.map((h) => h.userId)).size).toBe(5)
    expect(task.openSeats).toBe(0)
    expect(task.timeline.filter((e) => e.type === 'claimed')).toHaveLength(5)
    for (const h of task.holders) await as(app, h.userId).post(`/api/tasks/${id}/release`, {})
  })
})

describe('the active-claim cap holds under concurrency', () => {
  it('one worker firing 10 claims on 10 open tasks at once ends with exactly 3 (the default cap); the rest 422', async () => {
    const worker = WORKERS[150]
    const ids: string[] = []
    for (let i = 0; i < 10; i++) ids.push(await publishedTask(app))
    const results = await Promise.all(ids.map((id) => claim(worker, id)))
    expect(countBy(results)).toEqual({ 200: 3, 422: 7 })
    for (const r of results.filter((x) => x.status === 422)) {
      expect(r.body.error.code).toBe('CLAIM_LIMIT_REACHED')
      expect(r.body.error.details).toEqual({ cap: 3 })
    }
    expect(await app.db.models.ClaimSlot.countDocuments({ userId: worker })).toBe(3)
    const mine = await as(app, worker).get('/api/tasks?view=mine')
    expect(mine.body.items).toHaveLength(3)

    // giving one back frees exactly one slot
    const held = (mine.body.items as Array<{ id: string }>)[0].id
    expect((await as(app, worker).post(`/api/tasks/${held}/release`, {})).status).toBe(200)
    const free = ids.find((id) => !(mine.body.items as Array<{ id: string }>).some((t) => t.id === id)) as string
    expect((await claim(worker, free)).status).toBe(200)
    expect(
      (await claim(worker, ids.find((id) => id !== free && id !== held && !(mine.body.items as Array<{ id: string }>).some((t) => t.id === id)) as string))
        .status,
    ).toBe(422)
  })
})

describe('no lost appends', () => {
  it('50 concurrent progress records on one task → all 50 in the timeline, seqs without gaps', async () => {
    const id = await publishedTask(app)
    expect((await claim(WANGLI, id)).status).toBe(200)
    const started = performance.now()
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => as(app, WANGLI).post(`/api/tasks/${id}/progress`, { kind: 'note', note: `第${i + 1}次走访记录` })),
    )
    timings.push(`50 concurrent progress records on one task: ${Math.round(performance.now() - started)} ms`)
    expect(countBy(results)).toEqual({ 200: 50 })
    const task = await detail(app, id)
    const notes = task.timeline.filter((e) => e.type === 'progress').map((e) => e.note)
    expect(notes).toHaveLength(50)
    expect(new Set(notes).size).toBe(50)
    expect(task.timeline.map((e) => e.seq)).toEqual(task.timeline.map((_, i) => i + 1))
    expect(task.progressCount).toBe(50)
    expect(task.state).toBe('in_progress')
  })
})
