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

const MARRIAGE = { code: 'family.marriage', label: '婚姻纠纷' }
const INHERITANCE = { code: 'family.household.inheritance', label: '继承纠纷' }
const DEPOSIT = { code: 'economic.contract', label: '合同纠纷或消费纠纷', codes: ['economic.contract', 'economic.consumer'] }
const DEBT = { code: 'economic.debt', label: '债务纠纷' }
const LIN = { h9: '057****4617' }

describe('the rules that keep close records of other incidents apart', () => {
  test.each<[string, LinkFacts, LeadLinkFacts, 'same' | 'repeat' | 'none', RegExp]>([
    [
      // two creditors' ODR cases against one debtor, matched only through the debtor's phone
      'only the other side’s phone in common, other applicants: another incident',
      rec({
        sourceKey: 'odr:J2',
        at: T0 + 24 * H,
        family: 'economic',
        phones: { h2: '153****6945', ...LIN },
        otherSide: ['h9'],
        people: ['程欣怡', '林华'],
        counterparts: ['林华'],
      }),
      lead([
        rec({
          sourceKey: 'odr:J1',
          family: 'economic',
          phones: { h1: '177****9949', ...LIN },
          otherSide: ['h9'],
          people: ['罗春燕', '林华'],
          counterparts: ['林华'],
        }),
      ]),
      'repeat',
      /同一联系电话 057\*\*\*\*4617；相隔24 小时，但这是一方的对方当事人，申请人不同，是另一件事/,
    ],
    [
      // the debtor's own 81890 call about something else, found by the number the creditor gave for him
      'the other side’s phone is this record’s reporter’s, who names someone else: another incident',
      rec({ sourceKey: '81890:X', at: T0 + 30 * H, family: 'economic', phones: { h3: '139****3618' }, people: ['邓伟'], counterparts: [] }),
      lead([
        rec({
          sourceKey: 'odr:J1',
          family: 'economic',
          phones: { h4: '156****3771', h3: '139****3618' },
          otherSide: ['h3'],
          people: ['余建国', '邓伟'],
          counterparts: ['邓伟'],
        }),
      ]),
      'repeat',
      /但这是一方的对方当事人/,
    ],
    [
      'the other side files (parties swapped), found by the number the first applicant gave for them: the same incident',
      rec({
        sourceKey: 'odr:J2',
        at: T0 + 7 * H,
        family: 'traffic',
        phones: { h3: '133****9058', h4: '057****6159' },
        otherSide: ['h4'],
        people: ['冯桂芳', '金国芳'],
        counterparts: ['金国芳'],
      }),
      lead([rec({ sourceKey: 'mediation:T1', family: 'traffic', phones: { h4: '057****6159' }, people: ['金国芳', '冯桂芳'], counterparts: ['冯桂芳'] })]),
      'same',
      /同一联系电话 057\*\*\*\*6159；相隔7 小时/,
    ],
    [
      '「12-502」 and 「12-2-502」: one door (no unit written in one)',
      rec({ at: T0 + 5 * H, place: { key: 'p:nm#12/502', label: '南门公寓12幢' } }),
      lead([rec({ place: { key: 'p:nm#12/502', label: '南门公寓12幢2单元', unit: 2 } })]),
      'same',
      /地址相同：南门公寓12幢/,
    ],
    [
      'the same room in another unit: another household',
      rec({ at: T0 + 5 * H, place: { key: 'p:nm#12/502', label: '南门公寓12幢1单元', unit: 1 } }),
      lead([rec({ place: { key: 'p:nm#12/502', label: '南门公寓12幢2单元', unit: 2 } })]),
      'none',
      /^$/,
    ],
    [
      // the same wage claimant two days later, about a site on another road
      'the same phone, another building or house number: another incident',
      rec({ sourceKey: 'petition:X', at: T0 + 48 * H, family: 'labour', phones: WANG, spot: { key: 'r:ss#377', label: '孙塘路377号' } }),
      lead([rec({ sourceKey: '12345:N', family: 'labour', phones: WANG, spot: { key: 'r:js#147', label: '金山路147号' } })]),
      'repeat',
      /相隔2 天，但地点不同（孙塘路377号，前次为金山路147号），是另一件事/,
    ],
    [
      'the same building written as a flat in one and the building in the other: nothing says otherwise',
      rec({ at: T0 + 5 * H, phones: WANG, spot: { key: 'p:jg#11', label: '金色港湾11幢' } }),
      lead([rec({ phones: WANG, spot: { key: 'p:jg#11', label: '金色港湾11幢' }, place: { key: 'p:jg#11/1303', label: '金色港湾11幢' } })]),
      'same',
      /相隔5 小时/,
    ],
    [
      'a landmark and a named part of it: one place',
      rec({ at: T0 + 5 * H, phones: WANG, spot: { key: 'l:smc#B区', label: '商贸城B区' } }),
      lead([rec({ phones: WANG, spot: { key: 'l:smc', label: '商贸城' } })]),
      'same',
      /相隔5 小时/,
    ],
    [
      '离婚 mediated, then 继承 three days later by the same couple: another matter',
      rec({ sourceKey: 'mediation:T2', at: T0 + 65 * H, family: 'family', phones: WANG, matter: INHERITANCE }),
      lead([rec({ sourceKey: 'odr:J1', family: 'family', phones: WANG, matter: MARRIAGE })]),
      'repeat',
      /但事由不同（继承纠纷，前次为婚姻纠纷），是另一件事/,
    ],
    [
      '装修定金 (合同 or 消费), then a loan: another matter',
      rec({ sourceKey: '110:J9', at: T0 + 48 * H, family: 'economic', phones: WANG, matter: DEBT }),
      lead([rec({ sourceKey: '12345:N', family: 'economic', phones: WANG, matter: DEPOSIT })]),
      'repeat',
      /但事由不同（债务纠纷，前次为合同纠纷或消费纠纷）/,
    ],
    [
      // 潘玲 is the other side of the lead's swapped mediation case: that does not make 孔海波 known
      'the lead’s other side is this record’s own reporter; this record names a third person: another incident',
      rec({
        sourceKey: '110:J3',
        at: T0 + 70 * H,
        phones: WANG,
        people: ['潘玲', '孔海波'],
        counterparts: ['孔海波'],
        text: '报警称家中天花板渗水，楼上住户孔海波拒绝配合检查',
      }),
      lead([
        rec({ sourceKey: '110:J1', phones: WANG, people: ['潘玲', '周根娣'], counterparts: ['周根娣'] }),
        rec({ sourceKey: 'mediation:T1', at: T0 + 14 * H, phones: { h5: '137****6664' }, people: ['周根娣', '潘玲'], counterparts: ['潘玲'] }),
      ]),
      'repeat',
      /但对方不同（孔海波，前次为周根娣、潘玲）/,
    ],
    [
      'the same company at its address, another sum and another number of workers: another incident',
      rec({ sourceKey: 'labour:L2', at: T0 + H, family: 'labour', place: { key: 'r:xj#131', label: '新江路131号' }, figures: { amount: 11000, count: 9 } }),
      lead([rec({ sourceKey: '12345:N1', family: 'labour', place: { key: 'r:xj#131', label: '新江路131号' }, figures: { count: 27 } })]),
      'repeat',
      /但人数不同（9人，前次为27人），是另一件事/,
    ],
    [
      '「17万元」 in the column and 170000元 in the text: one sum',
      rec({ sourceKey: '12345:N2', at: T0 + 19 * H, family: 'labour', phones: WANG, figures: { amount: 170000, count: 25 } }),
      lead([rec({ sourceKey: 'labour:L1', family: 'labour', phones: WANG, figures: { amount: 170000 } })]),
      'same',
      /相隔19 小时/,
    ],
  ])('%s', (_name, r, l, kind, words) => {
    const out = relate(r, l)
    expect(out.kind).toBe(kind)
    expect(out.reasons.join('；')).toMatch(words)
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
