import { generateDemoMonth } from '@jqtb/shared/src/intake/demo/generator'
import { ManualClock } from '../../bff/src/infra/clock'
import { cleanContext } from '../../bff/src/intake/context'
import { ingestRecord, intakeDeps } from '../../bff/src/intake/ingest'
import { drainLinking } from '../../bff/src/leads/link'
import { membershipOf } from '../../bff/src/leads/linker'
import { leadDeps, loadLead } from '../../bff/src/leads/store'
import { startTestApp, type TestApp } from '../support/app'

/**
 * The linking scored against the generated month's ground truth: pairwise precision and recall of
 * "same incident", recall of repeat chains, and the planted near misses kept apart.
 */
const END = Date.parse('2026-11-30T20:00:00+08:00')
const month = generateDemoMonth({ end: END, records: 450, seed: 77 })
let app: TestApp
const leadOfKey = new Map<string, string>()

beforeAll(async () => {
  app = await startTestApp({ clock: new ManualClock(END + 3600_000) })
  const d = intakeDeps(app.deps)
  for (const r of month.records) {
    const ctx = await cleanContext(app.db, r.channel, app.deps.clock.now())
    await ingestRecord(d, ctx, r.row, { kind: 'seed' })
  }
  const ld = leadDeps(app.deps)
  // seeded records are linked in the background, in the order they came
  await drainLinking(ld)
  for (const r of month.records) leadOfKey.set(r.key, (await membershipOf(ld, r.key))?.leadId ?? '')
}, 1_500_000)
afterAll(() => app.close())

test('every record is linked', () => {
  expect([...leadOfKey.values()].filter((v) => !v)).toEqual([])
})

// The goals: precision ≥ 0.98, recall ≥ 0.95 (npm run bench, section leads, fails below them).
// Measured on this month: precision 0.993, recall 0.971 (tp 136, fp 1, fn 4; 0.957 with fn 6 before a
// flat written without its unit, 12-502, was the door of 12-2-502). The same caller about another matter
// (停车 after 装修噪音, 继承 after 离婚), at another building or house number, against another other party,
// or about another sum within 72 h is a repeat, not the same incident; a building, a village group or a
// 村委会 is no door; the other side's phone alone links only with the parties swapped
// (shared/src/intake/linking.ts). What is left: one caller reporting the same property-fee complaint twice
// in two days, which the truth counts as two incidents and nothing in the records tells apart; the misses
// are records of one incident that share no phone, ID or door (the other side filed it from its own phone
// and one address names only the building).
test('pairwise "same incident": precision ≥ 0.98, recall ≥ 0.95', () => {
  const keys = [...new Set(month.records.map((r) => r.key))]
  let tp = 0
  let fp = 0
  let fn = 0
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const same = month.truth[keys[i]].incident === month.truth[keys[j]].incident
      const linked = leadOfKey.get(keys[i]) === leadOfKey.get(keys[j])
      if (same && linked) tp++
      else if (!same && linked) fp++
      else if (same && !linked) fn++
    }
  }
  const precision = tp / (tp + fp)
  const recall = tp / (tp + fn)
  console.log(`linking on ${keys.length} records: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`)
  expect(tp).toBeGreaterThan(20)
  expect(precision).toBeGreaterThanOrEqual(0.98)
  expect(recall).toBeGreaterThanOrEqual(0.95)
})

test('repeat chains: a repeat incident is linked to the earlier one', async () => {
  const ld = leadDeps(app.deps)
  const keyOf = (incident: string) => month.records.find((r) => r.incident === incident)?.key
  const repeats = month.incidents.filter((i) => i.repeatOf && keyOf(i.id) && keyOf(i.repeatOf))
  let found = 0
  for (const inc of repeats) {
    const later = leadOfKey.get(keyOf(inc.id)!)!
    const earlier = leadOfKey.get(keyOf(inc.repeatOf!)!)!
    const state = await loadLead(ld, later)
    if (state.repeatOf.some((r) => r.leadId === earlier)) found++
  }
  console.log(`repeat chains: ${found} of ${repeats.length} linked`)
  expect(repeats.length).toBeGreaterThan(10)
  expect(found / repeats.length).toBeGreaterThanOrEqual(0.95)
})

test('near misses stay apart: the same building with other people, the same common name', () => {
  const keysOf = (incident: string) => month.records.filter((r) => r.incident === incident).map((r) => r.key)
  const misses = month.incidents.filter((i) => i.nearMissOf)
  expect(misses.some((m) => m.nearMiss === 'building')).toBe(true)
  expect(misses.some((m) => m.nearMiss === 'name')).toBe(true)
  for (const m of misses) {
    for (const a of keysOf(m.id))
      for (const b of keysOf(m.nearMissOf!)) expect(`${m.nearMiss} ${a} ${leadOfKey.get(a)}`).not.toBe(`${m.nearMiss} ${a} ${leadOfKey.get(b)}`)
  }
})
