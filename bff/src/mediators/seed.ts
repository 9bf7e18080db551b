/**
 * Demo data for `npm start` (never in tests, which build their own pools): the street's mediation
 * organisations, a pool of staff and external mediators with some history, and the story of issue 13
 * told through the real commands — a red 婚恋家庭 case gets a proposed team with reasons, one member
 * declines and is replaced, the team records a session and a successful agreement, and the members'
 * records change. A second red case is left without a team, to propose one live. Idempotent through
 * a marker inserted first.
 */
import { createTaskBody } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { ManualClock } from '../infra/clock'
import { isDuplicateKey } from '../infra/errors'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import type { SeedResult } from '../kernel/seeding'
import { createTask } from '../tasks/create'
import { taskDeps } from '../tasks/log'
import { loadTask } from '../tasks/store'
import { EXTERNAL, HISTORY, ORGS, STAFF } from './demo-pool'
import { addMediator, createOrg, setAvailability } from './profiles'
import { proposeFor, replacementsFor } from './proposal'
import { addSession, recordOutcome } from './records'
import { refreshStats } from './stats'
import { loadTeam } from './team-store'
import { answerInvitation, confirmTeam, replaceMember } from './teams'

const MARKER = 'demo-mediation:v1'
const HOUR = 3_600_000

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
