/**
 * 攻坚小组 end to end through the API, against the real database and the DingTalk/SMS simulator: a
 * red 婚恋家庭 case gets a proposal with reasons (the applicant's household excluded, the reason named
 * only to admins), the team is confirmed and invited (DingTalk notice or SMS with a one-time link), a
 * decline offers and takes a replacement, acceptances become the task's team seats by 指派, a
 * session and a successful agreement are recorded, the .docx names the parties, and the members'
 * records change; a member letting go of the task leaves the team, a re-route dissolves it.
 */
import type { TeamProposalView } from '@jqtb/shared'
import JSZip from 'jszip'
import request from 'supertest'
import { runOutboxOnce } from '../../bff/src/notifications/worker'
import { runSmsOnce } from '../../bff/src/sms/worker'
import type { TestApp } from '../support/app'
import { startAppWithSimulator } from '../support/app'
import type { TestSimulator } from '../support/simulator'
import { ADMIN, buildPool, CENTRE, eventually, familyCase, formTeam, mediation, type Pool, picksOf, uuid } from './mediators-fixtures'
import { as, createTask, detail } from './tasks-fixtures'

let app: TestApp
let sim: TestSimulator
let close: () => Promise<void>
let pool: Pool

beforeAll(async () => {
  ;({ app, sim, close } = await startAppWithSimulator())
  pool = await buildPool(app)
})
afterAll(() => close())

const outbox = (filter: Record<string, unknown>) => app.db.models.Outbox.find(filter).lean()
const proposalOf = async (taskId: string, userId = CENTRE) => {
  const res = await as(app, userId).get(`/api/mediation/tasks/${taskId}/proposal?dialect=${encodeURIComponent('慈溪话')}`)
  expect(res.status).toBe(200)
  return res.body as TeamProposalView
}

