import type { EntryKind, ReasonCode, SubjectKind } from './constants'
import { DEFAULT_RULE_SET, type RuleSet } from './rules'
import { compareBoards, computeBoards, type EntryLike, personTotal } from './totals'

const rules = (patch: (r: RuleSet) => void = () => {}): RuleSet => {
  const r = structuredClone(DEFAULT_RULE_SET)
  patch(r)
  return r
}

let clock = 0
function entry(subjectKind: SubjectKind, subjectId: string, delta: number, kind: EntryKind, reasonCode: ReasonCode, where: Partial<EntryLike> = {}): EntryLike {
  const territory = subjectKind === 'territory' ? subjectId : subjectKind === 'person' ? 'GT-01-01' : null
  return {
    subjectKind,
    subjectId,
    subjectName: subjectId,
    territory,
    department: subjectKind === 'department' ? subjectId : null,
    delta,
    kind,
    reasonCode,
    eventAt: ++clock,
    ...where,
  }
}
const person = (id: string, delta: number, kind: EntryKind, reason: ReasonCode, territory = 'GT-01-01', department: string | null = null) =>
  entry('person', id, delta, kind, reason, { territory, department })

describe('a person’s period total', () => {
  it('starts at the starting score and adds base, bonus and deductions', () => {
    const t = personTotal(
      [person('a', 5, 'base', 'task_base'), person('a', 1, 'bonus', 'on_time'), person('a', -2, 'deduction', 'released'), person('b', 9, 'base', 'task_base')],
      rules(),
      { id: 'a', name: '王丽' },
    )
    expect(t).toMatchObject({ startingScore: 100, base: 5, bonus: 1, deductions: -2, own: 4, total: 104, capNote: null, entryCount: 3 })
    expect(t.byReason).toEqual({ task_base: 5, on_time: 1, released: -2 })
  })

  it('counts bonus only up to the period cap (贺村镇: +10) and says how much was cut', () => {
    const entries = [
      person('a', 20, 'base', 'task_base'),
      ...Array.from({ length: 13 }, () => person('a', 1, 'bonus', 'on_time')),
      person('a', -1, 'deduction', 'returned'),
    ]
    const t = personTotal(entries, rules(), { id: 'a', name: '王丽' })
    expect(t).toMatchObject({ bonusEarned: 13, bonus: 10, bonusExcess: 3, total: 129 })
    expect(t.capNote).toBe('本月加分已封顶（上限 10 分），超出 3 分不计')
  })

  it('a reversed bonus is taken off what was earned before the cap (冲正 keeps the kind)', () => {
    const entries = [...Array.from({ length: 13 }, () => person('a', 1, 'bonus', 'on_time')), person('a', -2, 'bonus', 'reopen_reversal')]
    expect(personTotal(entries, rules(), { id: 'a', name: 'a' })).toMatchObject({ bonusEarned: 11, bonus: 10, total: 110 })
  })

  it('a granted appeal gives back a deduction without touching the cap', () => {
    const entries = [person('a', -2, 'deduction', 'overdue'), person('a', 2, 'deduction', 'appeal_granted')]
    expect(personTotal(entries, rules(), { id: 'a', name: 'a' })).toMatchObject({ deductions: 0, total: 100 })
  })

  it('no cap, no cut; quarter periods say 本季度', () => {
    const many = Array.from({ length: 13 }, () => person('a', 1, 'bonus', 'on_time'))
    expect(
      personTotal(
        many,
        rules((r) => (r.caps.periodBonus = null)),
        { id: 'a', name: 'a' },
      ),
    ).toMatchObject({ bonus: 13, capNote: null })
    expect(
      personTotal(
        many,
        rules((r) => (r.period = 'quarter')),
        { id: 'a', name: 'a' },
      ).capNote,
    ).toMatch(/^本季度/)
  })
})

