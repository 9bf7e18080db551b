/**
 * Period totals and leaderboards, computed from ledger entries (pure; the BFF, the export and the
 * preview all use it).
 *
 * Why the per-period bonus cap is applied here and not when entries are written: two events of the
 * same person can be scored at the same moment by two BFF instances, and FerretDB has no atomic
 * read-modify-write to keep a running "bonus so far" honest. So the ledger records each rule's raw
 * outcome (append-only, exactly once by its unique id) and the cap is applied when a total is
 * computed — deterministically, whatever order the entries arrived in — and shown to the person as
 * its own explained line (「本月加分已封顶，超出 3 分不计」). Nothing is lost: if a bonus is later
 * reversed, the cap is recomputed from what remains.
 */
import type { BoardKind, EntryKind, ReasonCode, SubjectKind } from './constants'
import { communityOf, gridLevelOf, round1 } from './keys'
import type { RuleSet } from './rules'

/** The fields of a ledger entry totals need. */
export interface EntryLike {
  subjectKind: SubjectKind
  subjectId: string
  subjectName: string
  territory: string | null
  department: string | null
  delta: number
  kind: EntryKind
  reasonCode: ReasonCode
  eventAt: number
}

/** Someone (or some grid, community, department) assessed even without entries this period. */
export interface RosterMember {
  kind: SubjectKind
  id: string
  name: string
  territory?: string | null
  department?: string | null
}

export interface SubjectTotal {
  kind: SubjectKind
  id: string
  name: string
  territory: string | null
  department: string | null
  startingScore: number
  /** 基础分 */
  base: number
  /** 加分 as earned (before the period cap) */
  bonusEarned: number
  /** 加分 counted (after the period cap; people only) */
  bonus: number
  /** how much bonus the cap cut off */
  bonusExcess: number
  /** 扣分 (0 or negative) */
  deductions: number
  /** the subject's own entries: base + bonus counted + deductions */
  own: number
  /** grids, communities, departments: what their members' points add */
  members: number
  memberCount: number
  total: number
  byReason: Partial<Record<ReasonCode, number>>
  entryCount: number
  /** 「本月加分已封顶（上限 10 分），超出 3 分不计」 when the cap cut something */
  capNote: string | null
}

export interface BoardRow extends SubjectTotal {
  /** 1-based; equal totals share a rank (1, 2, 2, 4) */
  rank: number
}

export type Boards = Record<BoardKind, BoardRow[]>

export interface NameBook {
  territory?(code: string): string | undefined
  department?(code: string): string | undefined
}

function emptyTotal(kind: SubjectKind, id: string, name: string, rules: RuleSet): SubjectTotal {
  return {
    kind,
    id,
    name,
    territory: kind === 'territory' ? id : null,
    department: kind === 'department' ? id : null,
    startingScore: rules.startingScore,
    base: 0,
    bonusEarned: 0,
    bonus: 0,
    bonusExcess: 0,
    deductions: 0,
    own: 0,
    members: 0,
    memberCount: 0,
    total: rules.startingScore,
    byReason: {},
    entryCount: 0,
    capNote: null,
  }
}

function addEntry(t: SubjectTotal, e: EntryLike) {
  t.entryCount++
  t.byReason[e.reasonCode] = round1((t.byReason[e.reasonCode] ?? 0) + e.delta)
  if (e.kind === 'base') t.base = round1(t.base + e.delta)
  else if (e.kind === 'bonus') t.bonusEarned = round1(t.bonusEarned + e.delta)
  else t.deductions = round1(t.deductions + e.delta)
}

/** Applies the period bonus cap (people only) and sums up. */
function finish(t: SubjectTotal, cap: number | null, periodWord: string) {
  t.bonus = t.bonusEarned
  if (cap !== null && t.kind === 'person' && t.bonusEarned > cap) {
    t.bonus = cap
    t.bonusExcess = round1(t.bonusEarned - cap)
    t.capNote = `${periodWord}加分已封顶（上限 ${cap} 分），超出 ${t.bonusExcess} 分不计`
  }
  t.own = round1(t.base + t.bonus + t.deductions)
  t.total = round1(t.startingScore + t.own + t.members)
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key)
  if (found) return found
  const made = make()
  map.set(key, made)
  return made
}

function rank(rows: SubjectTotal[]): BoardRow[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const out: BoardRow[] = []
  sorted.forEach((r, i) => {
    out.push({ ...r, rank: i > 0 && sorted[i - 1].total === r.total ? out[i - 1].rank : i + 1 })
  })
  return out
}

/** The period total of one person from their entries (what 我的积分 shows at the top). */
export function personTotal(entries: readonly EntryLike[], rules: RuleSet, who: { id: string; name: string }): SubjectTotal {
  const t = emptyTotal('person', who.id, who.name, rules)
  for (const e of entries) if (e.subjectKind === 'person' && e.subjectId === who.id) addEntry(t, e)
  const last = [...entries].filter((e) => e.subjectId === who.id).sort((a, b) => b.eventAt - a.eventAt)[0]
  t.territory = last?.territory ?? null
  t.department = last?.department ?? null
  finish(t, rules.caps.periodBonus, periodWord(rules))
  return t
}

