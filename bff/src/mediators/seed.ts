/**
 * Demo data for `npm start` (never in tests, which build their own pools): the street's mediation
 * organisations, a pool of staff and external mediators with some history, and the story of issue 13
 * told through the real commands — a red 婚恋家庭 case gets a proposed team with reasons, one member
 * declines and is replaced, the team records a session and a successful agreement, and the members'
 * records change. A second red case is left without a team, to propose one live. Idempotent through
 * a marker inserted first.
 */
import { type AddMediatorBody, createTaskBody, type OrgBody, profileFields } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { ManualClock } from '../infra/clock'
import { isDuplicateKey } from '../infra/errors'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import type { SeedResult } from '../kernel/seeding'
import { createTask } from '../tasks/create'
import { taskDeps } from '../tasks/log'
import { loadTask } from '../tasks/store'
import { addMediator, createOrg, setAvailability } from './profiles'
import { proposeFor, replacementsFor } from './proposal'
import { addSession, recordOutcome } from './records'
import { refreshStats } from './stats'
import { loadTeam } from './team-store'
import { answerInvitation, confirmTeam, replaceMember } from './teams'

const MARKER = 'demo-mediation:v1'
const HOUR = 3_600_000

const ORGS: Array<[string, OrgBody]> = [
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

const STAFF: Array<[string, ReturnType<typeof profile>]> = [
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

const EXTERNAL: Array<Extract<AddMediatorBody, { kind: 'external' }>> = [
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
const HISTORY: Array<[name: string, done: number, success: number, partial: number, ratings: number[]]> = [
  ['u-caoyong', 12, 9, 2, [5, 4, 4, 5]],
  ['u-majie', 20, 16, 2, [5, 5, 4]],
  ['u-xuming', 6, 4, 1, [4, 4]],
  ['u-linfang', 9, 6, 2, [4, 5]],
  ['u-fengbo', 15, 13, 1, [5, 5, 5]],
  ['u-yangxue', 10, 7, 2, [4]],
]

export async function seedDemoMediation(app: AppDeps, now: Date): Promise<SeedResult> {
  try {
    await app.db.models.MediationEventMark.create({ _id: MARKER, at: now })
  } catch (err) {
    if (isDuplicateKey(err)) return { demoMediation: { inserted: 0, updated: 0, unchanged: 1 } }
    throw err
  }
  const clock = new ManualClock(now.getTime() - 72 * HOUR)
  const deps: AppDeps = { ...app, clock }
  const at = (hoursAgo: number) => clock.set(now.getTime() - hoursAgo * HOUR)
  const users = new Map<string, AuthUser>()
  const refresh = async () => {
    for (const u of await app.db.models.User.find({}).lean()) users.set(u._id, toAuthUser(u))
  }
  await refresh()
  const as = (id: string) => users.get(id) as AuthUser
  const admin = as('u-admin')
  const centre = as('u-liugang')
  let made = 0

  for (const [id, body] of ORGS) {
    await createOrg(deps, admin, body, id)
    made++
  }
  for (const [userId, p] of STAFF) {
    await addMediator(deps, admin, { kind: 'staff', userId, profile: p, relations: [] })
    made++
  }
  const externalIds = new Map<string, string>()
  for (const body of EXTERNAL) {
    const m = await addMediator(deps, admin, body)
    externalIds.set(body.name, m._id)
    made++
  }
  await refresh()
  // 何军 is on leave this week: proposals explain why he is not picked
  at(70)
  await setAvailability(deps, as('u-hejun'), 'u-hejun', { until: new Date(now.getTime() + 4 * 24 * HOUR).toISOString(), note: '外出培训' })
  const hist = (id: string, i: number) => `demo-history:${id}:${i}`
  for (const [id, done, success, partial, ratings] of HISTORY) {
    for (let i = 0; i < done; i++) {
      const outcome = i < success ? 'success' : i < success + partial ? 'partial' : 'failed'
      await app.db.models.MediatorOutcomeRow.create({
        _id: hist(id, i),
        mediatorId: id,
        teamId: hist(id, i),
        outcome,
        durationMs: (1 + (i % 5)) * 24 * HOUR,
        at: new Date(now.getTime() - (200 - i) * 24 * HOUR),
      })
    }
    for (const [i, rating] of ratings.entries()) {
      await app.db.models.MediatorRating.create({
        _id: `review:${hist(id, i)}:${id}`,
        mediatorId: id,
        source: 'review',
        rating,
        taskId: hist(id, i),
        at: new Date(now.getTime() - (150 - i) * 24 * HOUR),
      })
    }
    await refreshStats(deps, id)
  }

  // ---- the story: a red 婚恋家庭 case in 新城社区第2网格第3微网格
  const tdeps = taskDeps(deps)
  at(52)
  const family = (
    await createTask(
      tdeps,
      as('u-zhaoyan'),
      createTaskBody.parse({
        title: '夫妻矛盾激化，一方扬言同归于尽',
        description: '张丽反映丈夫王强酒后多次争吵摔砸物品，昨晚扬言“同归于尽”，已由 110 出警处置。双方有一子，均表示愿意调解离婚财产和抚养问题。',
        category: 'family',
        tier: 'complex',
        territory: 'GT-01-02-03',
        riskColour: 'red',
        parties: [
          { name: '张丽', role: '申请人', phone: '13905748801' },
          { name: '王强', role: '被申请人', phone: '13905748802' },
        ],
        sourceRef: '110-20261124-0456',
      }),
    )
  ).state.id
  at(50)
  const { proposal } = await proposeFor(deps, await loadTask(tdeps, family), { dialect: '慈溪话' })
  const members = proposal.slots.flatMap((s) => s.picks.map((p) => ({ slotKey: s.key, mediatorId: p.id })))
  await confirmTeam(deps, centre, family, { requestId: '0d6c3a52-5f2e-4c3b-9d1e-7a5b8c9d0e11', dialect: '慈溪话', members })
  made++
  const teamId = `${family}:team:1`
  // 黄新华 (SMS) declines; the centre takes the engine's next best
  at(48)
  const huang = externalIds.get('黄新华') as string
  await answerInvitation(deps, { id: huang, name: '黄新华' }, teamId, 'decline', '本周在外地参加培训，无法到场', 'sms_link')
  at(47)
  const options = await replacementsFor(deps, await loadTask(tdeps, family), await loadTeam(deps, teamId), huang)
  const substitute = options.slotProposal.picks[0]
  if (substitute) await replaceMember(deps, centre, teamId, huang, substitute.id)
  at(46)
  for (const m of (await loadTeam(deps, teamId)).members.filter((x) => x.status === 'invited')) {
    await answerInvitation(deps, { id: m.mediatorId, name: m.name }, teamId, 'accept', undefined, m.channel === 'sms' ? 'sms_link' : 'app')
  }
  at(30)
  const team = await loadTeam(deps, teamId)
  const staffMember = team.members.find((m) => m.status === 'accepted' && m.channel === 'dingtalk' && m.type === 'professional')
  const recorder = as(staffMember?.mediatorId ?? 'u-majie')
  await addSession(deps, recorder, teamId, {
    requestId: '5f0a9b8c-1d2e-4f3a-8b7c-6d5e4f3a2b1c',
    at: new Date(now.getTime() - 31 * HOUR).toISOString(),
    place: '新城社区调解室',
    attendees: ['张丽', '王强', '徐明', '马洁', recorder.name, '林芳'],
    summary: '民警先行稳控情绪，双方分别陈述。王强承认酒后过激，愿意道歉并戒酒；张丽要求孩子抚养权和房屋居住权。双方同意次日继续协商财产分割。',
    nextStep: '次日上午继续调解，司法所起草协议条款',
  })
  at(20)
  await recordOutcome(deps, as('u-majie'), teamId, {
    outcome: 'success',
    facts: '双方系夫妻，因王强酗酒引发多次争吵，2026 年 11 月 23 日晚王强扬言“同归于尽”，经 110 处置后申请调解。',
    terms: [
      '王强向张丽当面赔礼道歉，保证不再酗酒、不再有任何威胁言行',
      '婚生子王小明由张丽抚养，王强每月支付抚养费 2000 元',
      '双方共有的住房由张丽及孩子居住，王强暂住其父母家，财产分割另行协商',
    ],
    performance: '抚养费于每月 5 日前转账支付；社区民警和网格员 3 个月内每月回访一次。',
    guidedTo: [],
    organisation: '古塘街道人民调解委员会',
  })
  made++

  // ---- a second red case without a team: propose one live (社治中心 → 工单 → 组建攻坚小组)
  at(3)
  await createTask(
    tdeps,
    as('u-zhaoyan'),
    createTaskBody.parse({
      title: '婆媳矛盾升级，老人离家出走',
      description: '孙塘社区一户婆媳长期不和，昨日争吵后老人离家出走，已找回。家属情绪激动，要求社区出面调解。',
      category: 'family',
      tier: 'general',
      territory: 'GT-04-02-01',
      riskColour: 'red',
      parties: [
        { name: '李秀英', role: '申请人', phone: '13905748811' },
        { name: '赵敏', role: '被申请人' },
      ],
    }),
  )
  made++
  return { demoMediation: { inserted: made, updated: 0, unchanged: 0 } }
}