describe('leaderboards', () => {
  const entries = [
    person('wangli', 10, 'base', 'task_base', 'GT-01-01'),
    person('wangli', 12, 'bonus', 'early', 'GT-01-01'),
    person('chenqiang', 5, 'base', 'task_base', 'GT-01-02'),
    person('linfang', 3, 'base', 'task_base', 'GT-01'),
    person('zhoumin', -3, 'deduction', 'claim_expired', 'GT-02-03'),
    person('xuming', 4, 'base', 'task_base', 'GT', 'PCS'),
    entry('territory', 'GT-01-01', 1, 'bonus', 'territory_on_time'),
    entry('territory', 'GT-01', 2, 'bonus', 'territory_on_time'),
    entry('territory', 'GT-02-03', -1, 'deduction', 'territory_overdue'),
    entry('department', 'PCS', -2, 'deduction', 'bounce_unjustified'),
    entry('department', 'SFS', 1, 'bonus', 'department_on_time'),
  ]
  const boards = computeBoards(entries, rules(), [{ kind: 'person', id: 'idle', name: '闲', territory: 'GT-05-Z1' }])

  it('people: capped totals, ranked; someone on the roster without entries sits at the starting score', () => {
    expect(boards.people.map((r) => [r.rank, r.id, r.total])).toEqual([
      [1, 'wangli', 120],
      [2, 'chenqiang', 105],
      [3, 'xuming', 104],
      [4, 'linfang', 103],
      [5, 'idle', 100],
      [6, 'zhoumin', 97],
    ])
    expect(boards.people[0].capNote).toContain('超出 2 分不计')
  })

  it('grids: their own tasks plus their members’ points', () => {
    const g = Object.fromEntries(boards.grids.map((r) => [r.id, [r.own, r.members, r.memberCount, r.total]]))
    expect(g).toEqual({
      'GT-01-01': [1, 20, 1, 121],
      'GT-01-02': [0, 5, 1, 105],
      'GT-02-03': [-1, -3, 1, 96],
      'GT-05-Z1': [0, 0, 1, 100],
    })
  })

  it('communities: all their grids’ tasks, their own, and every member including their staff', () => {
    const c = Object.fromEntries(boards.communities.map((r) => [r.id, [r.own, r.members, r.total]]))
    expect(c['GT-01']).toEqual([3, 28, 131])
    expect(c['GT-02']).toEqual([-1, -3, 96])
  })

  it('departments: their own entries plus their members’ points', () => {
    const d = Object.fromEntries(boards.departments.map((r) => [r.id, [r.own, r.members, r.total]]))
    expect(d).toEqual({ PCS: [-2, 4, 102], SFS: [1, 0, 101] })
  })

  it('members can be left out of territory and department scores', () => {
    const own = computeBoards(
      entries,
      rules((r) => {
        r.territory.includeMembers = false
        r.department.includeMembers = false
      }),
    )
    expect(own.grids.find((r) => r.id === 'GT-01-01')?.total).toBe(101)
    expect(own.departments.find((r) => r.id === 'PCS')?.total).toBe(98)
  })

  it('equal totals share a rank', () => {
    const tied = computeBoards([person('a', 1, 'base', 'task_base'), person('b', 1, 'base', 'task_base'), person('c', 0.5, 'base', 'task_base')], rules())
    expect(tied.people.map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ])
  })

  it('a person who moved during the period counts where they were last scored; the roster overrides', () => {
    const moved = [person('a', 1, 'base', 'task_base', 'GT-01-01'), person('a', 1, 'base', 'task_base', 'GT-02-03')]
    expect(computeBoards(moved, rules()).grids.map((r) => r.id)).toEqual(['GT-02-03'])
    expect(computeBoards(moved, rules(), [{ kind: 'person', id: 'a', name: 'a', territory: 'GT-09-01' }]).grids.map((r) => r.id)).toEqual(['GT-09-01'])
  })

  it('names come from the name book when given', () => {
    const named = computeBoards(entries, rules(), [], {
      territory: (c) => (c === 'GT-01' ? '新城社区' : undefined),
      department: (c) => (c === 'PCS' ? '古塘派出所' : undefined),
    })
    expect(named.communities.find((r) => r.id === 'GT-01')?.name).toBe('新城社区')
    expect(named.departments.find((r) => r.id === 'PCS')?.name).toBe('古塘派出所')
  })
})

describe('preview comparison', () => {
  it('lists who gains and who loses, biggest change first, unchanged rows left out', () => {
    const now = computeBoards([person('a', 5, 'base', 'task_base'), person('b', 5, 'base', 'task_base'), person('c', 1, 'base', 'task_base')], rules())
    const draft = computeBoards([person('a', 8, 'base', 'task_base'), person('b', 4, 'base', 'task_base'), person('c', 1, 'base', 'task_base')], rules())
    const rows = compareBoards(now, draft).filter((r) => r.board === 'people')
    expect(rows.map((r) => [r.id, r.current, r.draft, r.diff])).toEqual([
      ['a', 105, 108, 3],
      ['b', 105, 104, -1],
    ])
  })
})
