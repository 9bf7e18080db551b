import { buildTerritoryTree, DEMO_USERS } from '../demo-org'
import { aggregate, emptyCounters, type IndexCounters, packCounters, unpackCounters } from './aggregate'
import { INDEX_IDS, indexValue, type SourceAvailability } from './formulas'

const ALL: SourceAvailability = { tasks: true, leads: true, mediations: true, followUps: true }

import { taskFacts } from './facts'
import { generateTaskLogs } from './generate'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 30, 4)

/** Counters of a generated quarter of the demo street: every period and dimension, busy and quiet rows alike. */
function generatedCounters(): Map<string, IndexCounters> {
  const grids = buildTerritoryTree()
    .filter((n) => n.level === 'grid')
    .map((n) => n.code)
  const departments: Record<string, { id: string; name: string }> = {}
  for (const u of DEMO_USERS)
    if (u.roles.includes('dept_lead') && u.department && !departments[u.department]) departments[u.department] = { id: u.id, name: u.name }
  const workers = DEMO_USERS.filter((u) => u.roles.includes('grid_worker') && u.territory).map((u) => ({
    id: u.id,
    name: u.name,
    territory: u.territory as string,
  }))
  const logs = generateTaskLogs({ from: NOW - 90 * DAY, to: NOW, until: NOW, perDay: 12, seed: 4242, people: { grids, departments, workers } })
  return aggregate(
    logs.flatMap((l) => {
      const f = taskFacts(l)
      return f ? [f] : []
    }),
    { street: 'GT' },
  )
}

describe('counters as stored', () => {
  const all = generatedCounters()

  it('come back exactly as they were, for every period and dimension of a generated quarter', () => {
    expect(all.size).toBeGreaterThan(500)
    for (const c of all.values()) expect(unpackCounters(JSON.parse(JSON.stringify(packCounters(c))))).toEqual(c)
  })

  it('leave out what is zero or empty: a quiet row stores nothing, a busy one much less than whole counters', () => {
    expect(packCounters(emptyCounters())).toEqual({})
    const whole = [...all.values()].reduce((n, c) => n + JSON.stringify(c).length, 0)
    const packed = [...all.values()].reduce((n, c) => n + JSON.stringify(packCounters(c)).length, 0)
    expect(packed).toBeLessThan(whole * 0.7)
    for (const c of all.values()) {
      const p = packCounters(c) as Record<string, unknown>
      for (const [k, v] of Object.entries(p)) expect([k, v]).not.toEqual([k, 0])
    }
  })

  it('read whole counters written by an earlier version, and a missing document as zero', () => {
    const c = [...all.values()][0]
    expect(unpackCounters(c)).toEqual(c)
    expect(unpackCounters(undefined)).toEqual(emptyCounters())
    expect(unpackCounters(null)).toEqual(emptyCounters())
  })

  it('keep the open cases already overdue as a count: every index reads the same at the writing time and after it', () => {
    const cutoff = NOW - DAY
    const withOpen = [...all.values()].filter((c) => c.dueOpen.some((d) => d < cutoff) && c.dueOpen.some((d) => d >= cutoff))
    expect(withOpen.length).toBeGreaterThan(0)
    let whole = 0
    let compact = 0
    for (const c of all.values()) {
      const back = unpackCounters(JSON.parse(JSON.stringify(packCounters(c, { overdueBefore: cutoff }))))
      for (const now of [cutoff, NOW, NOW + 3 * DAY, NOW + 60 * DAY]) {
        for (const id of INDEX_IDS) expect([id, indexValue(id, back, now, ALL).value]).toEqual([id, indexValue(id, c, now, ALL).value])
      }
      whole += JSON.stringify(packCounters(c)).length
      compact += JSON.stringify(packCounters(c, { overdueBefore: cutoff })).length
    }
    expect(compact).toBeLessThan(whole)
  })
})
