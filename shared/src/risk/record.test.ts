import type { RiskCase } from './case'
import { caseFromRecord, incidentsOf, type RiskRecordInput, recordCaseId } from './record'
import { DEFAULT_RISK_RULES as R } from './rules'
import { DAY, factorLine, HOUR, scoreCase } from './score'

const NOW = Date.UTC(2026, 11, 3, 2, 0)

let n = 0
function record(over: Partial<RiskRecordInput> = {}): RiskRecordInput {
  const sourceId = over.sourceId ?? `J${String(++n).padStart(6, '0')}`
  const channel = over.channel ?? '110'
  return {
    key: `${channel}:${sourceId}`,
    channel,
    sourceId,
    reportedAt: NOW,
    title: '家庭纠纷',
    content: '夫妻吵架',
    address: '新城花苑5幢301室',
    category: 'family',
    territory: 'GT-01-01',
    parties: [{ name: '李某芳', phoneHash: 'li', phoneMasked: '137****9001' }],
    ...over,
  }
}
const at = (hoursAgo: number, over: Partial<RiskRecordInput> = {}) => caseFromRecord(record({ reportedAt: NOW - hoursAgo * HOUR, ...over }))
function task(hoursAgo: number, over: Partial<RiskCase> = {}): RiskCase {
  const id = over.id ?? `task:T${++n}`
  const t = NOW - hoursAgo * HOUR
  return {
    id,
    kind: 'task',
    ref: id,
    title: '家庭纠纷',
    category: 'family',
    territory: 'GT-01-01',
    incident: id,
    createdAt: t,
    open: true,
    dueAt: NOW + 5 * DAY,
    contacts: [{ channel: '社治中心', at: t }],
    parties: [{ name: '李某芳', key: 'p:li', phoneMasked: '137****9001' }],
    address: { key: 'a:新城花苑5幢301', label: '新城花苑5幢301室' },
    texts: [],
    counts: { bounces: 0, returns: 0, reopens: 0, escalations: 0, failedMediations: 0 },
    agreement: false,
    feedback: [],
    ...over,
  }
}
const lines = (c: RiskCase, history: RiskCase[]) => scoreCase(c, history, R, NOW).factors.map(factorLine)

describe('an intake record as a risk case', () => {
  it('keeps the keyed phone as the party key, the door as the address key, the channel as its contact and its text as 报警内容', () => {
    const c = at(0, { handlingNote: '民警到场，男方扬言要报复' })
    expect(c).toMatchObject({
      id: 'record:110:' + c.ref.split(' ')[1],
      kind: 'record',
      ref: expect.stringMatching(/^110 J\d+$/),
      open: false,
      category: 'family',
      contacts: [{ channel: '110', at: NOW }],
      parties: [{ name: '李某芳', key: 'p:li', phoneMasked: '137****9001' }],
      address: { key: 'a:新城花苑5幢301', label: '新城花苑5幢301室' },
    })
    expect(c.texts.map((t) => t.source)).toEqual(['report', 'report'])
  })

  it.each([
    ['zlf', '浙里访'],
    ['odr', 'ODR'],
    ['12345', '12345'],
    ['window', '窗口登记'],
  ] as const)('channel %s is named %s in the factor text', (channel, name) => {
    expect(at(0, { channel }).contacts[0].channel).toBe(name)
  })

  it('a party with only a 身份证 is matched by its hash; a party with neither has no key', () => {
    const c = at(0, { parties: [{ name: '张秀英', idHash: 'x1' }, { name: '王先生' }] })
    expect(c.parties).toEqual([{ name: '张秀英', key: 'p:id-x1' }, { name: '王先生' }])
  })

  it('a record of a lead is that lead’s incident', () => {
    expect(at(0, { leadId: 'L1' }).incident).toBe('lead:L1')
    expect(at(0, { sourceId: 'S9' }).incident).toBe(recordCaseId('110:S9'))
  })

  it('a record is no open work: no age, no overdue', () => {
    expect(lines(at(24 * 40), [])).toEqual(['婚恋家庭纠纷 +10'])
  })
})

