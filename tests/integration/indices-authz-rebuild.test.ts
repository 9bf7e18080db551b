/**
 * Who may read which numbers (every summary, dashboard, list and export), a rebuild that changes nothing when run
 * twice or by two instances at once, and the indices that wait for other domains' events: 暂无数据 until the first
 * `lead.linked` / `mediation.recorded` arrives, then computed from them.
 */
import { periodKeyAt } from '@jqtb/shared'
import { onLeadLinked, onMediationRecorded } from '../../bff/src/indices/external'
import { boardRows } from '../../bff/src/indices/model'
import { boardId, manifestId, rebuildDirty, rebuildPeriods } from '../../bff/src/indices/rebuild'
import { rebuildAllPeriods } from '../../bff/src/indices/reindex'
import { newGeneration } from '../../bff/src/indices/stored'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { ADMIN, acceptedTask, as } from './points-fixtures'
import { createTask, DISPATCHER, HEJUN, WANGLI, XUMING } from './tasks-fixtures'

const clock = new ManualClock(Date.UTC(2026, 10, 12, 2, 0)) // 2026-11-12 10:00 China time
const LINFANG = 'u-linfang' // community staff GT-01
let app: TestApp
let month: string

beforeAll(async () => {
  app = await startTestApp({ clock })
  await acceptedTask(app, WANGLI, { create: { territory: 'GT-01-01' } })
  // a red one too (red work is not offered for 抢单: it stays with the centre here)
  await createTask(app, { territory: 'GT-01-01', riskColour: 'red' })
  await createTask(app, { territory: 'GT-02-01', tier: 'simple', department: 'PCS' })
  await rebuildDirty(app.deps)
  month = periodKeyAt(clock.now().getTime(), 'month')
})
afterAll(() => app.close())

const status = async (user: string, path: string) => (await as(app, user).get(path)).status

describe('who may read which numbers', () => {
  it.each([
    // [who, path, status]
    [DISPATCHER, '/api/indices/dashboard', 200],
    [ADMIN, '/api/indices/dashboard?scope=department:SFS', 200],
    [HEJUN, '/api/indices/dashboard', 200],
    [HEJUN, '/api/indices/dashboard?scope=department:SFS', 403],
    [HEJUN, '/api/indices/dashboard?scope=street:GT', 403],
    [LINFANG, '/api/indices/dashboard?scope=community:GT-01', 200],
    [LINFANG, '/api/indices/dashboard?scope=community:GT-02', 403],
    [WANGLI, '/api/indices/dashboard', 403],
    [XUMING, '/api/indices/live', 403],
    [WANGLI, '/api/indices/live', 403],
    [LINFANG, '/api/indices/live?scope=community:GT-02', 403],
    [WANGLI, '/api/indices/cases?period=2026-11&scope=person:u-wangli&target=closed', 200],
    [WANGLI, '/api/indices/cases?period=2026-11&scope=street:GT&target=closed', 403],
    [WANGLI, '/api/indices/cases?period=2026-11&scope=person:u-chenqiang&target=closed', 403],
    [HEJUN, '/api/indices/cases?period=2026-11&scope=person:u-xuming&target=closed', 200],
    [HEJUN, '/api/indices/cases?period=2026-11&scope=person:u-wangli&target=closed', 403],
    [LINFANG, '/api/indices/cases?period=2026-11&scope=grid:GT-01-01&target=received', 200],
    [LINFANG, '/api/indices/cases?period=2026-11&scope=grid:GT-02-01&target=received', 403],
    [WANGLI, '/api/indices/summary', 200],
    [XUMING, '/api/indices/summary', 200],
    [WANGLI, '/api/indices/export?month=2026-11', 403],
    [LINFANG, '/api/indices/export?month=2026-11', 403],
    [XUMING, '/api/indices/export?month=2026-11', 403],
    [HEJUN, '/api/indices/export?month=2026-11', 200],
    [DISPATCHER, '/api/indices/export?month=2026-11', 200],
    [DISPATCHER, '/api/indices/export?month=2026-13', 400],
    [DISPATCHER, '/api/indices/dashboard?period=2026-W60', 400],
    [DISPATCHER, '/api/indices/cases?period=2026-11&scope=street:GT&target=nothing', 400],
  ])('%s GET %s → %i', async (user, path, want) => {
    expect(await status(user as string, path as string)).toBe(want)
  })

  it('a department lead’s report has only the department sheet, with the department alone', async () => {
    const ExcelJS = (await import('exceljs')).default
    const res = await as(app, HEJUN)
      .get('/api/indices/export?month=2026-11')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => done(null, Buffer.concat(chunks)))
      })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.body as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['部门', '指标说明'])
    const names = wb.getWorksheet('部门')?.getColumn(1).values.slice(4) ?? []
    expect(names).toEqual(['古塘派出所'])
  })
})

describe('rebuilding changes nothing when repeated or run twice at once', () => {
  const snapshot = async () =>
    (await app.db.models.IndexAggregate.find({}).sort({ _id: 1 }).lean()).map(({ builtAt: _b, ...d }) => d).map((d) => JSON.stringify(d))

  it('two instances rebuilding the same periods at once, then once more, leave the same documents', async () => {
    const before = await snapshot()
    const periods = ['2026-11-12', '2026-W46', '2026-11', '2026-Q4', '2026']
    await Promise.all([rebuildPeriods(app.deps, periods), rebuildPeriods(app.deps, periods)])
    expect(await snapshot()).toEqual(before)
    const again = await rebuildAllPeriods(app.deps)
    expect(again.deleted).toBe(0)
    expect(await snapshot()).toEqual(before)
  })

  it('two instances taking the dirty days at once: each day is rebuilt by one of them', async () => {
    await createTask(app, { territory: 'GT-03-01' })
    const [a, b] = await Promise.all([rebuildDirty(app.deps), rebuildDirty(app.deps)])
    const days = [...a.days, ...b.days]
    expect(new Set(days).size).toBe(days.length)
    expect(days.length).toBeGreaterThan(0)
    const d = (await as(app, DISPATCHER).get(`/api/indices/dashboard?period=${month}`)).body
    // the accepted one, the red one and the 派出所's from the start, and this one
    expect(d.cards.find((c: { id: string }) => c.id === 'received').value).toBe(4)
  })
})

