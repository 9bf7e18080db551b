/**
 * Load caps under concurrency: proposers confirming teams for different tasks at the same moment
 * never book a mediator beyond their cap (load slots are unique keys `<mediatorId>:slot:<k>`), the
 * losers hear who filled up and whom to take instead, and nothing half-made is left behind.
 */
import { startTestApp, type TestApp } from '../support/app'
import { buildPool, CENTRE, familyCase, picksOf, uuid } from './mediators-fixtures'
import { as, createTask } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  await buildPool(app)
})
afterAll(() => app.close())

const slotsOf = (mediatorId: string) => app.db.models.MediatorLoadSlot.countDocuments({ mediatorId })

describe('two proposers at once', () => {
  it('the last free place of a mediator goes to exactly one team; the other proposer is told and offered the next best', async () => {
    // 马洁 is the only 司法所干部: give her a cap of 1 so the two teams compete for her
    const view = await as(app, 'u-admin').get('/api/mediators/u-majie')
    const profile = { ...view.body, domains: view.body.domains.map((d: { code: string }) => d.code), orgIds: [] }
    const put = await as(app, 'u-admin').put('/api/mediators/u-majie', {
      rev: view.body.rev,
      profile: {
        type: 'judicial',
        title: profile.title,
        orgIds: [],
        domains: profile.domains,
        years: profile.years,
        home: 'GT-03',
        loadCap: 1,
        publicCard: true,
        active: true,
      },
    })
    expect(put.status).toBe(200)
    const tasks = await Promise.all(
      [0, 1].map((i) =>
        createTask(
          app,
          familyCase({
            parties: [
              { name: `甲${i}`, role: '申请人' },
              { name: `乙${i}`, role: '被申请人' },
            ],
          }),
        ),
      ),
    )
    const proposals = await Promise.all(tasks.map((t) => as(app, CENTRE).get(`/api/mediation/tasks/${t}/proposal`)))
    for (const p of proposals) expect(p.body.slots[1].picks[0].name).toBe('马洁')
    // the centre confirms one while the 社治中心's other dispatcher confirms the other
    const [a, b] = await Promise.all([
      as(app, CENTRE).post(`/api/mediation/tasks/${tasks[0]}/team`, { requestId: uuid(), members: picksOf(proposals[0].body) }),
      as(app, 'u-zhaoyan').post(`/api/mediation/tasks/${tasks[1]}/team`, { requestId: uuid(), members: picksOf(proposals[1].body) }),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.error.message).toMatch(/^马洁的在办调解已满（1 件），刚被安排到其他小组，请更换人选/)
    expect(await slotsOf('u-majie')).toBe(1)
    // the loser took nobody: every slot it had taken before 马洁 was given back
    expect(await app.db.models.MediatorLoadSlot.countDocuments({})).toBe(4)
    expect(await app.db.models.MediationTeamEvent.countDocuments({})).toBe(1)
    // asking for her again once she is full is the same 409 (not a rule violation): her seat was taken
    const third = await createTask(app, familyCase({ parties: [{ name: '甲9', role: '申请人' }] }))
    const late = await as(app, 'u-zhaoyan').post(`/api/mediation/tasks/${third}/team`, { requestId: uuid(), members: picksOf(proposals[1].body) })
    expect(late.status).toBe(409)
    expect(late.body.error.message).toMatch(/^马洁的在办调解已满（1 件），刚被安排到其他小组，请更换人选/)
  })

  it('many proposals racing for one mediator with a cap of 3: never more than 3 memberships, in any round', async () => {
    const view = await as(app, 'u-admin').get('/api/mediators/u-caoyong')
    await as(app, 'u-admin').put('/api/mediators/u-caoyong', {
      rev: view.body.rev,
      profile: {
        type: 'professional',
        title: '',
        orgIds: [],
        domains: ['family', 'neighbour'],
        years: 40,
        home: 'GT-01',
        loadCap: 3,
        publicCard: true,
        active: true,
      },
    })
    const taskIds = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createTask(
          app,
          familyCase({
            riskColour: 'yellow',
            parties: [
              { name: `丙${i}`, role: '申请人' },
              { name: `丁${i}`, role: '被申请人' },
            ],
          }),
        ),
      ),
    )
    // the yellow 婚恋家庭 rule: 专职调解员 + the parties' village cadre; everyone names 曹勇 and 林芳 (cap 3 too)
    const body = () => ({
      requestId: uuid(),
      members: [
        { slotKey: '0', mediatorId: 'u-caoyong' },
        { slotKey: '1', mediatorId: 'u-linfang' },
      ],
    })
    const results = await Promise.all(taskIds.map((t, i) => as(app, i % 2 ? CENTRE : 'u-zhaoyan').post(`/api/mediation/tasks/${t}/team`, body())))
    const won = results.filter((r) => r.status === 201).length
    expect(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => [r.status, r.body?.error?.code])).toEqual([])
    expect(won).toBeLessThanOrEqual(3)
    expect(won).toBeGreaterThanOrEqual(1)
    expect(await slotsOf('u-caoyong')).toBe(won)
    expect(await slotsOf('u-linfang')).toBe(won)
    const teams = await app.db.models.MediationTeam.find({ ended: false, memberIds: 'u-caoyong' }).lean()
    expect(teams).toHaveLength(won)
  })

  it('a proposal over a full mediator says why, and offers someone else', async () => {
    const task = await createTask(app, familyCase({ riskColour: 'yellow', parties: [{ name: '戊', role: '申请人' }] }))
    const p = await as(app, CENTRE).get(`/api/mediation/tasks/${task}/proposal`)
    const pro = p.body.slots[0]
    expect(pro.excluded.find((e: { name: string }) => e.name === '曹勇')?.excludedBecause).toEqual(['排除：在办调解已满（3/3）'])
    expect(pro.picks[0].name).toBe('黄新华')
  })
})