describe('incidents: records close in time are one', () => {
  it.each([
    // [hours between the 110 call and the 12345 ticket, one incident?]
    [1, true],
    [24, true],
    [25, false],
  ])('12345 %i h after the 110 call → one incident: %s', (gap, one) => {
    const call = at(gap, { channel: '110', sourceId: 'A' })
    const ticket = at(0, { channel: '12345', sourceId: 'B' })
    const g = incidentsOf([ticket, call], 24)
    expect(g.get(ticket.id) === g.get(call.id)).toBe(one)
  })

  it('a record joins the task of the same time (the 110 record of a task made from it), not a later one', () => {
    const made = task(2, { id: 'task:made' })
    const later = task(-20, { id: 'task:later' })
    const call = at(3)
    expect(incidentsOf([call, made, later], 24).get(call.id)).toBe('task:made')
  })

  it('tasks are never merged by time: two tasks an hour apart are two incidents', () => {
    const a = task(1, { id: 'task:a' })
    const b = task(0, { id: 'task:b' })
    const g = incidentsOf([a, b], 24)
    expect(g.get('task:a')).not.toBe(g.get('task:b'))
  })

  it('measured from the incident’s start, not chained: calls every 20 hours are a new incident after the first day', () => {
    const calls = [40, 20, 0].map((h, i) => at(h, { sourceId: `d${i}` }))
    const g = incidentsOf(calls, 24)
    expect(g.get(calls[1].id)).toBe(g.get(calls[0].id))
    expect(g.get(calls[2].id)).not.toBe(g.get(calls[0].id))
  })

  it('the grouping does not depend on the order the cases come in', () => {
    const cs = [at(30, { sourceId: 'x' }), at(10, { sourceId: 'y' }), at(0, { sourceId: 'z' }), task(12, { id: 'task:m' })]
    expect([...incidentsOf(cs, 24).entries()].sort()).toEqual([...incidentsOf([...cs].reverse(), 24).entries()].sort())
  })
})

describe('repeats across channels (tasks and records together)', () => {
  it('a new 110 record by the caller of a closed task: 近 30 天第 2 次, 涉 社治中心、110', () => {
    const closed = task(24 * 10, { open: false, closedAt: NOW - 5 * DAY })
    expect(lines(at(0), [closed])).toEqual([
      '近 30 天同一当事人（李某芳）第 2 次报警，涉 110、社治中心 +15',
      '近 30 天同一地址（新城花苑5幢301室）第 2 次报警，涉 110、社治中心 +10',
      '婚恋家庭纠纷 +10',
    ])
  })

  it('the 110 call and the 12345 ticket an hour later about the task count once; a call ten days later is the second', () => {
    const t = task(24 * 10 + 1)
    const call = at(24 * 10 + 2, { sourceId: 'c1' })
    const ticket = at(24 * 10, { channel: '12345', sourceId: 't1' })
    const again = at(0, { sourceId: 'c2' })
    const got = lines(again, [t, call, ticket])
    expect(got[0]).toBe('近 30 天同一当事人（李某芳）第 2 次报警，涉 110、社治中心、12345 +15')
  })

  it('three 110 calls in one night are one incident with the 110 factor, not three repeats', () => {
    const got = lines(at(0, { sourceId: 'n3' }), [at(2, { sourceId: 'n1' }), at(1, { sourceId: 'n2' })])
    expect(got).toEqual(['24 小时内 110 报警 3 次 +20', '婚恋家庭纠纷 +10'])
  })

  it('an open task sees the records of its caller: 「共 N 次」 from the older case', () => {
    const t = task(24 * 5)
    const got = lines(t, [at(48, { sourceId: 'r1' }), at(0, { channel: 'zlf', sourceId: 'r2' })])
    expect(got[0]).toBe('近 30 天同一当事人（李某芳）共 3 次报警，涉 社治中心、110、浙里访 +30')
  })

  it('the admin’s hours decide what is one incident', () => {
    const rules = { ...R, repeats: { ...R.repeats, sameIncidentHours: 1 } }
    const got = scoreCase(at(0, { sourceId: 'b' }), [at(2, { channel: '12345', sourceId: 'a' })], rules, NOW).factors.map(factorLine)
    expect(got[0]).toBe('近 30 天同一当事人（李某芳）第 2 次报警，涉 110、12345 +15')
  })
})
