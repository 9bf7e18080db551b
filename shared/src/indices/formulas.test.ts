import { aggregate, emptyCounters, type IndexCounters } from './aggregate'
import { formatIndex } from './display'
import { drillRows, marksIn } from './drill'
import { bucketOf, bucketUpper } from './durations'
import { type CaseFact, taskFacts } from './facts'
import { type IndexId, indexValue, type SourceAvailability } from './formulas'
import type { DimKey } from './marks'
import { DAY_MS, HOUR_MS, Story } from './story'

/** China wall-clock → epoch ms. */
const cst = (y: number, m: number, d: number, h = 9) => Date.UTC(y, m - 1, d, h - 8)
const TASKS_ONLY: SourceAvailability = { tasks: true, leads: false, mediations: false, followUps: false }
const ALL: SourceAvailability = { tasks: true, leads: true, mediations: true, followUps: true }

const lead = { id: 'u-hejun', name: '何军' }
const otherLead = { id: 'u-majie', name: '马洁' }
const wangli = { id: 'u-wangli', name: '王丽' }
const chen = { id: 'u-chenqiang', name: '陈强' }

const facts = (...stories: Story[]): CaseFact[] => stories.map((s) => taskFacts(s.events) as CaseFact)
const countersOf = (fs: CaseFact[], period: string, key: DimKey = 'street:GT'): IndexCounters =>
  aggregate(fs, { street: 'GT' }).get(`${period}:${key}`) ?? emptyCounters()
const value = (fs: CaseFact[], id: IndexId, period: string, now: number, key: DimKey = 'street:GT', sources = TASKS_ONLY) =>
  indexValue(id, countersOf(fs, period, key), now, sources)

/** A task handled the ordinary way: routed, signed, published, claimed, worked, submitted at `submitAt`, accepted at `acceptAt`. */
function handled(
  id: string,
  created: number,
  submitAt: number,
  acceptAt: number,
  extra: { territory?: string; red?: boolean; tier?: 'simple' | 'general' } = {},
) {
  return new Story({ id, at: created, territory: extra.territory ?? 'GT-01-01-02', tier: extra.tier, red: extra.red })
    .route(created + HOUR_MS, 'PCS')
    .sign(created + 2 * HOUR_MS, lead)
    .publish(created + 3 * HOUR_MS, lead)
    .claim(created + 4 * HOUR_MS, wangli)
    .progress(created + 5 * HOUR_MS, wangli)
    .submit(submitAt, wangli)
    .accept(acceptAt, lead)
}

describe('an empty period', () => {
  const now = cst(2026, 11, 30)
  it.each([
    ['received', '0 件'],
    ['closed', '0 件'],
    ['closeRate', '—'],
    ['onTimeRate', '—'],
    ['overdue', '0 件'],
    ['avgCloseTime', '—'],
    ['p90CloseTime', '—'],
    ['bounceRate', '—'],
    ['redIn24hRate', '—'],
  ] as Array<[IndexId, string]>)('%s reads %s, never 0 %% or 100 %% for a rate', (id, shown) => {
    expect(formatIndex(id, value([], id, '2026-11', now))).toBe(shown)
  })

  it.each(['satisfaction', 'followUpRate', 'repeatRate', 'mediationRate', 'leads'] as IndexId[])('%s reads 暂无数据 while its records do not exist', (id) => {
    expect(formatIndex(id, value([], id, '2026-11', now))).toBe('暂无数据')
  })

  it('with the sources there, an empty period is — for rates, never 0 % or 100 %', () => {
    expect(formatIndex('repeatRate', value([], 'repeatRate', '2026-11', now, 'street:GT', ALL))).toBe('—')
    expect(formatIndex('satisfaction', value([], 'satisfaction', '2026-11', now, 'street:GT', ALL))).toBe('—')
    expect(formatIndex('leads', value([], 'leads', '2026-11', now, 'street:GT', ALL))).toBe('0 条')
  })
})

