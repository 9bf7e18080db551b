import { generateDemoMonth } from '@jqtb/shared/src/intake/demo/generator'
import { connectDb } from '../../bff/src/compose'
import type { AppDeps } from '../../bff/src/deps'
import { ManualClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { commitImport, IMPORT_POLICY } from '../../bff/src/intake/imports/run'
import { intakeDeps } from '../../bff/src/intake/ingest'
import { resumeImports } from '../../bff/src/intake/jobs'
import type { IntakeImportDoc } from '../../bff/src/intake/model'
import { startTestApp, type TestApp } from '../support/app'
import { testMongoUri } from '../support/db'
import { csvFile, settled, upload } from '../support/intake-files'
import { DISPATCHER } from './tasks-fixtures'

/**
 * An import whose instance dies in the middle of the commit: another instance takes it over once the
 * lease lapses and finishes it from the last recorded batch. Every good row ends up stored exactly
 * once; rows the dead instance stored after its last checkpoint count as unchanged.
 */
let app: TestApp
let crashedDb: Db | undefined
afterAll(async () => {
  await crashedDb?.close().catch(() => {})
  await app.close()
})

it('a commit cut off by a crash is finished by another instance, nothing lost or doubled', async () => {
  const clock = new ManualClock(Date.now())
  app = await startTestApp({ clock })
  const rows = generateDemoMonth({ end: Date.now(), records: 5000, seed: 5 })
    .records.filter((r) => r.channel === '12345' && r.version === 1)
    .slice(0, 1400)
    .map((r) => r.row)
  const up = await upload(app, DISPATCHER, '12345', csvFile('12345', rows), '12345.csv')
  const ready = await settled(app, DISPATCHER, up.body.id)
  expect(ready.counts.good).toBe(rows.length)

  // instance A: its own connection, commits until it has recorded a batch, then dies
  crashedDb = await connectDb(testMongoUri(), app.db.conn.name)
  const a: AppDeps = { ...app.deps, db: crashedDb }
  await app.db.models.IntakeImport.updateOne({ _id: ready.id }, { $set: { state: 'committing' } })
  const running = commitImport({ ...intakeDeps(a), dataDir: app.config.dataDir }, ready.id).catch(() => {})
  for (;;) {
    const doc = await app.db.models.IntakeImport.findById(ready.id).lean<IntakeImportDoc>()
    if ((doc?.committedRows ?? 0) >= IMPORT_POLICY.batchSize) break
    await new Promise((r) => setTimeout(r, 20))
  }
  await crashedDb.conn.close(true)
  await running
  const cut = await app.db.models.IntakeImport.findById(ready.id).lean<IntakeImportDoc>()
  expect(cut?.state).toBe('committing')
  expect(cut!.committedRows).toBeLessThan(rows.length)

  // instance B (the job) leaves a live lease alone, then takes over once it lapsed
  expect(await resumeImports(app.deps)).toBe(0)
  clock.advance(IMPORT_POLICY.leaseMs + 1000)
  expect(await resumeImports(app.deps)).toBe(1)
  const done = await app.db.models.IntakeImport.findById(ready.id).lean<IntakeImportDoc>()
  expect(done).toMatchObject({ state: 'done', committedRows: rows.length })
  expect(done!.counts.created + done!.counts.unchanged).toBe(rows.length)
  expect(await app.db.models.IntakeSource.countDocuments({ channel: '12345' })).toBe(rows.length)
  expect(await app.db.models.IntakeVersion.countDocuments({})).toBe(0)
}, 180_000)
