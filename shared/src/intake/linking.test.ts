import { bestSame, gapHours, type LeadLinkFacts, type LinkFacts, otherIncident, relate } from './linking'

const H = 3_600_000
const T0 = Date.parse('2026-11-20T09:00:00+08:00')
const rec = (o: Partial<LinkFacts> = {}): LinkFacts => ({
  sourceKey: '110:J1',
  at: T0,
  dateOnly: false,
  family: 'neighbour',
  phones: {},
  ids: {},
  ...o,
})
const lead = (records: LinkFacts[], family = records[0].family): LeadLinkFacts => ({
  leadId: 'XS1',
  firstAt: Math.min(...records.map((r) => r.at)),
  family,
  records,
})
const WANG = { h1: '138****0101' }
const DOOR = { key: 'door:xc-5-2', label: '新城花苑5幢2单元' }

describe('relate: same incident, repeat, or nothing — with reasons in words', () => {
  test.each<[string, LinkFacts, LeadLinkFacts, 'same' | 'repeat' | 'none', RegExp | null]>([
    [
      'the 12345 ticket an hour after the 110 call, same phone',
      rec({ sourceKey: '12345:N1', at: T0 + H, phones: WANG }),
      lead([rec({ phones: WANG })]),
      'same',
      /同一联系电话 138\*\*\*\*0101；相隔1 小时；同为邻里类/,
    ],
    [
      'same door, same family, next day',
      rec({ at: T0 + 20 * H, place: DOOR }),
      lead([rec({ place: DOOR })]),
      'same',
      /地址相同：新城花苑5幢2单元；相隔20 小时/,
    ],
    ['same phone ten days later: a repeat', rec({ at: T0 + 240 * H, phones: WANG }), lead([rec({ phones: WANG })]), 'repeat', /相隔10 天，是新发生的事/],
    [
      'same phone the same day, another kind of dispute: a repeat',
      rec({ at: T0 + 2 * H, phones: WANG, family: 'labour' }),
      lead([rec({ phones: WANG })]),
      'repeat',
      /另一类纠纷/,
    ],
    [
      'one side unclassified: still the same incident',
      rec({ at: T0 + 3 * H, phones: WANG, family: 'other' }),
      lead([rec({ phones: WANG })]),
      'same',
      /类别未定/,
    ],
    [
      'same ID number',
      rec({ at: T0 + H, ids: { i1: '3302**********3626' } }),
      lead([rec({ ids: { i1: '3302**********3626' } })]),
      'same',
      /同一身份证号 3302\*\*\*\*\*\*\*\*\*\*3626/,
    ],
    [
      'nothing shared (same building, other household, other phone)',
      rec({ phones: { h2: '139****1234' }, place: { key: 'door:xc-5-1', label: '新城花苑5幢1单元' } }),
      lead([rec({ phones: WANG, place: DOOR })]),
      'none',
      null,
    ],
    ['shared phone but over 90 days apart', rec({ at: T0 + 91 * 24 * H, phones: WANG }), lead([rec({ phones: WANG })]), 'none', null],
  ])('%s', (_name, r, l, kind, words) => {
    const out = relate(r, l)
    expect(out.kind).toBe(kind)
    if (words) expect(out.reasons.join('；')).toMatch(words)
    else expect(out.reasons).toEqual([])
  })

  test('a date-only record fits any time of its day', () => {
    expect(gapHours({ at: T0, dateOnly: true }, { at: T0 + 20 * H, dateOnly: false })).toBe(0)
    expect(gapHours({ at: T0, dateOnly: false }, { at: T0 + 30 * H, dateOnly: false })).toBe(30)
  })

  test('but never earlier than its day: a dated record is as far from an earlier record as its midnight', () => {
    const midnight = T0 - 9 * H
    // 宅基地 mediated at 15:00; a 信访 dated four days later: at least 81 hours apart, not 57
    const mediated = { at: midnight + 15 * H, dateOnly: false }
    const petition = { at: midnight + 4 * 24 * H, dateOnly: true }
    expect(gapHours(mediated, petition)).toBe(81)
    expect(gapHours(petition, mediated)).toBe(81)
    // the other way round the dated day's hours count: a call three days later at 09:00 is ≥ 57 h after that day
    const dated = { at: midnight, dateOnly: true }
    expect(gapHours(dated, { at: midnight + 81 * H, dateOnly: false })).toBe(57)
    expect(gapHours(dated, { at: midnight + 48 * H, dateOnly: true })).toBe(24)
  })

  test('the gap counts from the lead’s first record, not its latest', () => {
    const l = lead([rec({ phones: WANG }), rec({ sourceKey: '12345:N', at: T0 + 70 * H, phones: WANG })])
    expect(relate(rec({ sourceKey: '81890:X', at: T0 + 80 * H, phones: WANG }), l).kind).toBe('repeat')
  })
})

const PARKING = { code: 'neighbour.general.parking', label: '停车纠纷' }
const RENOVATION = { code: 'neighbour.noise.renovation', label: '装修噪音' }