describe('closing on time, closing late, still open past the due date', () => {
  const t0 = cst(2026, 11, 2) // general tier: due 9 November
  const onTime = handled('JQ-A', t0, cst(2026, 11, 6), cst(2026, 11, 7))
  const late = handled('JQ-B', t0, cst(2026, 11, 12), cst(2026, 11, 13)) // submitted after the due date
  const open = new Story({ id: 'JQ-C', at: t0, territory: 'GT-02-01' }).route(t0 + HOUR_MS, 'PCS').sign(t0 + 2 * HOUR_MS, lead)
  // submitted on time, review after the due date: not overdue, not yet counted
  const waiting = new Story({ id: 'JQ-D', at: t0, territory: 'GT-02-01' })
    .publish(t0 + HOUR_MS)
    .claim(t0 + 2 * HOUR_MS, chen)
    .submit(cst(2026, 11, 8), chen)
  const all = facts(onTime, late, open, waiting)
  const afterDue = cst(2026, 11, 20)
  /** the facts as the logs stood at `t` */
  const asOf = (t: number) => [onTime, late, open, waiting].map((s) => taskFacts(s.events.filter((e) => e.at <= t)) as CaseFact)

  const when = { beforeDue: cst(2026, 11, 8), afterDue: cst(2026, 11, 20) }
  it.each([
    { id: 'received', at: 'afterDue', expected: 4 },
    { id: 'closed', at: 'afterDue', expected: 2 },
    { id: 'closeRate', at: 'afterDue', expected: 2 / 4, num: 2, den: 4 },
    // before the due date only the case closed on time is judged
    { id: 'onTimeRate', at: 'beforeDue', expected: 1, num: 1, den: 1 },
    // after it: on time ÷ (on time + closed late + open past due); the one awaiting review is not judged yet
    { id: 'onTimeRate', at: 'afterDue', expected: 1 / 3, num: 1, den: 3 },
    { id: 'overdue', at: 'beforeDue', expected: 0 },
    { id: 'overdue', at: 'afterDue', expected: 2 },
    { id: 'overdueOpen', at: 'afterDue', expected: 1 },
  ] as Array<{ id: IndexId; at: keyof typeof when; expected: number; num?: number; den?: number }>)(
    '$id $at is $expected',
    ({ id, at, expected, num, den }) => {
      const v = value(asOf(when[at]), id, '2026-11', when[at])
      expect(v.value).toBeCloseTo(expected, 10)
      if (num !== undefined) expect(v).toMatchObject({ num, den })
    },
  )

  it('counts handling times received → closed and claim → submit, averaged, with a P90 to the bucket', () => {
    const c = countersOf(all, '2026-11')
    expect(c.closeTime.n).toBe(2)
    expect(c.closeTime.sum).toBe(cst(2026, 11, 7) - t0 + (cst(2026, 11, 13) - t0))
    expect(value(all, 'avgClaimTime', '2026-11', afterDue).value).toBe((cst(2026, 11, 6) - (t0 + 4 * HOUR_MS) + (cst(2026, 11, 12) - (t0 + 4 * HOUR_MS))) / 2)
    // of two durations the nearest-rank P90 is the longer one, read to its bucket's bound (capped by the maximum)
    const longest = cst(2026, 11, 13) - t0
    expect(value(all, 'p90CloseTime', '2026-11', afterDue).value).toBe(Math.min(bucketUpper(bucketOf(longest)), longest))
  })

  it('puts each case in its place: grid, community, department, the people who did it', () => {
    expect(value(all, 'received', '2026-11', afterDue, 'community:GT-01').value).toBe(2)
    expect(value(all, 'received', '2026-11', afterDue, 'grid:GT-01-01').value).toBe(2)
    expect(value(all, 'received', '2026-11', afterDue, 'community:GT-02').value).toBe(2)
    expect(value(all, 'received', '2026-11', afterDue, 'department:PCS').value).toBe(3)
    expect(value(all, 'closed', '2026-11', afterDue, 'person:u-wangli').value).toBe(2)
    expect(value(all, 'onTimeRate', '2026-11', afterDue, 'person:u-wangli')).toMatchObject({ value: 0.5, num: 1, den: 2 })
    // 陈强 submitted on time and waits for review: nothing to judge yet
    expect(value(all, 'onTimeRate', '2026-11', afterDue, 'person:u-chenqiang').value).toBeNull()
  })

  it('counts each case in the day, week, month, quarter and year of its anchor', () => {
    const agg = aggregate(all, { street: 'GT' })
    expect(agg.get('2026-11-02:street:GT')?.received).toBe(4)
    expect(agg.get('2026-W45:street:GT')?.received).toBe(4)
    expect(agg.get('2026-Q4:street:GT')?.closed).toBe(2)
    expect(agg.get('2026:street:GT')?.closed).toBe(2)
    expect(agg.get('2026-11-13:street:GT')?.closed).toBe(1)
    expect(agg.get('2026-11-13:street:GT')?.closedLate).toBe(1)
  })
})

