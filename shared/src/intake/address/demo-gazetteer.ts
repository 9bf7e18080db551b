/**
 * The gazetteer of the demo street (古塘街道, shared/src/demo-org.ts), generated deterministically so
 * the seed, the simulator, the demo-month generator and the tests all read the same places. Each of
 * the 609 micro-grids is covered: in the 8 urban communities, odd grids are residential compounds
 * (4 buildings per micro-grid) and even grids are road segments (40 house numbers per micro-grid);
 * in the 8 villages every grid is a natural village (自然村) and every micro-grid one 村民小组; the
 * 5 dedicated grids are landmarks with named parts. Plus community centres, village committees,
 * schools and markets as single landmarks. Not exported from the package index.
 */
import { buildTerritoryTree, STREET_CODE } from '../../demo-org'
import type { TerritoryNode } from '../../territory'
import type { Gazetteer, GazetteerPlace, NumberRange } from './gazetteer'

const URBAN: Array<{ roads: [string, string]; compounds: [string, string, string, string]; landmarks: string[] }> = [
  { roads: ['新城大道', '文苑路'], compounds: ['新城花苑', '文苑小区', '锦绣华庭', '新城公寓'], landmarks: ['新城小学'] },
  { roads: ['海关路', '浒山东路'], compounds: ['海关新村', '东湖花园', '银河湾', '阳光公寓'], landmarks: ['古塘农贸市场'] },
  { roads: ['天九街', '孝中路'], compounds: ['天九苑', '孝中小区', '桂花园', '明珠公寓'], landmarks: ['天九街幼儿园'] },
  { roads: ['孙塘路', '北二环东路'], compounds: ['孙塘新村', '怡景花园', '金色港湾', '孙塘公寓'], landmarks: ['孙塘公园'] },
  { roads: ['三北大街', '开发大道'], compounds: ['三北小区', '江南名邸', '上林苑', '华府公寓'], landmarks: ['古塘中学'] },
  { roads: ['金山路', '新江路'], compounds: ['金山公寓', '金山花园', '和美家园', '东方名城'], landmarks: ['金山菜场'] },
  { roads: ['青少年宫路', '华清路'], compounds: ['青宫小区', '华清苑', '翠屏山庄', '书香苑'], landmarks: ['青少年宫'] },
  { roads: ['南门大街', '慈甬路'], compounds: ['南门小区', '南苑新村', '江景豪庭', '南门公寓'], landmarks: ['古塘街道办事处'] },
]

/** Natural villages (自然村) of each village, one per grid. */
const VILLAGES: string[][] = [
  ['下陈', '张家', '后洋', '里塘', '东舍', '西岙', '新屋'],
  ['担山头', '潘岙', '毛家', '胡家', '陆家', '岭下', '塘角'],
  ['西门', '外洋', '蒋家', '沈家', '朱家', '方家', '河头'],
  ['江口', '新江头', '孙家', '俞家', '黄家', '杨家', '桥头'],
  ['古窑', '浦东', '浦西', '马家', '叶家', '施家'],
  ['洪家', '前洪', '后洪', '石桥', '徐家', '庙后'],
  ['梅园', '上梅', '下梅', '周家', '钱家', '竹园'],
  ['东山', '山前', '山后', '吴家', '罗家', '戚家'],
]

/** The dedicated grids' landmarks: the parts are their micro-grids, in order. */
const DEDICATED: Record<string, { name: string; aliases: string[]; parts: string[] }> = {
  商贸城专属网格: { name: '古塘商贸城', aliases: ['商贸城', '古塘小商品市场'], parts: ['A区', 'B区', 'C区', 'D区', 'E区', 'F区'] },
  人民医院专属网格: {
    name: '慈溪市人民医院',
    aliases: ['人民医院', '市人民医院', '慈溪人民医院'],
    parts: ['门诊楼', '住院部', '急诊楼', '医技楼', '行政楼', '停车场'],
  },
  工业园区专属网格: { name: '古塘工业园区', aliases: ['工业园区', '古塘工业园', '工业园'], parts: [] },
  职教中心专属网格: { name: '慈溪职教中心', aliases: ['职教中心', '职业高中'], parts: ['教学区', '实训楼', '学生宿舍', '食堂', '体育馆', '校门口'] },
  客运站专属网格: { name: '古塘客运站', aliases: ['客运站', '汽车站', '古塘汽车站'], parts: ['售票厅', '候车厅', '停车场', '出站口', '商铺区', '广场'] },
}

/** Roads inside the industrial park, numbered across its micro-grids. */
const PARK_ROADS = ['兴业路', '创业路']

const BUILDINGS_PER_MICRO = 4
const NUMBERS_PER_MICRO = 40
const STREET_PREFIXES = ['浙江省', '浙江', '宁波市', '宁波', '慈溪市', '慈溪', '古塘街道办事处', '古塘街道', '古塘']

