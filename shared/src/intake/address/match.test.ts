import { buildTerritoryTree } from '../../demo-org'
import { generateDemoMonth } from '../demo/generator'
import { buildDemoGazetteer } from './demo-gazetteer'
import { microsOf } from './gazetteer'
import { ADDRESS_CONFIDENT, indexGazetteer, matchAddress } from './match'
import { normaliseAddress } from './normalise'

const gazetteer = buildDemoGazetteer()
const index = indexGazetteer(gazetteer)

describe('the demo gazetteer', () => {
  test('covers every micro-grid of the street, each by some place', () => {
    const micros = buildTerritoryTree()
      .filter((t) => t.level === 'micro')
      .map((t) => t.code)
    const covered = new Set(gazetteer.places.flatMap(microsOf))
    expect(micros.filter((m) => !covered.has(m))).toEqual([])
    expect(micros).toHaveLength(609)
  })

  test('no two places share a name or an alias (short forms of village names aside)', () => {
    const names = gazetteer.places.flatMap((p) => [p.name, ...p.aliases.filter((a) => !p.name.startsWith(a))])
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
  })
})

describe('address normalisation', () => {
  test.each([
    ['新城花苑五幢二单元', '新城花苑5幢2单元'],
    ['丰园村第三组', '丰园村3组'],
    ['新城花苑 ５幢', '新城花苑5幢'],
    ['三北大街十二号', '三北大街12号'],
    ['人民医院(东门)住院部', '人民医院住院部'],
  ])('%s → %s', (raw, normal) => expect(normaliseAddress(raw)).toBe(normal))
})

describe('address → micro-grid', () => {
  test.each([
    ['古塘街道新城花苑5幢2单元', 'GT-01-01-02', true],
    ['新诚花苑5号楼', 'GT-01-01-02', true],
    ['新城社区新城花苑二十幢301室', 'GT-01-01-05', true],
    ['新城花苑5-2-301', 'GT-01-01-02', true],
    ['新城大道88号', 'GT-01-02-03', true],
    ['丰园村5组12号', 'GT-09-01-05', true],
    ['丰园5组', 'GT-09-01-05', true],
    ['西门外村西门3组', 'GT-11-01-03', true],
    ['古塘工业园区兴业路18号', 'GT-05-Z1-01', true],
    ['商贸城B区', 'GT-01-Z1-02', true],
    ['人民医院住院部', 'GT-03-Z1-02', true],
    ['金山华园19-1-1401', 'GT-06-03-05', true],
  ])('%s → %s (confident: %s)', (address, micro, confident) => {
    const m = matchAddress(index, address)
    expect(m.micro).toBe(micro)
    expect(m.confident).toBe(confident)
  })

  test('a place without a number is a question with candidates, not a guess', () => {
    const m = matchAddress(index, '新城大道')
    expect(m.confident).toBe(false)
    expect(m.candidates.length).toBeGreaterThan(1)
    expect(m.confidence).toBeLessThan(ADDRESS_CONFIDENT)
  })

  test('a three-character name with a slip is found but not trusted', () => {
    const m = matchAddress(index, '孙糖路88号')
    expect(m.micro).toBe('GT-04-02-03')
    expect(m.confident).toBe(false)
  })

  test('two places that fit a slip equally make the answer unsure (兴业路 / 创业路)', () => {
    const m = matchAddress(index, '新业路18号')
    expect(m.confident).toBe(false)
    expect(m.candidates.map((c) => c.micro)).toEqual(expect.arrayContaining(['GT-05-Z1-01']))
  })

  test('a house number beyond the road is unsure', () => {
    expect(matchAddress(index, '三北大街1000号').confident).toBe(false)
  })

  test('an address outside the street matches nothing', () => {
    expect(matchAddress(index, '宁波市海曙区中山西路5号')).toMatchObject({ micro: null, confident: false })
  })

  test('the 问题属地 field confirms or doubts the address', () => {
    expect(matchAddress(index, '5组12号', '古塘街道丰园村').candidates.length).toBeGreaterThan(0)
  })

  test('the same door gives the same place key; another flat in the building does not', () => {
    const a = matchAddress(index, '新城花苑5幢2单元301室')
    const b = matchAddress(index, '古塘街道新城花苑5-2-301')
    const c = matchAddress(index, '新城花苑5幢1单元102室')
    expect(a.placeKey).toBe(b.placeKey)
    expect(a.placeKey).not.toBe(c.placeKey)
    expect(a.buildingKey).toBe(c.buildingKey)
  })

  // the door linking compares: one household, never a building, a village group or a public place
  test.each([
    ['新城花苑5幢2单元301室', '新城花苑5栋301室', true],
    ['新城花苑5幢2单元301室', '新城花苑5#301', true],
    ['丰园村5组12号', '丰园5组12号', true],
    ['新城大道12号', '古塘街道新城大道12号门口', true],
    ['新城花苑5幢2单元301室', '新城花苑5幢1单元102室', false],
    ['丰园村5组12号', '丰园村5组13号', false],
  ])('the door of 「%s」 and 「%s」: the same %s', (a, b, same) => {
    const x = matchAddress(index, a)
    const y = matchAddress(index, b)
    expect(x.doorKey).toBeDefined()
    expect(x.doorKey === y.doorKey).toBe(same)
  })

  test.each([['新城花苑5幢'], ['新城花苑5幢2单元'], ['丰园村5组'], ['丰园村村委会'], ['古塘农贸市场'], ['新城小学']])('「%s」 is no door', (a) => {
    const m = matchAddress(index, a)
    expect(m.micro).not.toBeNull()
    expect(m.doorKey).toBeUndefined()
  })

  test('a village group is the building of its houses', () => {
    expect(matchAddress(index, '丰园村5组12号').buildingKey).toBe(matchAddress(index, '丰园村5组').buildingKey)
  })
})

describe('scored against the generated month', () => {
  const month = generateDemoMonth({ end: Date.UTC(2026, 11, 1), records: 600, seed: 7 })
  const addressOf = (row: Record<string, string>) => row.发生地址 ?? row.事发地址 ?? row.住址 ?? row.地址 ?? row.纠纷地址 ?? row.单位地址 ?? row.事项地址
  const results = month.records.map((r) => ({ r, m: matchAddress(index, addressOf(r.row)), truth: month.truth[r.key] }))

  test('at least 97 % land on the right micro-grid', () => {
    const right = results.filter(({ m, truth }) => m.micro === truth.micro).length
    expect(right / results.length).toBeGreaterThanOrEqual(0.97)
  })

  test('every miss is flagged as low confidence', () => {
    const confidentMisses = results.filter(({ m, truth }) => m.micro !== truth.micro && m.confident)
    expect(confidentMisses.map(({ r, m }) => `${addressOf(r.row)} → ${m.micro}`)).toEqual([])
  })

  test('addresses written vaguely on purpose are flagged', () => {
    const vague = results.filter(({ truth }) => truth.vagueAddress)
    expect(vague.every(({ m }) => !m.confident)).toBe(true)
  })
})
