import { DAY_MS, HOUR_MS } from '../tasks/settings'
import type { AcceptedData, Doer, ScoringContext, TaskEvent } from '../tasks/types'
import { type LedgerEntryDraft, type ScoringDirectory, scoreTaskLog } from './evaluate'
import { taskEventId } from './keys'
import { DEFAULT_RULE_SET, DEFAULT_RULES_EFFECTIVE_FROM, type RuleSet, type RuleSetVersion } from './rules'

// 2026-11-10 10:00 China time
const T0 = Date.UTC(2026, 10, 10, 2)
const TASK = 'task-1'
const admin = { id: 'u-admin', name: '钱晓' }

const people: Record<string, { name: string; territory: string; department?: string }> = {
  'u-wangli': { name: '王丽', territory: 'GT-01-01' },
  'u-chenqiang': { name: '陈强', territory: 'GT-01-02' },
}
const dir: ScoringDirectory = { person: (id) => people[id], departmentName: (c) => ({ PCS: '古塘派出所' })[c], territoryName: (c) => c }

const version = (n: number, rules: RuleSet, effectiveFrom = DEFAULT_RULES_EFFECTIVE_FROM): RuleSetVersion => ({
  version: n,
  effectiveFrom,
  rules,
  publishedAt: effectiveFrom,
  publishedBy: admin,
})
const V1 = version(1, DEFAULT_RULE_SET)
const withRules = (patch: (r: RuleSet) => void): RuleSet => {
  const r = structuredClone(DEFAULT_RULE_SET)
  patch(r)
  return r
}

function scoring(over: Partial<ScoringContext> = {}): ScoringContext {
  return {
    taskNo: 'JQ20261110-0001',
    category: 'neighbour',
    tier: 'general',
    territory: 'GT-01-01-02',
    department: 'PCS',
    rewardPoints: 0,
    dueAt: T0 + 7 * DAY_MS,
    createdAt: T0,
    ...over,
  }
}
const doer = (userId: string): Doer => ({ userId, name: people[userId]?.name ?? userId, seat: 0, claimedAt: T0, via: 'claim' })

let seq = 0
function event<E extends TaskEvent>(type: E['type'], at: number, data: E['data']): TaskEvent {
  seq++
  return { taskId: TASK, seq, at, actor: admin, type, data } as TaskEvent
}
beforeEach(() => {
  seq = 0
})

function accepted(opts: { rating?: number; submittedAt?: number; doers?: string[]; scoring?: Partial<ScoringContext>; at?: number } = {}): TaskEvent {
  const s = scoring(opts.scoring)
  const submittedAt = opts.submittedAt ?? s.dueAt - HOUR_MS
  const data: AcceptedData = {
    rating: opts.rating ?? 4,
    closureCode: 'resolved',
    doers: (opts.doers ?? ['u-wangli']).map(doer),
    submittedAt,
    late: submittedAt > s.dueAt,
    returnCount: 0,
    scoring: s,
  }
  return event('accepted', opts.at ?? submittedAt + HOUR_MS, data)
}

const forPerson = (entries: LedgerEntryDraft[], id = 'u-wangli') => entries.filter((e) => e.subjectKind === 'person' && e.subjectId === id)
const byReason = (entries: LedgerEntryDraft[]) => Object.fromEntries(entries.map((e) => [e.reasonCode, e.delta]))