describe('another matter or another other party: a new incident (a repeat), not the same one', () => {
  const caller = (o: Partial<LinkFacts>) => rec({ phones: WANG, place: DOOR, people: ['蔡娟'], counterparts: [], ...o })
  test.each<[string, LinkFacts, LeadLinkFacts, 'same' | 'repeat', RegExp]>([
    [
      'the 110 call about the noise the visitor reported this morning: the same incident',
      caller({ sourceKey: '110:J2', at: T0 + 8 * H, matter: RENOVATION, text: '报警称隔壁冯雪梅家装修噪音扰民' }),
      lead([caller({ sourceKey: 'window:C1', matter: RENOVATION, people: ['蔡娟', '冯雪梅'], counterparts: ['冯雪梅'] })]),
      'same',
      /相隔8 小时；同为邻里类/,
    ],
    [
      'the same caller the same evening about parking: another incident',
      caller({ sourceKey: '110:J3', at: T0 + 10 * H, matter: PARKING, text: '报警人称因停车问题与邻居发生推搡' }),
      lead([caller({ sourceKey: 'window:C1', matter: RENOVATION, counterparts: ['冯雪梅'] })]),
      'repeat',
      /同一联系电话 138\*\*\*\*0101；地址相同：新城花苑5幢2单元；相隔10 小时，但事由不同（停车纠纷，前次为装修噪音），是另一件事/,
    ],
    [
      'a mediation case two days later against another person: another incident',
      caller({ sourceKey: 'mediation:T2', at: T0 + 48 * H, people: ['罗桂芳', '杨建国'], counterparts: ['杨建国'], text: '夫妻吵架，妻子要求离婚' }),
      lead([caller({ sourceKey: 'mediation:T1', people: ['罗桂芳', '冯海波'], counterparts: ['冯海波'], text: '夫妻因家庭琐事争吵' })]),
      'repeat',
      /但对方不同（杨建国，前次为冯海波），是另一件事/,
    ],
    [
      'the other side files the same dispute (the parties swapped): the same incident',
      caller({ sourceKey: 'odr:J2', at: T0 + 20 * H, people: ['冯俊杰', '郑波'], counterparts: ['郑波'] }),
      lead([caller({ sourceKey: 'odr:J1', people: ['郑波', '冯俊杰'], counterparts: ['冯俊杰'] })]),
      'same',
      /相隔20 小时/,
    ],
    [
      'the other party named only in the 110 summary: the same incident',
      caller({ sourceKey: '110:J4', at: T0 + 5 * H, people: ['郑波'], counterparts: [], text: '报警人称追尾事故后对方陆华不愿赔偿' }),
      lead([caller({ sourceKey: 'odr:J1', people: ['郑波', '陆华'], counterparts: ['陆华'] })]),
      'same',
      /相隔5 小时/,
    ],
    [
      'the same company written with and without its legal form: the same incident',
      caller({ sourceKey: 'labour:L2', at: T0 + 3 * H, counterparts: ['恒达电器'] }),
      lead([caller({ sourceKey: 'labour:L1', counterparts: ['慈溪市恒达电器有限公司'] })]),
      'same',
      /相隔3 小时/,
    ],
    [
      'a 12345 wage complaint naming another employer than the labour complaint: another incident',
      caller({ sourceKey: '12345:N3', at: T0 + 7 * H, counterparts: ['宁波远航五金厂'], text: '来电人反映工厂宁波远航五金厂拖欠工资' }),
      lead([caller({ sourceKey: 'labour:L1', counterparts: ['慈溪市明辉塑料制品厂'], text: '工厂慈溪市明辉塑料制品厂拖欠14名工人工资' })]),
      'repeat',
      /但对方不同（宁波远航五金厂，前次为慈溪市明辉塑料制品厂），是另一件事/,
    ],
    [
      'one side names no matter: nothing says it is another incident',
      caller({ sourceKey: '12345:N2', at: T0 + 5 * H, text: '夫妻因家庭琐事争吵' }),
      lead([caller({ sourceKey: 'window:C1', matter: RENOVATION })]),
      'same',
      /相隔5 小时/,
    ],
    [
      'another matter ten days later: a repeat for the time, as before',
      caller({ sourceKey: '110:J5', at: T0 + 240 * H, matter: PARKING }),
      lead([caller({ sourceKey: 'window:C1', matter: RENOVATION })]),
      'repeat',
      /相隔10 天，是新发生的事/,
    ],
  ])('%s', (_name, r, l, kind, words) => {
    const out = relate(r, l)
    expect(out.kind).toBe(kind)
    expect(out.reasons.join('；')).toMatch(words)
  })

  test('a lead whose records name several matters: a record of any of them may join', () => {
    const l = lead([rec({ matter: RENOVATION, phones: WANG }), rec({ sourceKey: '12345:N', at: T0 + H, matter: PARKING, phones: WANG })])
    expect(otherIncident(rec({ at: T0 + 2 * H, phones: WANG, matter: PARKING }), l)).toBeNull()
  })
})

describe('bestSame: more kinds of evidence first, then the closest in time', () => {
  const rel = (kind: 'same' | 'repeat', matchedBy: Array<'phone' | 'id' | 'address'>, gap: number) => ({ kind, matchedBy, reasons: [], gapHours: gap })
  test.each([
    [
      [
        { id: 'a', relation: rel('same', ['phone'], 1) },
        { id: 'b', relation: rel('same', ['phone', 'address'], 5) },
      ],
      'b',
    ],
    [
      [
        { id: 'a', relation: rel('same', ['phone'], 3) },
        { id: 'b', relation: rel('same', ['address'], 1) },
      ],
      'b',
    ],
    [[{ id: 'a', relation: rel('repeat', ['phone', 'address'], 1) }], null],
  ])('%#', (cands, want) => expect(bestSame(cands)?.id ?? null).toBe(want))
})