describe('a reopened case', () => {
  const t0 = cst(2026, 10, 20)
  const first = handled('JQ-R', t0, cst(2026, 10, 22), cst(2026, 10, 23))

  it('counts as closed only where it was last closed, with its new due date', () => {
    const s = handled('JQ-R', t0, cst(2026, 10, 22), cst(2026, 10, 23))
      .reopen(cst(2026, 11, 3), cst(2026, 11, 10))
      .route(cst(2026, 11, 3, 10), 'PCS')
      .sign(cst(2026, 11, 3, 11), lead)
      .assign(cst(2026, 11, 3, 12), wangli, lead)
      .submit(cst(2026, 11, 12), wangli) // after the new due date
      .accept(cst(2026, 11, 12, 15), lead)
    const fs = facts(s)
    const now = cst(2026, 11, 30)
    expect(value(fs, 'closed', '2026-10', now).value).toBe(0)
    expect(value(fs, 'closed', '2026-11', now).value).toBe(1)
    expect(value(fs, 'reopened', '2026-11', now).value).toBe(1)
    // received in October, closed now
    expect(value(fs, 'closeRate', '2026-10', now).value).toBe(1)
    // judged against the new due date, in the month that date falls in
    expect(value(fs, 'onTimeRate', '2026-10', now).value).toBeNull()
    expect(value(fs, 'onTimeRate', '2026-11', now)).toMatchObject({ value: 0, num: 0, den: 1 })
    // received → last closure
    expect(countersOf(fs, '2026-11').closeTime.sum).toBe(cst(2026, 11, 12, 15) - t0)
  })

  it('is open again until closed again: no longer closed, overdue once its new due date passes', () => {
    const s = handled('JQ-R', t0, cst(2026, 10, 22), cst(2026, 10, 23)).reopen(cst(2026, 11, 3), cst(2026, 11, 10))
    const fs = facts(s)
    expect(value(fs, 'closed', '2026-10', cst(2026, 11, 4)).value).toBe(0)
    expect(value(fs, 'closeRate', '2026-10', cst(2026, 11, 4)).value).toBe(0)
    expect(value(fs, 'overdueOpen', '2026-11', cst(2026, 11, 4)).value).toBe(0)
    expect(value(fs, 'overdueOpen', '2026-11', cst(2026, 11, 11)).value).toBe(1)
    expect(first.task.state).toBe('closed')
  })
})

describe('cancelled, bounced, self-handled', () => {
  it('leaves a cancelled duplicate out of 办结率 and of the due dates', () => {
    const dup = new Story({ id: 'JQ-X', at: cst(2026, 11, 2) }).cancel(cst(2026, 11, 2, 10))
    const fs = facts(dup, handled('JQ-A', cst(2026, 11, 2), cst(2026, 11, 3), cst(2026, 11, 3, 12)))
    expect(value(fs, 'closeRate', '2026-11', cst(2026, 11, 30))).toMatchObject({ value: 1, num: 1, den: 1 })
    expect(value(fs, 'received', '2026-11', cst(2026, 11, 30)).value).toBe(2)
    expect(value(fs, 'onTimeRate', '2026-11', cst(2026, 11, 30))).toMatchObject({ den: 1 })
  })

  it('counts a bounce against the department that bounced, not the one that took it', () => {
    const t = cst(2026, 11, 2)
    const s = new Story({ id: 'JQ-B', at: t })
      .route(t + HOUR_MS, 'PCS')
      .bounce(t + 2 * HOUR_MS, lead)
      .route(t + 3 * HOUR_MS, 'SFS')
      .sign(t + 4 * HOUR_MS, otherLead)
    const fs = facts(s)
    const now = cst(2026, 11, 30)
    expect(value(fs, 'bounceRate', '2026-11', now, 'department:PCS')).toMatchObject({ value: 1, num: 1, den: 1 })
    expect(value(fs, 'bounceRate', '2026-11', now, 'department:SFS')).toMatchObject({ value: 0, num: 0, den: 1 })
    expect(value(fs, 'bounceRate', '2026-11', now)).toMatchObject({ value: 0.5, num: 1, den: 2 })
    // the case itself is with SFS now
    expect(value(fs, 'received', '2026-11', now, 'department:SFS').value).toBe(1)
    expect(value(fs, 'received', '2026-11', now, 'department:PCS').value).toBe(0)
  })

  it('counts a self-handled report received → closed, but not in the claim → submit time', () => {
    const t = cst(2026, 11, 2)
    const s = new Story({ id: 'JQ-S', at: t, selfHandledBy: wangli }).accept(t + 2 * HOUR_MS, lead)
    const fs = facts(s)
    expect(value(fs, 'avgCloseTime', '2026-11', cst(2026, 11, 30)).value).toBe(2 * HOUR_MS)
    expect(value(fs, 'avgClaimTime', '2026-11', cst(2026, 11, 30)).value).toBeNull()
    expect(countersOf(fs, '2026-11')).toMatchObject({ leftQueue: 1, seated: 1, closedOfReceived: 1 })
  })
})

