/**
 * The risk demo month for `npm start`: disputes that come back and turn violent, made through the
 * real task commands on a clock set back in time, so the engine colours them by itself as they
 * happen (the reasons are in each task's timeline and on its card) and the watch list fills:
 * - 李某芳 (新城社区 5 幢 301): a couple, 110 → 12345 → 110 in a month; the third call says the
 *   husband 扬言要报复 → red on its own, paged, signed and assigned in time;
 * - 丰园村 3 组 12 号: neighbours over a ditch, three times in forty days, the last with 推搡 and an
 *   injury → yellow on its own (same address, different callers);
 * - a wage dispute where workers threaten to 越级上访 and 围堵 the site → yellow;
 * - a neighbour dispute left open past its due date → yellow by the sweep (age, overdue);
 * and by hand: 何军 puts an address on the list, names 徐明 to follow the couple up, reviews one.
 * Idempotent through a marker inserted first; old events ring nobody's phone (a quiet notifier).
 */
import { type CreateTaskInput, createTaskBody, HOUR_MS, type ProgressInput, partyKey, progressBody } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { ManualClock } from '../infra/clock'
import { isDuplicateKey } from '../infra/errors'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import { assignTask } from '../tasks/claims'
import { createTask } from '../tasks/create'
import type { TaskDeps } from '../tasks/log'
import { phoneHash } from '../tasks/pii'
import { addProgress, reviewTask, signTask, submitTask } from '../tasks/workflow'
import { subjectId } from './cases'
import { addToWatch, reviewWatch, setResponsible } from './commands'
import { runRiskSweep } from './jobs'
import { riskRulesAt } from './rule-versions'

const MARKER = 'demo-risk:v1'
const DAY_H = 24