describe('the list of what a rebuild wrote', () => {
  it('lives apart from the board the dashboard reads; a board from before it still has its stale documents deleted', async () => {
    const period = '2026-11-12'
    await rebuildPeriods(app.deps, [period])
    const board = await app.db.models.IndexBoard.findById(boardId(period)).lean()
    expect(boardRows(board).length).toBeGreaterThan(0)
    expect(board).not.toHaveProperty('manifest')
    const own = await app.db.models.IndexManifest.findById(manifestId(period)).lean()
    expect(own?.entries.length).toBeGreaterThan(0)
    // as an older release left it: the list inside the board, naming a document no fact produces any more
    const stale = `${period}:person:u-gone`
    await app.db.models.IndexAggregate.collection.insertOne({
      _id: stale,
      period,
      level: 'day',
      dim: 'person',
      key: 'u-gone',
      c: {},
      hash: 'x',
      builtAt: new Date(),
    } as never)
    await app.db.models.IndexManifest.deleteOne({ _id: manifestId(period) })
    await app.db.models.IndexBoard.collection.updateOne({ _id: boardId(period) } as never, {
      $set: { manifest: [...(own?.entries ?? []), { id: stale, hash: 'x' }] },
    })
    const report = await rebuildPeriods(app.deps, [period])
    expect(report.deleted).toBe(1)
    expect(await app.db.models.IndexAggregate.exists({ _id: stale })).toBeNull()
    expect(await app.db.models.IndexBoard.findById(boardId(period)).lean()).not.toHaveProperty('manifest')
    expect((await app.db.models.IndexManifest.findById(manifestId(period)).lean())?.entries.map((e) => e.id)).toEqual(own?.entries.map((e) => e.id))
  })
})

describe('the board as stored', () => {
  it('keeps its rows as one text value; a board written before, with the rows as a list, reads the same', async () => {
    const path = `/api/indices/dashboard?period=${month}`
    const board = await app.db.models.IndexBoard.findById(boardId(month)).lean()
    expect(typeof board?.rowsText).toBe('string')
    expect(board).not.toHaveProperty('rows')
    const now = (await as(app, DISPATCHER).get(path)).body
    expect(now.heat.find((c: { code: string }) => c.code === 'GT-01').values.received).toBeGreaterThan(0)
    // as an older release wrote it
    const { rowsText: _text, ...legacy } = board ?? {}
    await app.db.models.IndexBoard.collection.replaceOne({ _id: boardId(month) } as never, { ...legacy, rows: boardRows(board) } as never)
    await newGeneration(app.db, clock.now())
    const before = (await as(app, DISPATCHER).get(path)).body
    expect(before.heat).toEqual(now.heat)
    expect(before.leagues).toEqual(now.leagues)
    await rebuildPeriods(app.deps, [month])
    expect(typeof (await app.db.models.IndexBoard.findById(boardId(month)).lean())?.rowsText).toBe('string')
  })
})

describe('indices from other domains’ events', () => {
  it('重复警情率 and 化解率 read 暂无数据 until their events arrive, then count them', async () => {
    const card = async (id: string) =>
      (await as(app, DISPATCHER).get(`/api/indices/dashboard?period=${month}`)).body.cards.find((c: { id: string }) => c.id === id)
    expect((await card('repeatRate')).display).toBe('暂无数据')
    expect((await card('mediationRate')).display).toBe('暂无数据')
    const at = clock.now().getTime()
    // a garbled payload is ignored, not half-applied
    expect(await onLeadLinked(app.deps, { leadId: 'L1' })).toBe(false)
    await onLeadLinked(app.deps, { leadId: 'L1', sourceKey: '110:A1', kind: 'new', relatedLeadIds: [], at })
    await onLeadLinked(app.deps, { leadId: 'L1', sourceKey: '12345:B1', kind: 'joined', relatedLeadIds: [], at: at + 60_000 })
    await onLeadLinked(app.deps, { leadId: 'L2', sourceKey: '110:A2', kind: 'repeat', relatedLeadIds: ['L1'], at: at + 120_000 })
    // delivered twice: the same fact
    await onLeadLinked(app.deps, { leadId: 'L2', sourceKey: '110:A2', kind: 'repeat', relatedLeadIds: ['L1'], at: at + 120_000 })
    await onMediationRecorded(app.deps, { mediationId: 'M1', outcome: 'succeeded', at })
    await onMediationRecorded(app.deps, { mediationId: 'M2', outcome: 'failed', at })
    await onMediationRecorded(app.deps, { mediationId: 'M3', outcome: 'ongoing', at })
    clock.advance(11_000) // past the sources cache
    await rebuildDirty(app.deps)
    expect(await card('leads')).toMatchObject({ value: 2 })
    expect(await card('repeatRate')).toMatchObject({ value: 0.5, num: 1, den: 2 })
    expect(await card('mediationRate')).toMatchObject({ value: 0.5, num: 1, den: 2 })
    expect((await card('satisfaction')).display).toBe('暂无数据')
    const cases = (await as(app, DISPATCHER).get(`/api/indices/cases?period=${month}&scope=street:GT&target=repeatRate`)).body
    expect(cases).toMatchObject({ total: 2, num: 1, den: 2 })
  })
})
