/**
 * The periodic repairs read recent records only: each stream is cut into windows, a settled window
 * that is not done is read once and marked with an insert, and a run whose windows are all done
 * queries nothing but the marks. So the catch-up job's work does not grow with the history, several
 * instances may run it at once, and what a crash left behind is still found while it is recent.
 */
import { ManualClock } from '../../bff/src/infra/clock'
import { LOOKBACK_MS, openWindow, SETTLE_MS, WINDOW_MS, windowMarkId } from '../../bff/src/kernel/windows'
import { catchUpScoring } from '../../bff/src/points/scoring'
import { taskDeps } from '../../bff/src/tasks/log'
import { startTestApp, type TestApp } from '../support/app'
import { as, claimedTask } from './points-fixtures'

const clock = new ManualClock(Date.UTC(2026, 10, 10, 2, 7)) // 2026-11-10 10:07 China time
let app: TestApp
const CHENQIANG = 'u-chenqiang'

beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(() => app.close())

/** A released claim whose points the live call "failed" to write: the entry and the scored mark are gone. */
async function unscoredRelease(): Promise<string> {
  const { id } = await claimedTask(app, CHENQIANG, { create: { territory: 'GT-01-02' } })
  expect((await as(app, CHENQIANG).post(`/api/tasks/${id}/release`, { reason: '家中有事' })).status).toBe(200)
  const { LedgerEntry, ScoredEvent } = app.db.models
  await LedgerEntry.deleteMany({ taskId: id })
  await ScoredEvent.deleteMany({ _id: { $regex: `^${id}:` } })
  return id
}

const floor = (t: number) => Math.floor(t / WINDOW_MS) * WINDOW_MS

describe('the windows a run reads', () => {
  it('on a fresh database, every settled window of the lookback; once they are done, none', async () => {
    const now = clock.now()
    const t = now.getTime()
    const first = await openWindow(app.db, 'probe', now)
    expect(first?.since.getTime()).toBe(floor(t - LOOKBACK_MS))
    expect(first?.until.getTime()).toBe(floor(t - SETTLE_MS)) // the window still open (or settling) is left for later
    // two instances finishing the same run: insert-only marks, one per window
    await Promise.all([first?.done(), first?.done()])
    expect(await app.db.models.ScoringCursor.countDocuments({ _id: { $regex: '^probe:' } })).toBe((floor(t - SETTLE_MS) - floor(t - LOOKBACK_MS)) / WINDOW_MS)
    expect(await openWindow(app.db, 'probe', now)).toBeNull()
    // a window that is not done is read again, however many later ones are
    const lost = floor(t - SETTLE_MS) - 3 * WINDOW_MS
    await app.db.models.ScoringCursor.deleteOne({ _id: windowMarkId('probe', lost) })
    expect((await openWindow(app.db, 'probe', now))?.since.getTime()).toBe(lost)
  })

  it('as time passes, the next window once it has settled', async () => {
    const later = new Date(clock.now().getTime() + WINDOW_MS)
    const next = await openWindow(app.db, 'probe', later)
    expect(next?.until.getTime()).toBe(floor(later.getTime() - SETTLE_MS))
  })
})

describe('the catch-up scoring job', () => {
  it('scores what the live call missed once its window has settled, then marks the window', async () => {
    const id = await unscoredRelease()
    const deps = taskDeps(app.deps)
    expect((await catchUpScoring(deps)).inserted).toBe(0) // its window is still open
    clock.advance(WINDOW_MS + SETTLE_MS)
    const [a, b] = await Promise.all([catchUpScoring(deps), catchUpScoring(deps)]) // two instances
    expect(a.inserted + b.inserted).toBe(1)
    expect(await app.db.models.LedgerEntry.countDocuments({ taskId: id, reasonCode: 'released' })).toBe(1)
    expect(await openWindow(app.db, 'task_events', clock.now())).toBeNull()
  })

  it('does not read back further than the lookback', async () => {
    const id = await unscoredRelease()
    clock.advance(LOOKBACK_MS + WINDOW_MS)
    expect((await catchUpScoring(taskDeps(app.deps))).inserted).toBe(0)
    expect(await app.db.models.LedgerEntry.countDocuments({ taskId: id })).toBe(0)
  })
})
