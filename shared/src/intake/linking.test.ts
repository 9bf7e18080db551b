import { bestSame, gapHours, type LeadLinkFacts, type LinkFacts, relate } from './linking'

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

  test('the gap counts from the lead’s first record, not its latest', () => {
    const l = lead([rec({ phones: WANG }), rec({ sourceKey: '12345:N', at: T0 + 70 * H, phones: WANG })])
    expect(relate(rec({ sourceKey: '81890:X', at: T0 + 80 * H, phones: WANG }), l).kind).toBe('repeat')
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