export async function seedRiskDemo(app: AppDeps, now: Date): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const { db } = app
  try {
    await db.models.TaskNumber.collection.insertOne({ _id: MARKER, day: 'demo-marker', n: 0, at: now } as never)
  } catch (err) {
    if (isDuplicateKey(err)) return { inserted: 0, updated: 0, unchanged: 1 }
    throw err
  }
  const clock = new ManualClock(now)
  const deps: TaskDeps = { db, clock, notifier: { enqueue: async () => ({ queued: false }) }, events: app.events, piiKey: app.config.piiKey }
  const users = new Map<string, AuthUser>()
  for (const u of await db.models.User.find({}).lean()) users.set(u._id, toAuthUser(u))
  const as = (id: string) => users.get(id) as AuthUser
  const t0 = now.getTime()
  const at = (hoursAgo: number) => clock.set(t0 - hoursAgo * HOUR_MS)
  let made = 0
  const create = async (hoursAgo: number, input: CreateTaskInput) => {
    at(hoursAgo)
    made++
    return (await createTask(deps, as('u-zhaoyan'), createTaskBody.parse(input))).state.id
  }
  const step = async (hoursAgo: number, fn: () => Promise<unknown>) => {
    at(hoursAgo)
    await fn()
  }
  const progress = (who: string, id: string, input: ProgressInput) => addProgress(deps, as(who), id, progressBody.parse(input))
  /** assigned, handled, submitted and accepted: a case that was closed */
  const handled = async (id: string, hoursAgo: number, who: string, note: string) => {
    await step(hoursAgo, () => assignTask(deps, as('u-zhaoyan'), id, { userId: who }))
    await step(hoursAgo - 2, () => progress(who, id, { kind: 'visit', note }))
    await step(hoursAgo - 3, () => submitTask(deps, as(who), id, { note }))
    await step(hoursAgo - 4, () => reviewTask(deps, as('u-zhaoyan'), id, { decision: 'accept', rating: 4, closureCode: 'mediated' }))
  }

  // ---- 李某芳 and her husband, 新城社区 5 幢 301: three calls in a month, across 110 and 12345
  const couple = [
    { name: '李某芳', role: '报警人', phone: '13705749001' },
    { name: '王某强', role: '丈夫', phone: '13705749002' },
  ]
  const home = { lat: 30.1712, lng: 121.2468, address: '新城社区5幢301室' }
  const c1 = await create(26 * DAY_H, {
    title: '夫妻争吵',
    description: '夫妻因家务琐事争吵，邻居听到摔东西声报警。',
    category: 'family',
    tier: 'simple',
    territory: 'GT-01-01-03',
    parties: couple,
    location: home,
    sourceRef: '110-20261101-0133',
  })
  await handled(c1, 26 * DAY_H - 1, 'u-wangli', '已上门劝解，双方情绪平复，表示不再争吵。')
  const c2 = await create(12 * DAY_H, {
    title: '家庭矛盾求助',
    description: '李女士来电反映丈夫酒后吵闹，要求社区介入。',
    category: 'family',
    tier: 'simple',
    territory: 'GT-01-01-03',
    parties: couple,
    location: home,
    sourceRef: '12345-20261115-2210',
  })
  await handled(c2, 12 * DAY_H - 1, 'u-wangli', '联系双方到社区调解室谈话，约定男方戒酒。')
  const c3 = await create(2 * DAY_H, {
    title: '家庭纠纷（再次报警）',
    description: '李女士报警称丈夫酒后扬言要报复她娘家人，情绪失控。',
    category: 'family',
    tier: 'general',
    territory: 'GT-01-01-03',
    parties: couple,
    location: home,
    department: 'PCS',
    sourceRef: '110-20261125-0419',
  })
  await step(2 * DAY_H - 1, () => signTask(deps, as('u-hejun'), c3, { note: '已阅红色预警，安排社区民警当晚上门' }))
  await step(2 * DAY_H - 1.5, () => assignTask(deps, as('u-hejun'), c3, { userId: 'u-xuming', note: '请当晚上门，必要时联系妇联' }))
  await step(DAY_H + 20, () => progress('u-xuming', c3, { kind: 'visit', note: '已上门，男方酒醒后承认冲动，但仍对岳父家有怨气，需持续关注。' }))

  // ---- 丰园村 3 组 12 号: neighbours over a ditch, three times in forty days
  const ditch = { lat: 30.1403, lng: 121.2291, address: '丰园村3组12号' }
  const d1 = await create(40 * DAY_H, {
    title: '排水沟纠纷',
    description: '两户因排水沟堵塞、污水漫入院子争吵。',
    category: 'neighbour',
    tier: 'simple',
    territory: 'GT-09-02',
    parties: [{ name: '沈某根', role: '当事人', phone: '13905749101' }],
    location: ditch,
    sourceRef: '12345-20261018-0907',
  })
  await handled(d1, 40 * DAY_H - 1, 'u-fengbo', '组织双方现场查看，约定共同疏通排水沟。')
  const d2 = await create(15 * DAY_H, {
    title: '排水沟纠纷（再次）',
    description: '排水沟再次堵塞，双方发生口角。',
    category: 'neighbour',
    tier: 'simple',
    territory: 'GT-09-02',
    parties: [{ name: '沈某根', role: '当事人', phone: '13905749101' }],
    location: ditch,
    sourceRef: '110-20261112-0588',
  })
  await handled(d2, 15 * DAY_H - 1, 'u-fengbo', '村干部协调，由村里出资改造排水沟。')
  await create(20, {
    title: '邻里纠纷（推搡受伤）',
    description: '邻居朱某因排水沟改造施工与沈家发生推搡，沈某根手臂受伤。',
    category: 'neighbour',
    tier: 'general',
    territory: 'GT-09-02',
    parties: [{ name: '朱某', role: '报警人', phone: '13905749102' }],
    location: ditch,
    sourceRef: '110-20261126-1102',
  })

  // ---- wages: workers threaten to go to the city and block the site
  await create(30, {
    title: '工地讨薪',
    description: '十余名工人称被拖欠两个月工资，扬言要去市里越级上访，并围堵项目部大门。',
    category: 'wages',
    tier: 'general',
    territory: 'GT-05-Z1',
    parties: [{ name: '工人代表张某', role: '申请人', phone: '13605749201' }],
    department: 'LDBZ',
  })

  // ---- a neighbour dispute nobody finished: open 12 days, 5 past due (the sweep colours it)
  await create(12 * DAY_H, {
    title: '宠物狗扰邻纠纷',
    description: '楼上住户的狗夜间吠叫，楼下老人曾与其发生推搡。',
    category: 'neighbour',
    tier: 'general',
    territory: 'GT-01-02-02',
    parties: [{ name: '钟某', role: '报警人', phone: '13805749301' }],
  })

  // ---- by hand: the 派出所 keeps its own list
  at(DAY_H)
  const rules = (await riskRulesAt(db, clock.now())).rules
  await addToWatch(
    deps,
    as('u-hejun'),
    { kind: 'address', address: '新城社区8幢底商', territory: 'GT-01-01-06', reason: '近期多次因占道停车争吵，有人扬言报复，列入重点关注' },
    rules,
  )
  at(DAY_H - 1)
  const coupleId = subjectId(partyKey(phoneHash(app.config.piiKey, '13705749001')))
  await setResponsible(deps, as('u-hejun'), coupleId, 'u-xuming', rules)
  at(3)
  await reviewWatch(deps, as('u-xuming'), coupleId, '电话回访李女士，本周未再发生争吵，男方已戒酒一周。', rules)

  // the day the demo starts: time-based scores and the watch list as of now (quietly)
  clock.set(now)
  await runRiskSweep(deps)
  return { inserted: made, updated: 0, unchanged: 0 }
}