describe('red warnings', () => {
  const t = cst(2026, 11, 2)
  const fast = new Story({ id: 'JQ-F', at: t, red: true }).revealPhone(t + HOUR_MS, lead).route(t + 3 * HOUR_MS, 'PCS')
  const slow = new Story({ id: 'JQ-S', at: t, red: true }).overdueEscalated(t + 10 * HOUR_MS).route(t + 30 * HOUR_MS, 'PCS')
  const waiting = new Story({ id: 'JQ-W', at: t, red: true })
  const fs = facts(fast, slow, waiting)

  it('measures the first action by a person (notes and the system do not count)', () => {
    const c = countersOf(fs, '2026-11')
    expect(c.red).toBe(3)
    expect(c.redActed).toBe(2)
    expect(c.redTime.sum).toBe(3 * HOUR_MS + 30 * HOUR_MS)
    expect(c.redWaiting).toEqual([t])
    expect(value(fs, 'redActionTime', '2026-11', t + 40 * HOUR_MS).value).toBe(16.5 * HOUR_MS)
  })

  it('judges the 24-hour rate only on warnings acted on or waiting longer than 24 hours', () => {
    expect(value(fs, 'redIn24hRate', '2026-11', t + 20 * HOUR_MS)).toMatchObject({ value: 0.5, num: 1, den: 2 })
    expect(value(fs, 'redIn24hRate', '2026-11', t + 2 * DAY_MS)).toMatchObject({ num: 1, den: 3 })
    expect(value(fs, 'redWaiting', '2026-11', t + 2 * DAY_MS).value).toBe(1)
  })
})

describe('the cases behind a number', () => {
  const t0 = cst(2026, 11, 2)
  const stories = [
    handled('JQ-A', t0, cst(2026, 11, 6), cst(2026, 11, 7)),
    handled('JQ-B', t0, cst(2026, 11, 12), cst(2026, 11, 13)),
    new Story({ id: 'JQ-C', at: t0 }).route(t0 + HOUR_MS, 'PCS').bounce(t0 + 2 * HOUR_MS, lead),
    new Story({ id: 'JQ-D', at: t0, red: true }),
    new Story({ id: 'JQ-E', at: t0 }).cancel(t0 + HOUR_MS),
  ]
  const fs = facts(...stories)
  const now = cst(2026, 11, 20)

  it.each([
    'received',
    'closed',
    'closeRate',
    'onTimeRate',
    'overdue',
    'overdueOpen',
    'avgCloseTime',
    'p90CloseTime',
    'bounceRate',
    'red',
    'redWaiting',
    'redIn24hRate',
  ] as IndexId[])('%s: the rows make the card’s number', (id) => {
    const card = value(fs, id, '2026-11', now)
    const drill = drillRows(marksIn(fs, '2026-11', 'street:GT', 'GT'), id, now, TASKS_ONLY)
    expect(drill.value).toEqual(card)
    const counted = drill.rows.filter((r) => !r.excluded)
    if (card.value !== null && 'den' in card && card.den !== undefined && id.endsWith('Rate')) {
      expect(counted).toHaveLength(card.den)
      expect(counted.filter((r) => r.counts)).toHaveLength(card.num as number)
    } else if (id.startsWith('avg') || id.startsWith('p90')) {
      expect(drill.rows).toHaveLength(countersOf(fs, '2026-11').closeTime.n)
    } else if (card.value !== null) {
      expect(drill.rows).toHaveLength(card.value)
    }
  })
})