describe('a red 婚恋家庭 case gets a team', () => {
  let taskId: string
  let teamId: string

  it('the proposal follows the rule, explains every pick and hides the private relation from the proposer', async () => {
    taskId = await createTask(app, familyCase())
    const p = await proposalOf(taskId)
    expect(p.rule.id).toBe('family-red')
    expect(p.slots.map((s) => s.label)).toEqual(['民警', '司法所干部', '专职调解员', '当事人所在村社的村社干部'])
    expect(p.slots.map((s) => s.picks.map((c) => c.name))).toEqual([['徐明'], ['马洁'], ['黄新华'], ['林芳']])
    expect(p.slots[2].picks[0].summary).toContain('擅长婚恋家庭纠纷')
    expect(p.slots[2].alternatives.map((a) => a.name)).toEqual(['曹勇'])
    // 张建平 lives with the applicant: excluded; the proposer reads only that a declared relation exists
    const cadre = p.slots[3]
    expect(cadre.excluded.map((e) => [e.name, e.excludedBecause])).toEqual([['张建平', ['排除：与当事人存在申报的利害关系（详情仅管理员可见）']]])
    expect(JSON.stringify(p)).not.toMatch(/同户|父女/)
    expect(p.detailed).toBe(false)
    // an admin reads the relation
    const admin = await proposalOf(taskId, ADMIN)
    expect(admin.slots[3].excluded[0].excludedBecause).toEqual(['排除：与申请人（张丽）同户（父女）'])
    expect(admin.detailed).toBe(true)
  })

  it('confirming invites the members: a DingTalk notice to staff, an SMS with a one-time link to 黄新华; the task gets four team seats', async () => {
    const p = await proposalOf(taskId)
    const res = await as(app, CENTRE).post(`/api/mediation/tasks/${taskId}/team`, { requestId: uuid(), dialect: '慈溪话', members: picksOf(p) })
    expect(res.status).toBe(201)
    teamId = res.body.team.id
    expect(teamId).toBe(`${taskId}:team:1`)
    expect(res.body.team.members.map((m: { name: string; channelLabel: string; statusLabel: string }) => [m.name, m.channelLabel, m.statusLabel])).toEqual([
      ['徐明', '钉钉工作通知', '待答复'],
      ['马洁', '钉钉工作通知', '待答复'],
      ['黄新华', '短信', '待答复'],
      ['林芳', '钉钉工作通知', '待答复'],
    ])
    const task = await detail(app, taskId)
    expect(task).toMatchObject({ claimMode: 'team', seats: 4, state: 'draft' })
    expect(task.timeline.at(-1)).toMatchObject({ type: 'team_formed', label: '组建攻坚小组' })
    const invites = await outbox({ template: 'mediation_invite' })
    expect(invites.map((o) => o.recipients[0]).sort()).toEqual(['u-linfang', 'u-majie', 'u-xuming'])
    expect(await app.db.models.SmsOutbox.countDocuments({ template: 'mediation_invite' })).toBe(1)
    expect(await app.db.models.MediatorLoadSlot.countDocuments({ teamId })).toBe(4)
    // a second confirmation of the same task is refused; the same request again answers the same team
    const again = await as(app, CENTRE).post(`/api/mediation/tasks/${taskId}/team`, { requestId: uuid(), members: picksOf(p) })
    expect(again.status).toBe(409)
  })

  it('黄新华 declines through the SMS link; the centre is told with the next best, and replaces him', async () => {
    await runSmsOnce(app.deps, app.deps.smsTemplates)
    const [sms] = sim.state.sms.messages
    expect(sms.phone).toBe('13905746601')
    expect(sms.content).toMatch(
      /^【警情通办】黄新华您好，.+邀请您参加婚恋家庭纠纷调解（JQ\d{8}-\d{4}），请打开 http:\/\/127\.0\.0\.1:\d+\/m\/[\w-]{22} 确认是否参加。$/,
    )
    const path = new URL(/https?:\/\/\S+?(?= )/.exec(sms.content)?.[0] ?? '').pathname
    const page = await request(app.url).get(path)
    expect(page.status).toBe(200)
    expect(page.text).toContain('专职调解员')
    expect(page.text).toContain('申请人 张丽')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    // a phone's browser asks for HTML and reads the problem on the page; any other client gets the API's error
    const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
    const noReason = await request(app.url).post(path).set('Accept', BROWSER).type('form').send({ answer: 'decline' })
    expect(noReason.status).toBe(422)
    expect(noReason.type).toBe('text/html')
    expect(noReason.text).toContain('婉拒请简要说明原因')
    const noReasonApi = await request(app.url).post(path).type('form').send({ answer: 'decline' })
    expect([noReasonApi.status, noReasonApi.body.error?.code]).toEqual([422, 'DOMAIN_RULE'])
    const declined = await request(app.url).post(path).type('form').send({ answer: 'decline', reason: '本周在外地' })
    expect(declined.status).toBe(200)
    expect(declined.text).toContain('您已婉拒。原因：本周在外地')
    // answering again through the same link changes nothing
    expect((await request(app.url).post(path).type('form').send({ answer: 'accept' })).text).toContain('已婉拒')
    const [notice] = await outbox({ template: 'mediation_declined' })
    expect(notice).toMatchObject({ recipients: [CENTRE], data: { member: '黄新华', reason: '本周在外地', replacement: '曹勇（专职调解员）' } })
    const options = await as(app, CENTRE).get(`/api/mediation/teams/${encodeURIComponent(teamId)}/replacements?mediatorId=${pool.huang}`)
    expect(options.body.candidates[0]).toMatchObject({ name: '曹勇' })
    const replaced = await as(app, CENTRE).post(`/api/mediation/teams/${encodeURIComponent(teamId)}/replace`, {
      mediatorId: pool.huang,
      replacementId: 'u-caoyong',
    })
    expect(replaced.status).toBe(200)
    expect(replaced.body.team.members.map((m: { name: string; status: string }) => `${m.name}:${m.status}`)).toEqual([
      '徐明:invited',
      '马洁:invited',
      '黄新华:replaced',
      '林芳:invited',
      '曹勇:invited',
    ])
    expect(await app.db.models.MediatorLoadSlot.exists({ mediatorId: pool.huang })).toBeNull()
    expect((await detail(app, taskId)).timeline.at(-1)).toMatchObject({ type: 'team_changed' })
  })

  it('members accept; each takes a team seat by 指派, and the centre hears the team is complete', async () => {
    for (const id of ['u-xuming', 'u-majie', 'u-linfang', 'u-caoyong']) {
      const res = await as(app, id).post(`/api/mediation/teams/${encodeURIComponent(teamId)}/answer`, { answer: 'accept' })
      expect(res.status).toBe(200)
    }
    const task = await detail(app, taskId)
    expect(task.state).toBe('claimed')
    expect(task.holders.map((h) => h.userId).sort()).toEqual(['u-caoyong', 'u-linfang', 'u-majie', 'u-xuming'])
    expect(task.holders.every((h) => h.via === 'assign')).toBe(true)
    expect(await outbox({ template: 'mediation_team_ready', recipients: CENTRE })).toHaveLength(1)
    expect((await mediation(app, taskId)).team?.statusLabel).toBe('调解中')
  })

  it('a session and a successful agreement are recorded; the .docx names the parties; the members’ records change', async () => {
    const before = (await as(app, CENTRE).get('/api/mediators/u-caoyong')).body.stats
    const team = encodeURIComponent(teamId)
    const session = await as(app, 'u-caoyong').post(`/api/mediation/teams/${team}/sessions`, {
      requestId: uuid(),
      at: new Date(Date.now() - 3_600_000).toISOString(),
      place: '新城社区调解室',
      attendees: ['张丽', '王强', '徐明', '曹勇'],
      summary: '双方陈述，王强道歉。',
      nextStep: '次日起草协议',
    })
    expect(session.status).toBe(201)
    expect(session.body.sessions).toHaveLength(1)
    const outcome = await as(app, 'u-majie').post(`/api/mediation/teams/${team}/outcome`, {
      outcome: 'success',
      facts: '夫妻因酗酒争吵，经 110 处置后申请调解。',
      terms: ['王强向张丽赔礼道歉', '婚生子由张丽抚养'],
      performance: '每月 5 日前支付抚养费',
    })
    expect(outcome.status).toBe(201)
    expect(outcome.body.outcome).toMatchObject({ outcomeLabel: '调解成功', terms: ['王强向张丽赔礼道歉', '婚生子由张丽抚养'] })
    expect(outcome.body.team.statusLabel).toBe('已记录结果')
    // the timeline has both, recorded by the members who hold the task
    expect((await detail(app, taskId)).timeline.filter((e) => e.type === 'progress').map((e) => e.data.kind)).toEqual(['mediation', 'agreement'])
    // the agreement
    const doc = await request(app.url)
      .get(outcome.body.outcome.agreementUrl)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(doc.status).toBe(200)
    expect(doc.headers['content-type']).toContain('wordprocessingml')
    const xml = await (await JSZip.loadAsync(doc.body as Buffer)).file('word/document.xml')?.async('string')
    for (const words of ['人民调解协议书', '申请人：张丽', '被申请人：王强', '1. 王强向张丽赔礼道歉', '2. 婚生子由张丽抚养', '徐明、马洁、林芳、曹勇'])
      expect(xml).toContain(words)
    expect((await request(app.url).get(outcome.body.outcome.agreementUrl.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(403)
    // records
    const after = (await as(app, CENTRE).get('/api/mediators/u-caoyong')).body.stats
    expect([before.done, before.successRate, before.load]).toEqual([0, null, 1])
    expect([after.done, after.success, after.successRate, after.load]).toEqual([1, 1, 100, 0])
    expect(await app.db.models.MediationEventMark.exists({ _id: `${teamId}:outcome` })).not.toBeNull()
    // 司法确认 and the signed scan
    const confirm = await as(app, 'u-majie').post(`/api/mediation/teams/${team}/judicial-confirmation`, { court: '慈溪市人民法院' })
    expect(confirm.body.outcome.judicialConfirmation).toMatchObject({ court: '慈溪市人民法院' })
  })
})

describe('after the team is seated', () => {
  it('a member who lets go of the task leaves the team and the proposer is told; a re-route dissolves the team and gives every load back', async () => {
    const taskId = await createTask(
      app,
      familyCase({
        parties: [
          { name: '周芸', role: '申请人' },
          { name: '钱伟', role: '被申请人' },
        ],
      }),
    )
    const teamId = await formTeam(app, taskId)
    const team = encodeURIComponent(teamId)
    const members = (await mediation(app, taskId)).team?.members ?? []
    for (const m of members.filter((x) => x.channel === 'dingtalk'))
      await as(app, m.mediatorId).post(`/api/mediation/teams/${team}/answer`, { answer: 'accept' })
    const release = await as(app, 'u-xuming').post(`/api/tasks/${taskId}/release`, { reason: '临时抽调' })
    expect(release.status).toBe(200)
    const view = await mediation(app, taskId)
    expect(view.team?.members.find((m) => m.mediatorId === 'u-xuming')).toMatchObject({ status: 'left', reason: '放弃承办：临时抽调' })
    await eventually(async () => expect(await outbox({ template: 'mediation_member_left', 'data.member': '徐明' })).toHaveLength(1))
    expect(view.team?.can.replace).toContain('u-xuming')

    const route = await as(app, CENTRE).post(`/api/tasks/${taskId}/route`, { department: 'PCS' })
    expect(route.status).toBe(409) // held by members: the centre must take it back first
    const cancel = await as(app, CENTRE).post(`/api/tasks/${taskId}/cancel`, { closureCode: 'withdrawn', reason: '当事人撤回申请' })
    expect(cancel.status).toBe(200)
    const ended = await eventually(async () => {
      const v = await mediation(app, taskId)
      expect(v.team).toMatchObject({ status: 'dissolved', endReason: '工单已撤销' })
      return v
    })
    expect(ended.team?.can.replace).toEqual([])
    await eventually(async () => expect(await app.db.models.MediatorLoadSlot.countDocuments({ teamId })).toBe(0))
  })

  it('the citizen’s preferred mediator is kept unless conflicted, and the proposal says so', async () => {
    const taskId = await createTask(
      app,
      familyCase({
        parties: [
          { name: '吴敏', role: '申请人' },
          { name: '郑涛', role: '被申请人' },
        ],
      }),
    )
    const set = await as(app, CENTRE).put(`/api/mediation/tasks/${taskId}/preference`, { mediatorId: 'u-caoyong', note: '申请人吴敏来电要求' })
    expect(set.status).toBe(200)
    expect(set.body.preference).toMatchObject({ name: '曹勇', note: '申请人吴敏来电要求' })
    const p = await proposalOf(taskId)
    expect(p.preferred).toMatchObject({ status: 'kept', name: '曹勇' })
    expect(p.slots[2].picks[0]).toMatchObject({ name: '曹勇' })
    expect(p.slots[2].picks[0].summary).toMatch(/^当事人指定/)
    // 张建平 lives with 张丽: named for her own case he is not kept
    const other = await createTask(app, familyCase())
    await as(app, CENTRE).put(`/api/mediation/tasks/${other}/preference`, { mediatorId: pool.zhangjianping, note: '申请人张丽要求' })
    const q = await proposalOf(other)
    expect(q.preferred).toMatchObject({
      status: 'excluded',
      message: '当事人指定的张建平未被采用',
      reasons: ['排除：与当事人存在申报的利害关系（详情仅管理员可见）'],
    })
    // only the centre names one
    expect((await as(app, 'u-hejun').put(`/api/mediation/tasks/${taskId}/preference`, { mediatorId: null })).status).toBe(403)
  })

  it('the notices go out through the outbox (simulated DingTalk)', async () => {
    await runOutboxOnce(app.deps)
    const got = sim.state.messages.filter((m) => m.userId === 'u-xuming').map((m) => JSON.stringify(m.msg))
    expect(got.some((m) => m.includes('攻坚小组邀请'))).toBe(true)
  })
})