const periodWord = (rules: RuleSet) => (rules.period === 'quarter' ? '本季度' : '本月')

/**
 * The four leaderboards of a period. People: their own entries, bonus capped. Grids: the grid's own
 * entries (tasks in it) plus, if the rules say so, its members' points. Communities: the same over
 * all their grids and their own staff. Departments: their own entries plus their members' points.
 */
export function computeBoards(entries: readonly EntryLike[], rules: RuleSet, roster: readonly RosterMember[] = [], names: NameBook = {}): Boards {
  const word = periodWord(rules)
  const people = new Map<string, SubjectTotal>()
  const grids = new Map<string, SubjectTotal>()
  const communities = new Map<string, SubjectTotal>()
  const departments = new Map<string, SubjectTotal>()
  const lastSeen = new Map<string, number>()

  const territoryName = (code: string, fallback?: string) => names.territory?.(code) ?? fallback ?? code
  const departmentName = (code: string, fallback?: string) => names.department?.(code) ?? fallback ?? code
  const gridRow = (code: string, name?: string) => {
    return getOrAdd(grids, code, () => emptyTotal('territory', code, territoryName(code, name), rules))
  }
  const communityRow = (code: string, name?: string) => {
    return getOrAdd(communities, code, () => emptyTotal('territory', code, territoryName(code, name), rules))
  }
  const departmentRow = (code: string, name?: string) => {
    return getOrAdd(departments, code, () => emptyTotal('department', code, departmentName(code, name), rules))
  }

  for (const m of roster) {
    if (m.kind === 'person') {
      const t = emptyTotal('person', m.id, m.name, rules)
      t.territory = m.territory ?? null
      t.department = m.department ?? null
      people.set(m.id, t)
      lastSeen.set(m.id, Number.POSITIVE_INFINITY) // the roster is the current truth about where someone works
    } else if (m.kind === 'territory') {
      if (gridLevelOf(m.id) === m.id) gridRow(m.id, m.name)
      else if (communityOf(m.id) === m.id) communityRow(m.id, m.name)
    } else departmentRow(m.id, m.name)
  }

  for (const e of entries) {
    if (e.subjectKind === 'person') {
      const t = getOrAdd(people, e.subjectId, () => emptyTotal('person', e.subjectId, e.subjectName, rules))
      addEntry(t, e)
      if ((lastSeen.get(e.subjectId) ?? Number.NEGATIVE_INFINITY) <= e.eventAt) {
        lastSeen.set(e.subjectId, e.eventAt)
        t.territory = e.territory
        t.department = e.department
      }
    } else if (e.subjectKind === 'territory') {
      const grid = gridLevelOf(e.subjectId)
      if (grid) addEntry(gridRow(grid, grid === e.subjectId ? e.subjectName : undefined), e)
      const community = communityOf(e.subjectId)
      if (community) addEntry(communityRow(community, community === e.subjectId ? e.subjectName : undefined), e)
    } else addEntry(departmentRow(e.subjectId, e.subjectName), e)
  }

  for (const p of people.values()) {
    finish(p, rules.caps.periodBonus, word)
    const grid = p.territory ? gridLevelOf(p.territory) : null
    const community = p.territory ? communityOf(p.territory) : null
    if (grid) {
      const g = gridRow(grid)
      g.memberCount++
      if (rules.territory.includeMembers) g.members = round1(g.members + p.own)
    }
    if (community) {
      const c = communityRow(community)
      c.memberCount++
      if (rules.territory.includeMembers) c.members = round1(c.members + p.own)
    }
    if (p.department) {
      const d = departmentRow(p.department)
      d.memberCount++
      if (rules.department.includeMembers) d.members = round1(d.members + p.own)
    }
  }
  for (const map of [grids, communities, departments]) for (const t of map.values()) finish(t, null, word)

  return {
    people: rank([...people.values()]),
    grids: rank([...grids.values()]),
    communities: rank([...communities.values()]),
    departments: rank([...departments.values()]),
  }
}

export interface PreviewRow {
  board: BoardKind
  id: string
  name: string
  /** total under the published rules */
  current: number
  /** total under the draft */
  draft: number
  diff: number
}

/** Who gains and who loses under the draft, biggest changes first (unchanged rows left out). */
export function compareBoards(current: Boards, draft: Boards): PreviewRow[] {
  const rows: PreviewRow[] = []
  for (const board of Object.keys(current) as BoardKind[]) {
    const before = new Map(current[board].map((r) => [r.id, r]))
    const after = new Map(draft[board].map((r) => [r.id, r]))
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const a = before.get(id)
      const b = after.get(id)
      const diff = round1((b?.total ?? 0) - (a?.total ?? 0))
      if (diff !== 0) rows.push({ board, id, name: (b ?? a)!.name, current: a?.total ?? 0, draft: b?.total ?? 0, diff })
    }
  }
  return rows.sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || y.diff - x.diff || (x.id < y.id ? -1 : 1))
}
