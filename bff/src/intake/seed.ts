/**
 * Intake's reference and demo data: the demo street's gazetteer (always: it describes the seeded
 * territory), the simulator's channel keys (simulator mode), and a month of channel records loaded
 * through the real pipeline (npm start). The month is anchored at the first start (a mark), so later
 * starts load the same records and change nothing.
 */
import { CHANNELS } from '@jqtb/shared'
import { buildDemoGazetteer } from '@jqtb/shared/src/intake/address/demo-gazetteer'
import { generateDemoMonth } from '@jqtb/shared/src/intake/demo/generator'
import { SIMULATOR_CHANNEL_KEYS } from '../config'
import type { AppDeps } from '../deps'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import { converge, type SeedContext, type SeedReport, type SeedResult } from '../kernel/seeding'
import { cleanContext, forgetGazetteer } from './context'
import { type IntakeDeps, ingestRecord, intakeDeps } from './ingest'
import type { GazetteerPlaceDoc, IntakeMarkDoc } from './model'
import { createChannelKey } from './signing'

/** The demo month's size and seed (the simulator replays another seed's records live). */
export const DEMO_MONTH = { records: 400, seed: 20261127 }
const SYSTEM = { id: 'system', name: '系统' }

export async function seedGazetteer(db: Db): Promise<SeedReport> {
  const docs: GazetteerPlaceDoc[] = buildDemoGazetteer().places.map(({ id, ...p }) => ({ _id: id, ...p }) as GazetteerPlaceDoc)
  const report = await converge(db.models.GazetteerPlace, docs)
  if (report.inserted || report.updated) forgetGazetteer(db)
  return report
}

/** The keys the simulator's channel systems sign with (fixed ids and secrets, simulator mode only). */
export async function installSimulatorKeys(deps: IntakeDeps): Promise<number> {
  let installed = 0
  for (const c of CHANNELS.filter((c) => c.push)) {
    const id = SIMULATOR_CHANNEL_KEYS.id(c.code)
    if (await deps.db.models.ChannelKey.exists({ _id: id })) continue
    try {
      await createChannelKey(deps, c.code, '模拟器（演示）', SYSTEM, { id, secret: SIMULATOR_CHANNEL_KEYS.secret(c.code) })
      installed++
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  return installed
}

/** When the demo month ends: the first start's time, kept in a mark so every later start loads the same month. */
async function demoMonthEnd(db: Db, now: Date): Promise<number> {
  const id = 'demo-month-end'
  try {
    await db.models.IntakeMark.collection.insertOne({ _id: id, value: now.getTime(), at: now } as never)
    return now.getTime()
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const mark = await db.models.IntakeMark.findById(id).lean<IntakeMarkDoc>()
    return Number(mark?.value ?? now.getTime())
  }
}

export async function seedDemoMonth(demo: AppDeps, now: Date): Promise<SeedReport> {
  const report: SeedReport = { inserted: 0, updated: 0, unchanged: 0 }
  const db = demo.db
  if (await db.models.IntakeMark.exists({ _id: 'demo-month-loaded' })) return report
  const end = await demoMonthEnd(db, now)
  const month = generateDemoMonth({ end, records: DEMO_MONTH.records, seed: DEMO_MONTH.seed })
  const d = intakeDeps(demo)
  for (const r of month.records) {
    const ctx = await cleanContext(db, r.channel, new Date(Math.max(end, now.getTime())))
    const out = await ingestRecord(d, ctx, r.row, { kind: 'seed', ref: 'demo-month' })
    if (out.result === 'created') report.inserted++
    else if (out.result === 'updated') report.updated++
    else report.unchanged++
  }
  await db.models.IntakeMark.collection.insertOne({ _id: 'demo-month-loaded', value: month.records.length, at: now } as never).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
  return report
}

export async function seedIntake({ db, now, demo }: SeedContext): Promise<SeedResult> {
  const result: SeedResult = { gazetteer: await seedGazetteer(db) }
  if (demo?.config.dingtalk.simulator) {
    const installed = await installSimulatorKeys(intakeDeps(demo))
    result.channelKeys = { inserted: installed, updated: 0, unchanged: 0 }
  }
  if (demo && !demo.config.seedDemoLight) result.intakeDemoMonth = await seedDemoMonth(demo, now)
  return result
}
