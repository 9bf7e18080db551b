/**
 * The demo street of the original 警情通办 scenario, generated deterministically: 1 街道, 16 村/社区,
 * 113 网格 (5 专属网格), 609 微网格, the departments, and demo users for every role. The BFF seed
 * and the DingTalk simulator both read this one fixture, so a simulated DingTalk user always maps
 * to a seeded user. Not exported from the package index: the mini-app never needs it.
 */
import type { Role } from './roles'
import type { SpecialtyTag } from './tags'
import { ancestorsOf, type TerritoryNode } from './territory'

export const STREET_CODE = 'GT'
export const STREET_NAME = '古塘街道'

const COMMUNITIES = [
  '新城社区',
  '海关社区',
  '天九街社区',
  '孙塘社区',
  '三北社区',
  '金山社区',
  '青少年宫社区',
  '南门社区',
  '丰园村',
  '担山村',
  '西门外村',
  '新江村',
  '古窑浦村',
  '洪家村',
  '梅园村',
  '东山村',
] as const

/** 108 ordinary grids: the first 12 communities get 7, the last 4 get 6. */
const ORDINARY_GRIDS_PER_COMMUNITY = COMMUNITIES.map((_, i) => (i < 12 ? 7 : 6))

/** 专属网格: dedicated grids for places that need their own grid worker. */
const DEDICATED_GRIDS: ReadonlyArray<{ community: number; name: string }> = [
  { community: 0, name: '商贸城专属网格' },
  { community: 2, name: '人民医院专属网格' },
  { community: 4, name: '工业园区专属网格' },
  { community: 6, name: '职教中心专属网格' },
  { community: 9, name: '客运站专属网格' },
]

const pad = (n: number) => String(n).padStart(2, '0')

export function buildTerritoryTree(): TerritoryNode[] {
  const nodes: TerritoryNode[] = [{ code: STREET_CODE, name: STREET_NAME, fullName: STREET_NAME, level: 'street', ancestors: [], order: 0 }]
  const grids: TerritoryNode[] = []
  COMMUNITIES.forEach((name, ci) => {
    const code = `${STREET_CODE}-${pad(ci + 1)}`
    nodes.push({ code, name, fullName: name, level: 'community', parent: STREET_CODE, ancestors: ancestorsOf(code), order: ci })
    for (let g = 1; g <= ORDINARY_GRIDS_PER_COMMUNITY[ci]; g++) {
      const gcode = `${code}-${pad(g)}`
      const gname = `第${g}网格`
      grids.push({ code: gcode, name: gname, fullName: `${name}${gname}`, level: 'grid', parent: code, ancestors: ancestorsOf(gcode), order: g })
    }
    DEDICATED_GRIDS.filter((d) => d.community === ci).forEach((d, di) => {
      const gcode = `${code}-Z${di + 1}`
      grids.push({
        code: gcode,
        name: d.name,
        fullName: `${name}${d.name}`,
        level: 'grid',
        parent: code,
        ancestors: ancestorsOf(gcode),
        dedicated: true,
        order: 90 + di,
      })
    })
  })
  // 609 micro-grids: the first 44 grids get 6, the other 69 get 5.
  grids.forEach((grid, gi) => {
    nodes.push(grid)
    const count = gi < 44 ? 6 : 5
    for (let m = 1; m <= count; m++) {
      const mcode = `${grid.code}-${pad(m)}`
      const mname = `第${m}微网格`
      nodes.push({ code: mcode, name: mname, fullName: `${grid.fullName}${mname}`, level: 'micro', parent: grid.code, ancestors: ancestorsOf(mcode), order: m })
    }
  })
  return nodes
}

export interface DemoDepartment {
  code: string
  name: string
  /** what kind of work is routed here by default, for the routing table */
  domains: string[]
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { code: 'PCS', name: '古塘派出所', domains: ['治安', '邻里纠纷', '婚恋家庭'] },
  { code: 'SFS', name: '古塘司法所', domains: ['人民调解', '法律援助', '债务纠纷'] },
  { code: 'ZHZF', name: '综合执法队', domains: ['违章搭建', '占道经营', '噪音扰民'] },
  { code: 'LDBZ', name: '劳动保障所', domains: ['劳资纠纷', '欠薪'] },
  { code: 'XFB', name: '信访办', domains: ['信访', '重复访'] },
  { code: 'SCJG', name: '市场监管所', domains: ['消费纠纷', '食品安全'] },
  { code: 'SZZX', name: '社治中心', domains: ['综合协调'] },
  { code: 'ZRZY', name: '自然资源所', domains: ['土地纠纷', '宅基地'] },
]

export interface DemoUser {
  id: string
  name: string
  roles: Role[]
  /** territory the user is responsible for (a grid for grid workers, the street for the centre) */
  territory: string
  department?: string
  title: string
  mobile?: string
  /** 专长 (shared/src/tags.ts): domains, qualifications, 乡音 */
  tags: SpecialtyTag[]
  active: boolean
  dingtalk: { userid: string; unionid: string }
  zzd: { accountId: number; employeeCode: string }
}

/** Stable pseudo-random hex, so employee codes look real but never change between runs. */
function stableHex(seed: string, length: number): string {
  let h = 2166136261
  let out = ''
  while (out.length < length) {
    for (const ch of seed + out.length) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0
    out += h.toString(16).padStart(8, '0')
  }
  return out.slice(0, length)
}