describe('base points by category × complexity tier', () => {
  it.each([
    ['simple', 'neighbour', 2, 'base.byTier.simple'],
    ['general', 'neighbour', 5, 'base.byTier.general'],
    ['complex', 'neighbour', 10, 'base.byTier.complex'],
    ['simple', 'family', 3, 'base.byCategory.family.simple'],
    ['complex', 'family', 12, 'base.byCategory.family.complex'],
  ] as const)('a %s %s task pays %d to its doer', (tier, category, points, ruleKey) => {
    const [base] = forPerson(scoreTaskLog([accepted({ scoring: { tier, category } })], [V1], dir))
    expect(base).toMatchObject({ reasonCode: 'task_base', kind: 'base', delta: points, ruleKey, ruleVersion: 1 })
  })

  it('a task published with 悬赏积分 pays the reward instead, unless the rules say otherwise', () => {
    const reward = forPerson(scoreTaskLog([accepted({ scoring: { rewardPoints: 8 } })], [V1], dir))
    expect(reward[0]).toMatchObject({ reasonCode: 'task_reward', delta: 8, ruleKey: 'base.useTaskReward' })
    expect(reward[0].reason).toBe('办结 邻里纠纷（JQ20261110-0001），悬赏积分 +8')
    const off = version(
      1,
      withRules((r) => {
        r.base.useTaskReward = false
      }),
    )
    expect(forPerson(scoreTaskLog([accepted({ scoring: { rewardPoints: 8 } })], [off], dir))[0]).toMatchObject({ reasonCode: 'task_base', delta: 5 })
  })

  it('with the task’s creation in the log, the reason names it by its title', () => {
    const created = event('created', T0, {
      taskNo: 'JQ20261110-0001',
      title: '邻里噪音纠纷',
      description: '楼上装修噪音',
      category: 'noise',
      tier: 'general',
      riskColour: 'green',
      origin: 'centre',
      territory: { code: 'GT-01-01', name: '新城社区第1网格' },
      parties: [],
      dueAt: T0 + 7 * DAY_MS,
    })
    const entries = forPerson(scoreTaskLog([created, accepted()], [V1], dir))
    expect(entries.map((e) => e.reason)).toEqual(['办结 邻里噪音纠纷（JQ20261110-0001），一般工单基础分 +5', '按时办结 邻里噪音纠纷（JQ20261110-0001） +1'])
  })

  it('the reason names the task in words a grid worker understands', () => {
    const entries = forPerson(scoreTaskLog([accepted()], [V1], dir))
    expect(entries.map((e) => e.reason)).toEqual(['办结 邻里纠纷（JQ20261110-0001），一般工单基础分 +5', '按时办结 邻里纠纷（JQ20261110-0001） +1'])
  })

  it.each([
    ['each', [5, 5]],
    ['split', [2.5, 2.5]],
  ] as const)('攻坚小组 with team scoring "%s" pays %j', (team, expected) => {
    const v = version(
      1,
      withRules((r) => {
        r.base.team = team
      }),
    )
    const entries = scoreTaskLog([accepted({ doers: ['u-wangli', 'u-chenqiang'] })], [v], dir)
    const bases = entries.filter((e) => e.reasonCode === 'task_base')
    expect(bases.map((e) => [e.subjectId, e.delta])).toEqual([
      ['u-wangli', expected[0]],
      ['u-chenqiang', expected[1]],
    ])
    if (team === 'split') expect(bases[0].reason).toContain('攻坚小组 2 人平分')
  })
})

describe('timeliness: bonus when done before due, deduction per day overdue, both bounded', () => {
  const due = scoring().dueAt
  it.each([
    ['submitted exactly at the due time', due, { on_time: 1 }],
    ['submitted 23 hours early (no whole day)', due - 23 * HOUR_MS, { on_time: 1 }],
    ['submitted 2.5 days early', due - 2.5 * DAY_MS, { on_time: 1, early: 2 }],
    ['submitted 6 days early (early bonus counts at most 3 days)', due - 6 * DAY_MS, { on_time: 1, early: 3 }],
    ['submitted 1 hour late (a started day counts)', due + HOUR_MS, { overdue: -1 }],
    ['submitted 2 days and 1 hour late', due + 2 * DAY_MS + HOUR_MS, { overdue: -3 }],
    ['submitted 9 days late (deduction counts at most 5 days)', due + 9 * DAY_MS, { overdue: -5 }],
  ])('%s', (_name, submittedAt, expected) => {
    const entries = forPerson(scoreTaskLog([accepted({ submittedAt })], [V1], dir))
    const { task_base, ...rest } = byReason(entries)
    expect(task_base).toBe(5)
    expect(rest).toEqual(expected)
  })

  it('explains an overdue deduction with the days and the rate', () => {
    const [, overdue] = forPerson(scoreTaskLog([accepted({ submittedAt: due + 2 * DAY_MS + HOUR_MS })], [V1], dir))
    expect(overdue).toMatchObject({ kind: 'deduction', ruleKey: 'timeliness.overduePerDay' })
    expect(overdue.reason).toBe('超期 3 天办结 邻里纠纷（JQ20261110-0001），每天扣 1 分 −3')
  })

  it('judges the submission time, not the review time', () => {
    const entries = forPerson(scoreTaskLog([accepted({ submittedAt: due - HOUR_MS, at: due + 3 * DAY_MS })], [V1], dir))
    expect(byReason(entries)).toEqual({ task_base: 5, on_time: 1 })
  })
})

