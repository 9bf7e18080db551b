/**
 * Demo tasks for `npm start`: a populated 揭榜大厅 for 王丽 (GT-01-01) and for the mediators of 丰园村
 * with 专长 婚恋家庭 (冯波), a department inbox and a review queue for 何军 (派出所), tasks in every
 * state and all three risk colours. They are made
 * through the real commands (so the log, projections, claim slots and points are all consistent),
 * on a clock set back in time so countdowns and deadlines look live. Deterministic content;
 * idempotent through a marker inserted first (a second seed, even a concurrent one, adds nothing).
 *
 * Test databases get none (tests seed without `demoTasks`): every test decides its own tasks, and demo
 * claims would count against the workers' active-claim cap there.
 */
import type { CreateTaskInput, PublishInput } from '@jqtb/shared'
import { createTaskBody, HOUR_MS, publishBody } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { ManualClock } from '../infra/clock'
import { isDuplicateKey } from '../infra/errors'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import { assignTask, claimTask } from './claims'
import { createTask, reportTask } from './create'
import type { TaskDeps } from './log'
import { addProgress, cancelTask, escalateOverdue, escalateUnsigned, publishTask, reviewTask, signTask, submitTask } from './workflow'

const MARKER = 'demo-tasks:v1'
export interface DemoTaskReport {
  inserted: number
  updated: number
  unchanged: number
}

