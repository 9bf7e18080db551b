/**
 * The demo street's mediation organisations and pool (staff and external mediators) and their earlier
 * mediations, as data for seed.ts. Phone numbers are the demo's invented ones.
 */
import { type AddMediatorBody, type OrgBody, profileFields } from '@jqtb/shared'

export const ORGS: Array<[string, OrgBody]> = [
  [
    'org-gt-committee',
    {
      name: '古塘街道人民调解委员会',
      kind: 'committee',
      territory: 'GT',
      contactName: '马洁',
      contactPhone: '0574-63012001',
      address: '古塘街道社会治理中心一楼',
      active: true,
    },
  ],
  [
    'org-xincheng-committee',
    { name: '新城社区人民调解委员会', kind: 'committee', territory: 'GT-01', contactName: '林芳', contactPhone: '0574-63012011', active: true },
  ],
  [
    'org-medical',
    {
      name: '医疗纠纷人民调解委员会',
      kind: 'industry',
      industry: 'medical',
      territory: 'GT',
      contactName: '周医生',
      contactPhone: '0574-63012021',
      active: true,
    },
  ],
  [
    'org-traffic',
    {
      name: '道路交通事故纠纷调解委员会',
      kind: 'industry',
      industry: 'traffic',
      territory: 'GT',
      contactName: '交警中队',
      contactPhone: '0574-63012022',
      active: true,
    },
  ],
  [
    'org-labour',
    { name: '劳动争议调解委员会', kind: 'industry', industry: 'labour', territory: 'GT', contactName: '罗萍', contactPhone: '0574-63012023', active: true },
  ],
  [
    'org-huangxinhua',
    {
      name: '黄新华工作室',
      kind: 'brand',
      territory: 'GT-01',
      contactName: '黄新华',
      contactPhone: '0574-63012031',
      intro: '以“老娘舅”方式调处婚恋家庭、邻里纠纷的品牌调解室',
      active: true,
    },
  ],
  [
    'org-veterans',
    {
      name: '老兵说事厅',
      kind: 'brand',
      territory: 'GT-05',
      contactName: '王建国',
      contactPhone: '0574-63012032',
      intro: '退役军人志愿者说事、调事',
      active: true,
    },
  ],
  [
    'org-xiangyin',
    {
      name: '乡音调解室',
      kind: 'brand',
      territory: 'GT-09',
      contactName: '孙国庆',
      contactPhone: '0574-63012033',
      intro: '用乡音拉近与外来务工人员、老人的距离',
      active: true,
    },
  ],
  [
    'org-bank',
    {
      name: '银行系统义工调解队',
      kind: 'brand',
      territory: 'GT',
      contactName: '张晓燕',
      contactPhone: '0574-63012034',
      intro: '金融、债务纠纷义务调解',
      active: true,
    },
  ],
  [
    'org-silver',
    {
      name: '银发调解队',
      kind: 'brand',
      territory: 'GT',
      contactName: '陈美华',
      contactPhone: '0574-63012035',
      intro: '退休干部、教师组成的调解队',
      active: true,
    },
  ],
  ['org-sfs', { name: '古塘司法所', kind: 'judicial', territory: 'GT', contactName: '马洁', contactPhone: '0574-63012041', active: true }],
  ['org-pcs', { name: '古塘派出所调解室', kind: 'police', territory: 'GT', contactName: '何军', contactPhone: '0574-63012042', active: true }],
  [
    'org-lawfirm',
    { name: '慈溪明理律师事务所（法律援助）', kind: 'law_firm', territory: 'GT', contactName: '李文博', contactPhone: '0574-63012051', active: true },
  ],
]

const profile = (p: Record<string, unknown>) => profileFields.parse({ publicCard: true, ...p })