describe('quality: the rating multiplies the base points', () => {
  it.each([
    [1, { task_base: 5, quality: -5 }, 'base'],
    [2, { task_base: 5, quality: -2.5 }, 'base'],
    [3, { task_base: 5, quality: -1 }, 'base'],
    [4, { task_base: 5 }, null],
    [5, { task_base: 5, quality: 1 }, 'bonus'],
  ] as const)('%d stars', (rating, expected, kind) => {
    const entries = forPerson(scoreTaskLog([accepted({ rating })], [V1], dir)).filter((e) => e.reasonCode !== 'on_time')
    expect(byReason(entries)).toEqual(expected)
    const q = entries.find((e) => e.reasonCode === 'quality')
    if (kind) expect(q).toMatchObject({ kind, ruleKey: `quality.multipliers.${rating - 1}` })
    else expect(q).toBeUndefined()
  })

  it('says what the rating did', () => {
    const q = forPerson(scoreTaskLog([accepted({ rating: 2 })], [V1], dir)).find((e) => e.reasonCode === 'quality')
    expect(q?.reason).toBe('邻里纠纷（JQ20261110-0001） 验收评分 2 星，基础分 ×0.5 −2.5')
  })
})

describe('penalties', () => {
  const seatLost = (type: 'released' | 'claim_expired') =>
    event(type, T0 + DAY_MS, {
      userId: 'u-wangli',
      name: '王丽',
      seat: 0,
      claimedAt: T0,
      expiresAt: T0 + DAY_MS,
      via: 'claim',
      republished: true,
      scoring: scoring(),
    })

  it('release after claim (放弃) costs the worker', () => {
    const [e] = scoreTaskLog([seatLost('released')], [V1], dir)
    expect(e).toMatchObject({ subjectId: 'u-wangli', delta: -2, kind: 'deduction', reasonCode: 'released', ruleKey: 'penalties.released' })
    expect(e.reason).toBe('认领后放弃 邻里纠纷（JQ20261110-0001） −2')
  })

  it('a claim that lapsed (认领超时) costs the worker', () => {
    const [e] = scoreTaskLog([seatLost('claim_expired')], [V1], dir)
    expect(e).toMatchObject({ subjectId: 'u-wangli', delta: -3, reasonCode: 'claim_expired', territory: 'GT-01-01' })
  })

  it('each return (驳回) costs every doer', () => {
    const returned = event('returned', T0 + 2 * DAY_MS, {
      reason: '照片不清晰，请补充现场照片',
      returnCount: 2,
      doers: [doer('u-wangli'), doer('u-chenqiang')],
      submittedAt: T0 + DAY_MS,
      scoring: scoring(),
    })
    const entries = scoreTaskLog([returned], [V1], dir)
    expect(entries.map((e) => [e.subjectId, e.delta])).toEqual([
      ['u-wangli', -1],
      ['u-chenqiang', -1],
    ])
    expect(entries[0].reason).toBe('邻里纠纷（JQ20261110-0001） 第 2 次验收被驳回（照片不清晰，请补充现场照片）−1')
  })

  describe('a bounce (退回) is unjustified when the centre routes the task back to the same department', () => {
    const routed = (code: string, at: number) => event('routed', at, { department: { code, name: code }, signBy: at + DAY_MS })
    const bounced = (at: number) =>
      event('bounced', at, {
        department: { code: 'PCS', name: '古塘派出所' },
        reason: '不属于治安案件',
        bounceCount: 1,
        escalate: false,
        scoring: scoring(),
      })

    it('routed back to the bouncing department: the department loses points', () => {
      const log = [routed('PCS', T0), bounced(T0 + HOUR_MS), routed('PCS', T0 + 2 * HOUR_MS)]
      const [e, ...rest] = scoreTaskLog(log, [V1], dir)
      expect(rest).toEqual([])
      expect(e).toMatchObject({
        subjectKind: 'department',
        subjectId: 'PCS',
        subjectName: '古塘派出所',
        delta: -2,
        reasonCode: 'bounce_unjustified',
        eventId: taskEventId(TASK, 3),
        department: 'PCS',
      })
    })

    it('routed to another department: the bounce was right, nothing is scored', () => {
      expect(scoreTaskLog([routed('PCS', T0), bounced(T0 + HOUR_MS), routed('SFS', T0 + 2 * HOUR_MS)], [V1], dir)).toEqual([])
    })

    it('a first routing, or a routing after an earlier re-route, scores nothing', () => {
      const log = [routed('PCS', T0), bounced(T0 + HOUR_MS), routed('SFS', T0 + 2 * HOUR_MS), routed('PCS', T0 + 3 * HOUR_MS)]
      expect(scoreTaskLog(log, [V1], dir)).toEqual([])
    })
  })
})

