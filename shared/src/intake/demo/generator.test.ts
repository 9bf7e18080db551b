import { CHANNELS } from '../channels'
import { GENERATED_CHANNELS, generateDemoMonth } from './generator'

const end = Date.UTC(2026, 11, 1)

describe('the demo month', () => {
  const month = generateDemoMonth({ end, records: 400 })

  test('is the same for the same seed', () => {
    const again = generateDemoMonth({ end, records: 400 })
    expect(again.records.map((r) => r.key)).toEqual(month.records.map((r) => r.key))
    expect(generateDemoMonth({ end, records: 400, seed: 2 }).records.map((r) => r.key)).not.toEqual(month.records.map((r) => r.key))
  })

  test('has about the size asked for, inside the month, in arrival order', () => {
    expect(month.records.length).toBeGreaterThanOrEqual(400)
    expect(month.records.length).toBeLessThan(500)
    expect(month.records.every((r) => r.at < end && r.at >= end - 30 * 86_400_000)).toBe(true)
    expect(month.records.map((r) => r.at)).toEqual([...month.records.map((r) => r.at)].sort((a, b) => a - b))
  })

  // 网格上报 are tasks of their own, and 公众上报 come only from citizens' own filings (public-app)
  test('uses every system channel and the reception desk, with their own columns', () => {
    const used = new Set(month.records.map((r) => r.channel))
    expect(GENERATED_CHANNELS).not.toContain('public')
    for (const c of CHANNELS.filter((c) => GENERATED_CHANNELS.includes(c.code))) {
      expect(used.has(c.code)).toBe(true)
      const columns = new Set(c.fields.map((f) => f.column))
      for (const r of month.records.filter((r) => r.channel === c.code)) for (const k of Object.keys(r.row)) expect(columns.has(k)).toBe(true)
    }
  })

  test('plants cross-channel duplicates, repeats and near misses', () => {
    const byIncident = new Map<string, Set<string>>()
    for (const r of month.records) byIncident.set(r.incident, new Set([...(byIncident.get(r.incident) ?? []), r.channel]))
    expect([...byIncident.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20)
    expect(month.incidents.filter((i) => i.repeatOf).length).toBeGreaterThan(10)
    expect(month.incidents.filter((i) => i.nearMiss === 'building').length).toBeGreaterThan(2)
    expect(month.incidents.filter((i) => i.nearMiss === 'name').length).toBeGreaterThan(2)
  })

  test('updates some source records with a second version of the same source id', () => {
    const updates = month.records.filter((r) => r.version === 2)
    expect(updates.length).toBeGreaterThan(0)
    for (const u of updates) expect(month.records.some((r) => r.key === u.key && r.version === 1 && r.at < u.at)).toBe(true)
  })

  test('knows the truth of every record', () => {
    for (const r of month.records)
      expect(month.truth[r.key]).toMatchObject({ incident: r.incident, micro: expect.stringMatching(/^GT-\d{2}-[0-9Z]+\d*-\d{2}$/) })
  })
})