type DemoUserSpec = Omit<DemoUser, 'dingtalk' | 'zzd' | 'active' | 'tags'> & { active?: boolean; tags?: SpecialtyTag[] }

const USER_SPECS: DemoUserSpec[] = [
  // 网格员: different grids of different communities, one in a dedicated grid
  { id: 'u-wangli', name: '王丽', roles: ['grid_worker'], territory: 'GT-01-01', title: '专职网格员', mobile: '13805740101', tags: ['邻里', '物业'] },
  { id: 'u-chenqiang', name: '陈强', roles: ['grid_worker'], territory: 'GT-01-02', title: '专职网格员', mobile: '13805740102' },
  { id: 'u-zhoumin', name: '周敏', roles: ['grid_worker'], territory: 'GT-02-03', title: '专职网格员', mobile: '13805740103', tags: ['婚恋家庭', '心理疏导'] },
  { id: 'u-sunhao', name: '孙浩', roles: ['grid_worker'], territory: 'GT-09-01', title: '兼职网格员', mobile: '13805740104', tags: ['土地', '慈溪话'] },
  { id: 'u-wujing', name: '吴静', roles: ['grid_worker'], territory: 'GT-05-Z1', title: '专属网格员', mobile: '13805740105', tags: ['劳资', '四川话'] },
  { id: 'u-zhengyu', name: '郑宇', roles: ['grid_worker', 'mediator'], territory: 'GT-14-04', title: '网格员（兼调解员）', tags: ['土地', '邻里', '慈溪话'] },
  // 村社干部
  { id: 'u-linfang', name: '林芳', roles: ['community_staff'], territory: 'GT-01', title: '新城社区书记', mobile: '13805740201' },
  // 部门负责人 and staff
  { id: 'u-hejun', name: '何军', roles: ['dept_lead'], territory: STREET_CODE, department: 'PCS', title: '派出所副所长', mobile: '13805740301' },
  { id: 'u-xuming', name: '徐明', roles: ['dept_staff'], territory: STREET_CODE, department: 'PCS', title: '社区民警', mobile: '13805740302' },
  {
    id: 'u-majie',
    name: '马洁',
    roles: ['dept_lead', 'mediator'],
    territory: STREET_CODE,
    department: 'SFS',
    title: '司法所所长',
    mobile: '13805740303',
    tags: ['法律', '婚恋家庭', '信访'],
  },
  { id: 'u-huanglei', name: '黄磊', roles: ['dept_lead'], territory: STREET_CODE, department: 'ZHZF', title: '执法中队长', mobile: '13805740304' },
  { id: 'u-luoping', name: '罗萍', roles: ['dept_lead'], territory: STREET_CODE, department: 'LDBZ', title: '劳动保障所所长', mobile: '13805740305' },
  { id: 'u-tangwei', name: '唐伟', roles: ['dept_lead'], territory: STREET_CODE, department: 'SCJG', title: '市场监管所所长', mobile: '13805740306' },
  // 社治中心
  { id: 'u-zhaoyan', name: '赵燕', roles: ['dispatcher'], territory: STREET_CODE, department: 'SZZX', title: '指挥室调度员', mobile: '13805740401' },
  {
    id: 'u-liugang',
    name: '刘刚',
    roles: ['dispatcher', 'dept_lead'],
    territory: STREET_CODE,
    department: 'SZZX',
    title: '社治中心主任',
    mobile: '13805740402',
  },
  // 管理员
  { id: 'u-admin', name: '钱晓', roles: ['admin'], territory: STREET_CODE, department: 'SZZX', title: '系统管理员', mobile: '13805740501' },
  // 调解员
  { id: 'u-fengbo', name: '冯波', roles: ['mediator'], territory: 'GT-09', title: '乡贤调解员', tags: ['婚恋家庭', '邻里', '土地', '慈溪话'] },
  {
    id: 'u-yangxue',
    name: '杨雪',
    roles: ['mediator'],
    territory: STREET_CODE,
    department: 'SFS',
    title: '法援律师',
    mobile: '13805740602',
    tags: ['法律', '劳资', '消费'],
  },
  {
    id: 'u-caoyong',
    name: '曹勇',
    roles: ['mediator'],
    territory: 'GT-03',
    title: '专职调解员',
    mobile: '13805740603',
    tags: ['婚恋家庭', '邻里', '物业', '宁波话'],
  },
  // left the organisation: exists on DingTalk, must not get in
  { id: 'u-departed', name: '蒋涛', roles: ['grid_worker'], territory: 'GT-03-01', title: '原网格员', active: false },
]

export const DEMO_CORP_ID = 'dingDEMO0001'
export const DEMO_TENANT_ID = 196729

export const DEMO_USERS: DemoUser[] = USER_SPECS.map((spec, i) => {
  const slug = spec.id.replace(/^u-/, '')
  return {
    ...spec,
    tags: spec.tags ?? [],
    active: spec.active ?? true,
    dingtalk: { userid: `dt_${slug}`, unionid: `un${stableHex(`union:${slug}`, 22)}` },
    zzd: { accountId: 105400 + i + 1, employeeCode: `GE_${stableHex(`emp:${slug}`, 32)}` },
  }
})