describe('caps', () => {
  it('bonus points from one task stop at the per-task cap, with a line saying so', () => {
    const v = version(
      1,
      withRules((r) => {
        r.caps.perTaskBonus = 2
      }),
    )
    const entries = forPerson(scoreTaskLog([accepted({ rating: 5, submittedAt: scoring().dueAt - 4 * DAY_MS })], [v], dir))
    expect(byReason(entries)).toEqual({ task_base: 5, quality: 1, on_time: 1, early: 3, task_bonus_cap: -3 })
    const cap = entries.find((e) => e.reasonCode === 'task_bonus_cap')
    expect(cap).toMatchObject({ kind: 'bonus', ruleKey: 'caps.perTaskBonus' })
    expect(cap?.reason).toBe('邻里纠纷（JQ20261110-0001） 单件工单加分上限 2 分，超出 3 分不计')
  })

  it('no per-task cap when it is switched off', () => {
    const v = version(
      1,
      withRules((r) => {
        r.caps.perTaskBonus = null
      }),
    )
    const entries = forPerson(scoreTaskLog([accepted({ rating: 5, submittedAt: scoring().dueAt - 4 * DAY_MS })], [v], dir))
    expect(entries.some((e) => e.reasonCode === 'task_bonus_cap')).toBe(false)
  })

  it('deductions are never capped away', () => {
    const v = version(
      1,
      withRules((r) => {
        r.caps.perTaskBonus = 0
      }),
    )
    const entries = forPerson(scoreTaskLog([accepted({ submittedAt: scoring().dueAt + 2 * DAY_MS })], [v], dir))
    expect(byReason(entries)).toEqual({ task_base: 5, overdue: -2 })
  })
})

describe('territory and department scores', () => {
  it('an on-time task adds to its grid (from a micro-grid) and its department', () => {
    const entries = scoreTaskLog([accepted()], [V1], dir)
    expect(entries.filter((e) => e.subjectKind !== 'person').map((e) => [e.subjectKind, e.subjectId, e.delta, e.reasonCode])).toEqual([
      ['territory', 'GT-01-01', 1, 'territory_on_time'],
      ['department', 'PCS', 1, 'department_on_time'],
    ])
  })

  it('a late task takes from both', () => {
    const entries = scoreTaskLog([accepted({ submittedAt: scoring().dueAt + DAY_MS })], [V1], dir)
    expect(entries.filter((e) => e.subjectKind !== 'person').map((e) => [e.subjectId, e.delta])).toEqual([
      ['GT-01-01', -1],
      ['PCS', -1],
    ])
  })

  it('a task without a department scores no department; a community-level task scores the community', () => {
    const entries = scoreTaskLog([accepted({ scoring: { department: undefined, territory: 'GT-01' } })], [V1], dir)
    expect(entries.filter((e) => e.subjectKind !== 'person').map((e) => [e.subjectKind, e.subjectId])).toEqual([['territory', 'GT-01']])
  })

  it('person entries carry the person’s own territory and department', () => {
    people['u-xuming'] = { name: '徐明', territory: 'GT', department: 'PCS' }
    const [e] = forPerson(scoreTaskLog([accepted({ doers: ['u-xuming'] })], [V1], dir), 'u-xuming')
    expect(e).toMatchObject({ territory: 'GT', department: 'PCS', subjectName: '徐明' })
  })

  it('someone no longer in the directory is scored under the task’s territory', () => {
    const [e] = forPerson(scoreTaskLog([accepted({ doers: ['u-gone'] })], [V1], dir), 'u-gone')
    expect(e).toMatchObject({ territory: 'GT-01-01-02', department: null, subjectName: 'u-gone' })
  })
})

