import { defaultProfile } from '../profiles'
import { buildTaxonomy, DEFAULT_TAXONOMY } from '../taxonomy'
import { classifyCategory } from './category'

const tax = buildTaxonomy(DEFAULT_TAXONOMY)
const table110 = defaultProfile('110').categoryTable

describe("a channel's category is mapped onto the taxonomy", () => {
  test.each([
    ['纠纷-邻里纠纷', '', 'neighbour.general', 'table', true],
    ['纠纷－邻里纠纷', '', 'neighbour.general', 'table', true],
    ['纠纷/劳资纠纷', '', 'labour.wages', 'table', true],
    ['劳资纠纷', '', 'labour.wages', 'table', true],
    ['neighbour.noise', '', 'neighbour.noise', 'code', true],
    ['wages', '', 'labour.wages', 'code', true],
    ['宅基地纠纷', '', 'land.homestead', 'label', true],
    ['其它', '邻居家楼上卫生间漏水渗到我家', 'neighbour.general.leak', 'keyword', false],
    ['', '借款5万元到期未还，多次催讨', 'economic.debt', 'keyword', false],
    ['杂项', '情况不明', 'other.general', 'none', false],
  ])('%s / %s → %s via %s', (raw, text, code, via, confident) => {
    const r = classifyCategory(tax, table110, raw, text)
    expect(r).toMatchObject({ code, via, confident })
  })

  test('a keyword guess says which words decided it and is never confident', () => {
    const r = classifyCategory(tax, table110, '', '楼上装修电钻噪音扰民')
    expect(r.code).toBe('neighbour.noise.renovation')
    expect(r.keywords).toEqual(expect.arrayContaining(['装修', '电钻']))
    expect(r.confidence).toBeLessThan(0.8)
  })

  test('every default table maps onto existing taxonomy codes', () => {
    for (const channel of ['110', '12345', 'zlf', '81890', 'odr', 'labour', 'petition', 'mediation'] as const) {
      for (const row of defaultProfile(channel).categoryTable) expect(tax.byCode.has(row.code)).toBe(true)
    }
  })
})
