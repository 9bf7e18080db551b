import { ManualClock } from '../../bff/src/infra/clock'
import { ARRIVAL_KEEP_MS, backfillArrivals, expireArrivals, readArrivals, recordArrivals } from '../../bff/src/intake/arrivals'
import { cleanContext } from '../../bff/src/intake/context'
import { type IntakeDeps, ingestBatch, ingestRecord, intakeDeps } from '../../bff/src/intake/ingest'
import { LOOKBACK_MS, SETTLE_MS, WINDOW_MS } from '../../bff/src/kernel/windows'
import { linkMissed, settleRecentLeads } from '../../bff/src/leads/jobs'
import { linkAndRoute } from '../../bff/src/leads/link'
import { leadDeps } from '../../bff/src/leads/store'
import { FEED_BATCH, feedIntake } from '../../bff/src/risk/intake-feed'
import { taskDeps } from '../../bff/src/tasks/log'
import { startTestApp, type TestApp } from '../support/app'
import { commandsDuring } from '../support/commands'

/**
 * The arrivals journal: the catch-ups that read "records received since …" (the leads' link repair,
 * the risk engine's feed) find every stored record through it — also one stored by a request that died
 * before linking it — and never query the records themselves by anything but `_id` (on the embedded
 * database any other query reads every record ever stored).
 */
const NOW = Date.parse('2026-11-20T10:00:00+08:00')
let app: TestApp
let clock: ManualClock
beforeAll(async () => {
  clock = new ManualClock(NOW)
  app = await startTestApp({ clock })
})
afterAll(() => app.close())

/** intake without its events: what a request that died right after storing leaves (nothing linked, nothing scored) */
const silent = (): IntakeDeps => ({ ...intakeDeps(app.deps), events: { publish: async () => {}, listenersOf: () => [] } as never })
const call110 = (id: string, minute: number) => ({
  警情编号: id,
  报警时间: `2026/11/20 9:${String(minute).padStart(2, '0')}`,
  报警人: '赵某',
  报警电话: `139 0574 ${String(1000 + minute)}`,
  发生地址: `新城花苑${minute}幢1单元101室`,
  警情类别: '纠纷-邻里纠纷',
  简要警情: '邻居之间因停车位发生争吵',
  是否非警务: '是',
})

/** The commands run by `work` on `collection` whose filter is not a plain `_id` lookup. */
async function scansOf(collection: string, work: () => Promise<unknown>): Promise<string[]> {
  const seen = await commandsDuring(app.db, work, (e) => {
    const c = e.command as { find?: string; filter?: Record<string, unknown> }
    return c.find === collection && Object.keys(c.filter ?? {}).join() !== '_id'
  })
  return seen.map((e) => JSON.stringify((e.command as { filter?: unknown }).filter))
}

describe('the arrivals journal', () => {
  test('a record stored by a request that died before linking it is linked by the repair, which reads records only by _id', async () => {
    const ctx = await cleanContext(app.db, '110', clock.now())
    const out = await ingestRecord(silent(), ctx, call110('J33028220261120009001', 1), { kind: 'push', ref: 'test' })
    expect(out.result).toBe('created')
    const key = '110:J33028220261120009001'
    expect((await app.db.models.IntakeSource.findById(key).lean())?.leadId).toBeUndefined()
    expect((await readArrivals(app.db, { at: new Date(NOW - 60_000) })).map((a) => a.source)).toEqual([key])
    // a crash between the arrival and its record: an arrival with nothing behind it is skipped
    await recordArrivals(app.db, [{ source: '110:NEVER-STORED', at: clock.now(), token: 't' }])

    clock.advance(WINDOW_MS + SETTLE_MS)
    const scans = await scansOf('intake_sources', async () => expect(await linkMissed(app.deps)).toBe(1))
    expect(scans).toEqual([])
    expect((await app.db.models.IntakeSource.findById(key).lean())?.leadId).toMatch(/^XS/)
    // the window is marked done: a second pass reads nothing
    expect(await linkMissed(app.deps)).toBe(0)
  })

  test('the risk feed reads an import batch that arrived in one instant in pieces, each record once, none skipped', async () => {
    const ctx = await cleanContext(app.db, '110', clock.now())
    const rows = Array.from({ length: 7 }, (_, i) => call110(`J3302822026112001${String(i).padStart(4, '0')}`, 10 + i))
    const stored = await ingestBatch(silent(), ctx, rows, { kind: 'import', ref: 'test' })
    expect(stored.every((o) => o.result === 'created')).toBe(true)
    const deps = taskDeps(app.deps)
    const seen: string[] = []
    let from: Parameters<typeof feedIntake>[1] = clock.now().getTime() - 1000
    const scans = await scansOf('intake_sources', async () => {
      for (let pass = 0; pass < 10; pass++) {
        const report = await feedIntake(deps, from, 3)
        const arrivals = await readArrivals(app.db, typeof from === 'number' ? { at: new Date(from) } : from, { limit: 3 })
        seen.push(...arrivals.map((a) => a.source))
        expect(report.failed).toBe(0)
        if (report.arrivals < 3 || !report.last) break
        from = report.last
      }
    })
    expect(scans).toEqual([])
    expect(seen.sort()).toEqual(stored.map((o) => o.key).sort())
    // every record of the batch was scored by the engine
    const cases = await Promise.all(stored.map((o) => app.db.models.RiskCase.exists({ _id: `record:${o.key}` })))
    expect(cases.every(Boolean)).toBe(true)
    expect(FEED_BATCH).toBeGreaterThan(3)
  })

  test('arrivals older than the journal keeps are deleted; the records stay; the backfill writes the journal of recent records', async () => {
    const before = await app.db.models.IntakeArrival.countDocuments()
    const sources = await app.db.models.IntakeSource.countDocuments()
    expect(before).toBeGreaterThan(0)
    expect(await expireArrivals(app.db, clock.now())).toBe(0)
    const later = new Date(clock.now().getTime() + ARRIVAL_KEEP_MS + LOOKBACK_MS)
    expect(await expireArrivals(app.db, later)).toBe(before)
    expect(await app.db.models.IntakeSource.countDocuments()).toBe(sources)
    // a database whose records were stored before the journal existed (the migration)
    expect(await backfillArrivals(app.db, clock.now())).toBe(sources)
    expect(await backfillArrivals(app.db, clock.now())).toBe(sources)
    expect(await app.db.models.IntakeArrival.countDocuments()).toBe(sources)
    expect(await backfillArrivals(app.db, later)).toBe(0)
  })

  test('a lead whose events a dying request never published is settled by the job, which never queries the events by time', async () => {
    const ctx = await cleanContext(app.db, '110', clock.now())
    const out = await ingestRecord(silent(), ctx, call110('J33028220261120009100', 40), { kind: 'push', ref: 'test' })
    const failing = { ...leadDeps(app.deps), events: { publish: async () => Promise.reject(new Error('listener down')), listenersOf: () => [] } as never }
    const leadId = await linkAndRoute(failing, out.key as string)
    expect(leadId).toMatch(/^XS/)
    // the events are appended; their projection is not written
    expect(await app.db.models.Lead.exists({ _id: leadId })).toBeNull()
    clock.advance(60_000)
    const scans = await scansOf('lead_events', async () => expect(await settleRecentLeads(app.deps)).toBeGreaterThanOrEqual(1))
    expect(scans).toEqual([])
    expect(await app.db.models.Lead.exists({ _id: leadId })).not.toBeNull()
  })
})