function ranges(micros: string[], per: number, start = 1): NumberRange[] {
  return micros.map((micro, i) => ({ from: start + i * per, to: start + (i + 1) * per - 1, micro }))
}

export function buildDemoGazetteer(tree: TerritoryNode[] = buildTerritoryTree()): Gazetteer {
  const childrenOf = (code: string) => tree.filter((t) => t.parent === code).sort((a, b) => a.order - b.order || a.code.localeCompare(b.code))
  const places: GazetteerPlace[] = []
  const communities = childrenOf(STREET_CODE)
  communities.forEach((community, ci) => {
    const grids = childrenOf(community.code)
    const ordinary = grids.filter((g) => !g.dedicated)
    const dedicated = grids.filter((g) => g.dedicated)
    const isVillage = community.name.endsWith('村')
    const core = community.name.replace(/(社区|村)$/, '')
    // a village is its own place (with its groups); an urban community is named only as a hint
    if (!isVillage) places.push({ id: `c:${community.code}`, kind: 'community', name: community.name, aliases: [core], community: community.code })
    const firstMicro = childrenOf(ordinary[0].code)[0].code
    if (!isVillage) {
      const spec = URBAN[ci]
      const roadMicros: [string[], string[]] = [[], []]
      ordinary.forEach((grid, gi) => {
        const micros = childrenOf(grid.code).map((m) => m.code)
        if (gi % 2 === 0) {
          const name = spec.compounds[gi / 2]
          places.push({ id: `p:${grid.code}`, kind: 'compound', name, aliases: [], community: community.code, ranges: ranges(micros, BUILDINGS_PER_MICRO) })
        } else {
          // grids 2 and 6 are the first road (continuing numbers), grid 4 the second
          roadMicros[gi === 3 ? 1 : 0].push(...micros)
        }
      })
      spec.roads.forEach((road, ri) => {
        places.push({
          id: `r:${community.code}-${ri + 1}`,
          kind: 'road',
          name: road,
          aliases: [],
          community: community.code,
          ranges: ranges(roadMicros[ri], NUMBERS_PER_MICRO),
        })
      })
      places.push({
        id: `l:${community.code}-svc`,
        kind: 'landmark',
        name: `${community.name}服务中心`,
        aliases: [`${core}社区服务中心`],
        community: community.code,
        micro: firstMicro,
      })
      spec.landmarks.forEach((name, li) => {
        const grid = ordinary[(li * 3 + 1) % ordinary.length]
        places.push({
          id: `l:${community.code}-${li + 1}`,
          kind: 'landmark',
          name,
          aliases: [],
          community: community.code,
          micro: childrenOf(grid.code)[0].code,
        })
      })
    } else {
      const naturals = VILLAGES[ci - URBAN.length]
      const villageId = `v:${community.code}`
      const allGroups: NumberRange[] = []
      let group = 1
      ordinary.forEach((grid, gi) => {
        const micros = childrenOf(grid.code).map((m) => m.code)
        const groups = ranges(micros, 1, group)
        group += micros.length
        allGroups.push(...groups)
        places.push({ id: `n:${grid.code}`, kind: 'natural', name: naturals[gi], aliases: [], community: community.code, ranges: groups, village: villageId })
      })
      places.push({ id: villageId, kind: 'village', name: community.name, aliases: [core], community: community.code, ranges: allGroups })
      places.push({
        id: `l:${community.code}-cwh`,
        kind: 'landmark',
        name: `${community.name}村委会`,
        aliases: [`${community.name}村民委员会`],
        community: community.code,
        micro: firstMicro,
      })
      places.push({
        id: `l:${community.code}-ltc`,
        kind: 'landmark',
        name: `${community.name}文化礼堂`,
        aliases: [],
        community: community.code,
        micro: childrenOf(ordinary[1].code)[0].code,
      })
    }
    for (const grid of dedicated) {
      const spec = DEDICATED[grid.name]
      const micros = childrenOf(grid.code).map((m) => m.code)
      if (spec.parts.length) {
        places.push({
          id: `l:${grid.code}`,
          kind: 'landmark',
          name: spec.name,
          aliases: spec.aliases,
          community: community.code,
          parts: spec.parts.slice(0, micros.length).map((name, i) => ({ name, micro: micros[i] })),
          micro: micros[0],
        })
      } else {
        // the industrial park: its roads carry the micro-grids
        places.push({ id: `l:${grid.code}`, kind: 'landmark', name: spec.name, aliases: spec.aliases, community: community.code, micro: micros[0] })
        const half = Math.ceil(micros.length / 2)
        PARK_ROADS.forEach((road, ri) => {
          const own = ri === 0 ? micros.slice(0, half) : micros.slice(half)
          places.push({ id: `r:${grid.code}-${ri + 1}`, kind: 'road', name: road, aliases: [], community: community.code, ranges: ranges(own, 20) })
        })
      }
    }
  })
  return { street: STREET_CODE, prefixes: STREET_PREFIXES, places }
}