/** The demo tasks (the tasks domain's demo seed; tests call it directly), made through the app's real commands. */
export async function seedDemoTasks(app: AppDeps, now: Date): Promise<DemoTaskReport> {
  const { db } = app
  try {
    await db.models.TaskNumber.collection.insertOne({ _id: MARKER, day: 'demo-marker', n: 0, at: now } as never)
  } catch (err) {
    if (isDuplicateKey(err)) return { inserted: 0, updated: 0, unchanged: 1 }
    throw err
  }
  const clock = new ManualClock(now)
  const deps: TaskDeps = {
    db,
    clock,
    // old events should not ring anyone's phone when the demo starts
    notifier: { enqueue: async () => ({ queued: false }) },
    // other domains still hear of every event (points: the demo work earns points)
    events: app.events,
    piiKey: app.config.piiKey,
  }
  const users = new Map<string, AuthUser>()
  for (const u of await db.models.User.find({}).lean()) users.set(u._id, toAuthUser(u))
  const as = (id: string) => users.get(id) as AuthUser
  const t0 = now.getTime()
  const at = (hoursAgo: number) => clock.set(t0 - hoursAgo * HOUR_MS)

  const create = async (
    hoursAgo: number,
    input: Partial<CreateTaskInput> & Pick<CreateTaskInput, 'title' | 'description' | 'category' | 'tier' | 'territory'>,
  ) => {
    at(hoursAgo)
    return (await createTask(deps, as('u-zhaoyan'), createTaskBody.parse(input))).state.id
  }
  const publish = async (hoursAgo: number, who: string, id: string, input: PublishInput) => {
    at(hoursAgo)
    await publishTask(deps, as(who), id, publishBody.parse(input))
  }
  const step = async (hoursAgo: number, fn: () => Promise<unknown>) => {
    at(hoursAgo)
    await fn()
  }
  const progress = (who: string, id: string, kind: 'visit' | 'call' | 'mediation' | 'agreement' | 'note', note: string) =>
    addProgress(deps, as(who), id, { kind, note, photos: [] })

  let made = 0
  const count = async <T>(p: Promise<T>): Promise<T> => {
    const v = await p
    made++
    return v
  }

  // ---- 揭榜大厅 of 王丽 (GT-01-01) and 新城社区
  const noise = await count(
    create(5, {
      title: '邻里噪音纠纷',
      description: '3 幢 402 住户反映楼上夜间搬动家具、装修噪音持续到凌晨，已多次报警，双方情绪激动。',
      category: 'noise',
      tier: 'simple',
      territory: 'GT-01-01-02',
      riskColour: 'yellow',
      parties: [
        { name: '周先生', role: '报警人', phone: '13905740211' },
        { name: '吴女士', role: '被反映人' },
      ],
      sourceRef: '110-20261127-0312',
    }),
  )
  await publish(4.5, 'u-zhaoyan', noise, { claimMode: 'first_come', rewardPoints: 10 })

  const hallway = await count(
    create(3, {
      title: '楼道堆物占用消防通道',
      description: '1 单元楼道长期堆放纸箱和电动车，物业劝说无效。',
      category: 'public_order',
      tier: 'simple',
      territory: 'GT-01-01-04',
      riskColour: 'green',
    }),
  )
  await publish(2.8, 'u-zhaoyan', hallway, { claimMode: 'first_come', rewardPoints: 5 })

  const land = await count(
    create(30, {
      title: '宅基地边界纠纷',
      description: '两户村民因翻建房屋院墙越界发生争执，一方扬言“拼命”，需尽快介入调处。',
      category: 'land',
      tier: 'complex',
      territory: 'GT-01-03',
      // no colour by hand: the risk engine makes it red by itself (扬言, 拼命, a land dispute)
      parties: [
        { name: '陈某', role: '当事人', phone: '13957410033' },
        { name: '林某', role: '当事人', phone: '13857420044' },
      ],
    }),
  )
  await publish(29, 'u-zhaoyan', land, { claimMode: 'apply', rewardPoints: 30, eligibility: { territory: 'GT-01' } })

  const wages = await count(
    create(26, {
      title: '拖欠工资',
      description: '某装修队 8 名工人反映被拖欠 3 个月工资约 12 万元，聚集在项目部讨薪。',
      category: 'wages',
      tier: 'general',
      territory: 'GT-01-02',
      riskColour: 'red',
      department: 'LDBZ',
    }),
  )
  await step(25, () => signTask(deps, as('u-luoping'), wages, {}))
  await publish(24, 'u-luoping', wages, { claimMode: 'team', seats: 3, rewardPoints: 40, eligibility: { territory: 'GT-01' } })
  await step(20, () => claimTask(deps, as('u-chenqiang'), wages, {}))

  // ---- 揭榜大厅 of 冯波 (调解员, 丰园村): 婚恋家庭 disputes published to mediators with that 专长
  const familyPool: PublishInput['eligibility'] = { territory: 'GT-09', roles: ['mediator'], tags: ['婚恋家庭'] }
  const divorce = await count(
    create(6, {
      title: '夫妻离婚财产分割纠纷',
      description: '丰园村一对夫妻协议离婚，因宅基地房屋和共同存款分割争执不下，女方多次到村委会哭诉，需调解员组队调处。',
      category: 'family',
      tier: 'general',
      territory: 'GT-09-02',
      riskColour: 'yellow',
      department: 'SFS',
      parties: [
        { name: '沈女士', role: '申请人', phone: '13705740866' },
        { name: '沈某', role: '被申请人' },
      ],
    }),
  )
  await step(5.5, () => signTask(deps, as('u-majie'), divorce, { note: '请婚恋家庭方面的调解员组成调解小组' }))
  await publish(5, 'u-majie', divorce, { claimMode: 'team', seats: 2, rewardPoints: 30, eligibility: familyPool })

  const support = await count(
    create(3.5, {
      title: '老人赡养纠纷',
      description: '七旬老人反映三个子女互相推诿赡养责任，老人独居无人照料，邻居担心出意外。',
      category: 'family',
      tier: 'simple',
      territory: 'GT-09-05',
      riskColour: 'red',
      parties: [{ name: '沈老伯', role: '当事人' }],
    }),
  )
  // red is never 抢单 (the settings' claim rules): the mediators apply, the centre approves
  await publish(3, 'u-zhaoyan', support, { claimMode: 'apply', rewardPoints: 15, eligibility: familyPool })

  // ---- 派出所 inbox (何军): 待签收, 待分派, 处置中, 待验收
  await count(
    create(2, {
      title: '婚恋家庭纠纷',
      description: '夫妻因离婚财产分割争吵，女方报警称遭推搡，现已分开居住，需跟进调处。',
      category: 'family',
      tier: 'general',
      territory: 'GT-01-02-03',
      riskColour: 'red',
      department: 'PCS',
      parties: [{ name: '何女士', role: '报警人', phone: '13605740655' }],
    }),
  )

  const drunk = await count(
    create(10, {
      title: '酒后滋事隐患',
      description: '夜市摊点多次发生酒后争吵，商户担心升级为斗殴。',
      category: 'public_order',
      tier: 'simple',
      territory: 'GT-02-03',
      riskColour: 'yellow',
      department: 'PCS',
    }),
  )
  await step(9, () => signTask(deps, as('u-hejun'), drunk, { note: '已签收，安排社区民警了解' }))

  const traffic = await count(
    create(50, {
      title: '交通事故赔偿纠纷',
      description: '电动车与三轮车剐蹭，双方就医药费赔偿金额无法达成一致。',
      category: 'traffic',
      tier: 'general',
      territory: 'GT-09-01',
      riskColour: 'yellow',
      department: 'PCS',
    }),
  )
  await step(49, () => signTask(deps, as('u-hejun'), traffic, {}))
  await step(48, () => assignTask(deps, as('u-hejun'), traffic, { userId: 'u-xuming', note: '请徐明跟进调解' }))
  await step(30, () => progress('u-xuming', traffic, 'call', '已电话联系双方，约定周五到警务室调解。'))

  const leak = await count(
    create(8, {
      title: '邻里漏水纠纷',
      description: '楼上卫生间漏水导致楼下天花板霉变，双方对维修费用分担有争议。',
      category: 'neighbour',
      tier: 'general',
      territory: 'GT-01-01-01',
      riskColour: 'green',
      department: 'PCS',
    }),
  )
  await step(7.5, () => signTask(deps, as('u-hejun'), leak, {}))
  await publish(7, 'u-hejun', leak, { claimMode: 'first_come', rewardPoints: 15 })
  await step(1, () => claimTask(deps, as('u-wangli'), leak, {}))

  const dance = await count(
    create(40, {
      title: '广场舞噪音扰民',
      description: '小区广场舞音响音量过大，附近住户多次投诉。',
      category: 'noise',
      tier: 'simple',
      territory: 'GT-01-02-01',
      riskColour: 'green',
      department: 'PCS',
    }),
  )
  await step(39, () => signTask(deps, as('u-hejun'), dance, {}))
  await publish(38, 'u-hejun', dance, { claimMode: 'first_come', rewardPoints: 8, eligibility: { territory: 'GT-01' } })
  await step(37, () => claimTask(deps, as('u-chenqiang'), dance, {}))
  await step(35, () => progress('u-chenqiang', dance, 'visit', '已到现场，与广场舞队领队沟通，约定音量和结束时间。'))
  await step(22, () => submitTask(deps, as('u-chenqiang'), dance, { note: '双方达成约定：晚 8 点半前结束、音量降低，已签字确认。' }))

  // ---- 王丽's own work: in progress, closed (points), a report of each kind
  const fee = await count(
    create(70, {
      title: '物业费纠纷',
      description: '业主因电梯长期故障拒交物业费，物业公司停水威胁。',
      category: 'property',
      tier: 'general',
      territory: 'GT-01-01-03',
      riskColour: 'yellow',
    }),
  )
  await publish(69, 'u-zhaoyan', fee, { claimMode: 'first_come', rewardPoints: 20 })
  await step(68, () => claimTask(deps, as('u-wangli'), fee, {}))
  await step(60, () => progress('u-wangli', fee, 'visit', '走访业主代表和物业经理，了解电梯维修进度。'))
  await step(20, () => progress('u-wangli', fee, 'mediation', '组织业主代表与物业面谈，物业承诺本月内完成电梯维修。'))

  const parking = await count(
    create(120, {
      title: '车位纠纷',
      description: '两户邻居因私划车位发生口角。',
      category: 'neighbour',
      tier: 'simple',
      territory: 'GT-01-01-05',
      riskColour: 'green',
      department: 'PCS',
    }),
  )
  await step(119, () => signTask(deps, as('u-hejun'), parking, {}))
  await publish(118, 'u-hejun', parking, { claimMode: 'first_come', rewardPoints: 10 })
  await step(117, () => claimTask(deps, as('u-wangli'), parking, {}))
  await step(115, () => progress('u-wangli', parking, 'agreement', '双方签订调解协议，按物业规划使用车位。'))
  await step(108, () => submitTask(deps, as('u-wangli'), parking, { note: '已调解成功，附调解协议。' }))
  await step(100, () => reviewTask(deps, as('u-hejun'), parking, { decision: 'accept', rating: 5, closureCode: 'mediated', note: '处置及时' }))

  await step(6, () =>
    count(
      reportTask(deps, as('u-wangli'), {
        kind: 'direct',
        title: '违章搭建',
        description: '5 幢楼顶新建彩钢棚，疑似违章搭建，需综合执法核查。',
        category: 'building',
        tier: 'general',
        riskColour: 'green',
        parties: [],
        photos: [],
      }),
    ),
  )
  await step(4, () =>
    count(
      reportTask(deps, as('u-wangli'), {
        kind: 'self_handled',
        title: '占道经营已劝离',
        description: '早市流动摊贩占用人行道经营。',
        category: 'vending',
        tier: 'simple',
        riskColour: 'green',
        parties: [],
        photos: [],
        handlingNote: '现场劝导摊贩移至规定区域经营，已恢复通行。',
      }),
    ),
  )

  // ---- elsewhere: returned, closed, escalated, cancelled, overdue
  const prepaid = await count(
    create(60, {
      title: '预付卡退费纠纷',
      description: '健身房停业，会员要求退还预付卡余额。',
      category: 'consumer',
      tier: 'general',
      territory: 'GT-02-03',
      riskColour: 'yellow',
      department: 'SCJG',
    }),
  )
  await step(59, () => signTask(deps, as('u-tangwei'), prepaid, {}))
  await publish(58, 'u-tangwei', prepaid, { claimMode: 'first_come', rewardPoints: 12 })
  await step(57, () => claimTask(deps, as('u-zhoumin'), prepaid, {}))
  await step(40, () => progress('u-zhoumin', prepaid, 'visit', '联系经营者，已登记 23 名会员诉求。'))
  await step(30, () => submitTask(deps, as('u-zhoumin'), prepaid, { note: '经营者同意分期退费。' }))
  await step(26, () => reviewTask(deps, as('u-tangwei'), prepaid, { decision: 'return', reason: '缺少退费方案书面材料，请补充后重新提交。' }))

  const debt = await count(
    create(200, {
      title: '民间借贷纠纷',
      description: '亲戚间借款 5 万元逾期未还，双方多次争吵。',
      category: 'debt',
      tier: 'complex',
      territory: 'GT-09-01',
      riskColour: 'yellow',
      department: 'SFS',
    }),
  )
  await step(199, () => signTask(deps, as('u-majie'), debt, {}))
  await publish(198, 'u-majie', debt, { claimMode: 'first_come', rewardPoints: 25 })
  await step(197, () => claimTask(deps, as('u-sunhao'), debt, {}))
  await step(190, () => progress('u-sunhao', debt, 'mediation', '邀请乡贤参与调解，双方同意分三期还款。'))
  await step(148, () => submitTask(deps, as('u-sunhao'), debt, { note: '已达成还款协议。' }))
  await step(140, () => reviewTask(deps, as('u-majie'), debt, { decision: 'accept', rating: 4, closureCode: 'mediated' }))

  const petition = await count(
    create(40, {
      title: '重复信访诉求',
      description: '当事人就征迁补偿问题多次到街道上访。',
      category: 'petition',
      tier: 'complex',
      territory: 'GT-14-04',
      riskColour: 'red',
      department: 'XFB',
    }),
  )
  await step(10, () => escalateUnsigned(deps, petition))

  const dup = await count(
    create(12, { title: '噪音扰民（重复报警）', description: '与邻里噪音纠纷为同一事件。', category: 'noise', tier: 'simple', territory: 'GT-01-01-02' }),
  )
  await step(11, () => cancelTask(deps, as('u-zhaoyan'), dup, { closureCode: 'duplicate', reason: '与同楼噪音纠纷工单重复，已合并处理。' }))

  const shed = await count(
    create(60, {
      title: '违章搭建整改',
      description: '沿街商铺违规外扩雨棚，影响消防通道。',
      category: 'building',
      tier: 'simple',
      territory: 'GT-01-01-06',
      riskColour: 'yellow',
      department: 'ZHZF',
    }),
  )
  await step(59, () => signTask(deps, as('u-huanglei'), shed, {}))
  await step(58, () => assignTask(deps, as('u-huanglei'), shed, { userId: 'u-wangli', note: '请网格员先行劝导' }))
  await step(50, () => progress('u-wangli', shed, 'visit', '已上门告知整改要求，商户答应三日内拆除。'))
  await step(0.5, () => escalateOverdue(deps, shed))

  await count(
    create(1, {
      title: '噪音扰民（夜间施工）',
      description: '工地夜间违规施工，居民投诉。',
      category: 'noise',
      tier: 'simple',
      territory: 'GT-05-Z1',
      riskColour: 'green',
    }),
  )

  return { inserted: made, updated: 0, unchanged: 0 }
}