describe('effective dates: an event is scored by the version in force when it happened', () => {
  const dec1 = Date.UTC(2026, 10, 30, 16) // 2026-12-01 00:00 China time
  const richer = withRules((r) => {
    r.base.byTier.general = 8
  })
  const V2 = version(2, richer, dec1)

  it.each([
    ['the day before', dec1 - 1, 1, 5],
    ['the first instant', dec1, 2, 8],
    ['a week after', dec1 + 7 * DAY_MS, 2, 8],
  ])('an acceptance %s version 2 takes effect', (_n, at, ruleVersion, points) => {
    const entries = forPerson(scoreTaskLog([accepted({ at, submittedAt: at - HOUR_MS, scoring: { dueAt: at + DAY_MS } })], [V1, V2], dir))
    expect(entries[0]).toMatchObject({ ruleVersion, delta: points })
  })

  it('a later publication supersedes one dated further ahead', () => {
    const V3 = version(
      3,
      withRules((r) => {
        r.base.byTier.general = 6
      }),
      dec1 - 10 * DAY_MS,
    )
    const at = dec1 + DAY_MS
    const [e] = forPerson(scoreTaskLog([accepted({ at, submittedAt: at - HOUR_MS, scoring: { dueAt: at + DAY_MS } })], [V1, V2, V3], dir))
    expect(e).toMatchObject({ ruleVersion: 3, delta: 6 })
  })

  it('events before any version are not scored', () => {
    const V = version(1, DEFAULT_RULE_SET, dec1)
    expect(scoreTaskLog([accepted()], [V], dir)).toEqual([])
  })

  it('the month is the China-time month of the event', () => {
    const lateNov30 = dec1 - 30 * 60_000
    const early = forPerson(scoreTaskLog([accepted({ at: lateNov30, submittedAt: lateNov30, scoring: { dueAt: dec1 } })], [V1], dir))
    expect(early[0].month).toBe('2026-11')
    const after = forPerson(scoreTaskLog([accepted({ at: dec1 + 60_000, submittedAt: dec1, scoring: { dueAt: dec1 } })], [V1], dir))
    expect(after[0].month).toBe('2026-12')
  })
})

describe('reopening reverses the acceptance (冲正), line by line', () => {
  it('each line of the acceptance gets an opposite entry referencing it, under the version it was scored by', () => {
    const first = accepted({ rating: 5 })
    const reopened = event('reopened', first.at + DAY_MS, { reason: '当事人反映问题未解决', dueAt: first.at + 8 * DAY_MS })
    const V2 = version(
      2,
      withRules((r) => {
        r.base.byTier.general = 50
      }),
      first.at + HOUR_MS,
    )
    const entries = scoreTaskLog([first, reopened], [V1, V2], dir)
    const original = entries.filter((e) => e.eventId === taskEventId(TASK, first.seq))
    const reversal = entries.filter((e) => e.eventId === taskEventId(TASK, reopened.seq))
    expect(reversal).toHaveLength(original.length)
    for (const o of original) {
      const r = reversal.find((x) => x.corrects === o.id)
      expect(r).toMatchObject({ delta: -o.delta, kind: o.kind, reasonCode: 'reopen_reversal', subjectId: o.subjectId, ruleVersion: 2 })
      expect(r?.reason).toBe(`工单重新打开，冲正「${o.reason}」`)
    }
    expect(new Set(reversal.map((r) => r.id)).size).toBe(reversal.length)
    const net = entries.reduce((s, e) => s + e.delta, 0)
    expect(net).toBe(0)
  })

  it('a second acceptance after reopening is scored anew', () => {
    const first = accepted()
    const reopened = event('reopened', first.at + DAY_MS, { reason: '未解决', dueAt: first.at + 8 * DAY_MS })
    const second = accepted({ at: first.at + 2 * DAY_MS })
    const entries = scoreTaskLog([first, reopened, second], [V1], dir)
    expect(forPerson(entries).reduce((s, e) => s + e.delta, 0)).toBe(6)
  })
})

describe('exactly-once keys', () => {
  it('the same log scored twice gives the same entries with the same ids', () => {
    const log = [accepted({ doers: ['u-wangli', 'u-chenqiang'], rating: 5 })]
    const a = scoreTaskLog(log, [V1], dir)
    const b = scoreTaskLog(log, [V1], dir)
    expect(b).toEqual(a)
    expect(new Set(a.map((e) => e.id)).size).toBe(a.length)
    expect(a[0].id).toBe(`${taskEventId(TASK, 1)}:person:u-wangli:task_base`)
  })

  it('`only` scores just the chosen events while reading the rest as history', () => {
    const routed = event('routed', T0, { department: { code: 'PCS', name: 'PCS' }, signBy: T0 + DAY_MS })
    const bounced = event('bounced', T0 + HOUR_MS, {
      department: { code: 'PCS', name: 'PCS' },
      reason: 'x',
      bounceCount: 1,
      escalate: false,
      scoring: scoring(),
    })
    const again = event('routed', T0 + 2 * HOUR_MS, { department: { code: 'PCS', name: 'PCS' }, signBy: T0 + DAY_MS })
    expect(scoreTaskLog([routed, bounced, again], [V1], dir, { only: (e) => e.seq === 3 })).toHaveLength(1)
    expect(scoreTaskLog([routed, bounced, again], [V1], dir, { only: (e) => e.seq !== 3 })).toHaveLength(0)
  })
})