export const STAFF: Array<[string, ReturnType<typeof profile>]> = [
  [
    'u-xuming',
    profile({
      type: 'police',
      title: '社区民警',
      orgIds: ['org-pcs'],
      domains: ['family', 'neighbour', 'public_order'],
      dialects: ['慈溪话'],
      ageBand: '30s',
      years: 8,
      home: 'GT-01-02',
    }),
  ],
  [
    'u-hejun',
    profile({ type: 'police', title: '派出所副所长', orgIds: ['org-pcs'], domains: ['family', 'traffic'], ageBand: '40s', years: 15, home: 'GT-02' }),
  ],
  [
    'u-majie',
    profile({
      type: 'judicial',
      title: '司法所所长',
      orgIds: ['org-sfs', 'org-gt-committee'],
      domains: ['family', 'debt', 'land', 'neighbour'],
      specialties: ['法律', '信访'],
      ageBand: '40s',
      years: 18,
      home: 'GT-03',
    }),
  ],
  [
    'u-caoyong',
    profile({
      type: 'professional',
      title: '专职调解员',
      orgIds: ['org-gt-committee'],
      domains: ['family', 'neighbour', 'property'],
      dialects: ['宁波话', '慈溪话'],
      ageBand: '50s',
      years: 12,
      home: 'GT-03',
    }),
  ],
  [
    'u-yangxue',
    profile({
      type: 'legal_aid',
      title: '法援律师',
      orgIds: ['org-lawfirm'],
      domains: ['labour', 'wages', 'consumer', 'traffic'],
      specialties: ['法律'],
      ageBand: '30s',
      years: 7,
    }),
  ],
  [
    'u-linfang',
    profile({
      type: 'cadre',
      title: '新城社区书记',
      orgIds: ['org-xincheng-committee'],
      domains: ['family', 'neighbour'],
      dialects: ['慈溪话'],
      ageBand: '40s',
      years: 10,
      home: 'GT-01',
    }),
  ],
  [
    'u-zhengyu',
    profile({ type: 'grid', title: '网格员（兼调解员）', domains: ['land', 'neighbour'], dialects: ['慈溪话'], ageBand: '30s', years: 4, home: 'GT-14-04' }),
  ],
  [
    'u-fengbo',
    profile({
      type: 'notable',
      title: '乡贤调解员',
      orgIds: ['org-xiangyin'],
      domains: ['family', 'neighbour', 'land'],
      dialects: ['慈溪话'],
      ageBand: '60plus',
      years: 20,
      home: 'GT-09',
    }),
  ],
  ['u-luoping', profile({ type: 'labour', title: '劳动保障所所长', orgIds: ['org-labour'], domains: ['labour', 'wages'], ageBand: '40s', years: 11 })],
]

export const EXTERNAL: Array<Extract<AddMediatorBody, { kind: 'external' }>> = [
  {
    kind: 'external',
    name: '黄新华',
    phone: '13905746601',
    profile: profile({
      type: 'professional',
      title: '金牌调解员',
      orgIds: ['org-huangxinhua', 'org-gt-committee'],
      domains: ['family', 'neighbour'],
      specialties: ['心理疏导'],
      dialects: ['慈溪话'],
      ageBand: '60plus',
      years: 26,
      home: 'GT-01-02',
      intro: '从事人民调解二十余年，擅长婚恋家庭纠纷。',
    }),
    relations: [],
  },
  {
    kind: 'external',
    name: '王建国',
    phone: '13905746602',
    profile: profile({
      type: 'notable',
      title: '退役军人',
      orgIds: ['org-veterans'],
      domains: ['neighbour', 'land', 'family'],
      dialects: ['慈溪话'],
      ageBand: '60plus',
      years: 9,
      home: 'GT-05',
    }),
    relations: [],
  },
  {
    kind: 'external',
    name: '孙国庆',
    phone: '13905746603',
    profile: profile({
      type: 'notable',
      title: '乡贤',
      orgIds: ['org-xiangyin'],
      domains: ['neighbour', 'labour'],
      dialects: ['余姚话', '四川话'],
      ageBand: '50s',
      years: 6,
      home: 'GT-09',
    }),
    relations: [],
  },
  {
    kind: 'external',
    name: '陈美华',
    phone: '13905746604',
    profile: profile({
      type: 'volunteer',
      title: '退休教师',
      orgIds: ['org-silver'],
      domains: ['family', 'neighbour'],
      ageBand: '60plus',
      years: 5,
      home: 'GT-01-06',
    }),
    relations: [],
  },
  {
    kind: 'external',
    name: '张晓燕',
    phone: '13905746605',
    profile: profile({ type: 'volunteer', title: '银行义工', orgIds: ['org-bank'], domains: ['debt', 'consumer'], ageBand: '30s', years: 3 }),
    relations: [],
  },
  {
    kind: 'external',
    name: '李文博',
    phone: '13905746606',
    profile: profile({
      type: 'legal_aid',
      title: '律师',
      orgIds: ['org-lawfirm'],
      domains: ['labour', 'wages', 'debt', 'family'],
      specialties: ['法律'],
      ageBand: '40s',
      years: 14,
    }),
    relations: [],
  },
  {
    // lives in the same household as the demo case's applicant: the proposal must exclude him, and say so only to admins
    kind: 'external',
    name: '张建平',
    phone: '13905746607',
    profile: profile({
      type: 'cadre',
      title: '新城社区调委会委员',
      orgIds: ['org-xincheng-committee'],
      domains: ['family', 'neighbour'],
      dialects: ['慈溪话'],
      ageBand: '50s',
      years: 15,
      home: 'GT-01-02-03',
    }),
    relations: [{ kind: 'household', name: '张丽', phone: '13905748801', note: '父女' }],
  },
]

/** Earlier mediations (演示历史): outcome rows and ratings, so the records differ before the demo story. */
export const HISTORY: Array<[name: string, done: number, success: number, partial: number, ratings: number[]]> = [
  ['u-caoyong', 12, 9, 2, [5, 4, 4, 5]],
  ['u-majie', 20, 16, 2, [5, 5, 4]],
  ['u-xuming', 6, 4, 1, [4, 4]],
  ['u-linfang', 9, 6, 2, [4, 5]],
  ['u-fengbo', 15, 13, 1, [5, 5, 5]],
  ['u-yangxue', 10, 7, 2, [4]],
]
