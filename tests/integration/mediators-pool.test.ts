/**
 * The pool: organisations and profiles managed by admins, a mediator's own availability, declared
 * relations visible to admins only, external mediators who see only their own work, public cards
 * with nothing private, the rule table's versions, and the exclusions a proposal explains.
 */
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { ADMIN, buildPool, CENTRE, familyCase, formTeam, type Pool } from './mediators-fixtures'
import { as, createTask } from './tasks-fixtures'

let app: TestApp
let pool: Pool
beforeAll(async () => {
  app = await startTestApp()
  pool = await buildPool(app)
})
afterAll(() => app.close())

describe('profiles', () => {
  it('an admin sees the declared relations (phone masked); the centre sees that there are none to see', async () => {
    const admin = await as(app, ADMIN).get(`/api/mediators/${pool.zhangjianping}`)
    expect(admin.body.relations).toEqual([{ kind: 'household', kindLabel: '同户', name: '张丽', phoneMasked: '139****8801', note: '父女' }])
    expect(admin.body).toMatchObject({ kindLabel: '外部调解员', channelLabel: '短信', phoneMasked: '139****6607', can: { seeRelations: true } })
    const centre = await as(app, CENTRE).get(`/api/mediators/${pool.zhangjianping}`)
    expect(centre.body.relations).toBeUndefined()
    expect(JSON.stringify(centre.body)).not.toMatch(/父女|张丽|8801/)
    // nothing readable is stored: the relation's number only as a hash and a mask, the mediator's own encrypted
    const raw = JSON.stringify(await app.db.models.Mediator.findById(pool.zhangjianping).lean())
    expect(raw).not.toMatch(/13905748801|13905746607/)
  })

  it('only admins add and edit; a stale edit is refused; staff join from 人员管理 and get the 调解员 role', async () => {
    expect((await as(app, CENTRE).post('/api/mediators', { kind: 'staff', userId: 'u-zhoumin', profile: { type: 'grid' } })).status).toBe(403)
    const added = await as(app, ADMIN).post('/api/mediators', {
      kind: 'staff',
      userId: 'u-zhoumin',
      profile: { type: 'grid', domains: ['family'], home: 'GT-02-03' },
    })
    expect(added.status).toBe(201)
    expect((await app.db.models.User.findById('u-zhoumin').lean())?.roles).toEqual(['grid_worker', 'mediator'])
    expect((await as(app, ADMIN).post('/api/mediators', { kind: 'staff', userId: 'u-zhoumin', profile: { type: 'grid' } })).status).toBe(409)
    const edit = { rev: added.body.rev, profile: { type: 'grid', domains: ['family', 'neighbour'], years: 3 } }
    expect((await as(app, ADMIN).put('/api/mediators/u-zhoumin', edit)).status).toBe(200)
    const stale = await as(app, ADMIN).put('/api/mediators/u-zhoumin', edit)
    expect(stale.status).toBe(409)
    expect(stale.body.error.message).toBe('调解员资料已被他人修改，请刷新后再改')
    const badPhone = await as(app, ADMIN).post('/api/mediators', { kind: 'external', name: '某人', phone: '12345', profile: { type: 'volunteer' } })
    expect(badPhone.status).toBe(400)
    expect(badPhone.body.error.message).toContain('手机号应为 11 位数字')
  })

  it('a mediator sees and edits only their own availability', async () => {
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString()
    expect((await as(app, 'u-caoyong').put('/api/mediators/u-majie/availability', { until })).status).toBe(403)
    const own = await as(app, 'u-caoyong').put('/api/mediators/u-caoyong/availability', { until, note: '家中有事' })
    expect(own.status).toBe(200)
    expect(own.body.availability).toEqual({ onLeaveUntil: until, note: '家中有事' })
    expect((await as(app, 'u-caoyong').get('/api/mediators/me')).body.id).toBe('u-caoyong')
    expect((await as(app, 'u-caoyong').get('/api/mediators/u-majie')).status).toBe(403)
    expect((await as(app, 'u-caoyong').get('/api/mediators')).status).toBe(403)
    const past = await as(app, 'u-caoyong').put('/api/mediators/u-caoyong/availability', { until: new Date(Date.now() - 1000).toISOString() })
    expect(past.status).toBe(422)
    // the centre sees the leave (not its note) and the proposal explains it
    const seen = await as(app, CENTRE).get('/api/mediators/u-caoyong')
    expect(seen.body.availability.note).toBeUndefined()
    const task = await createTask(app, familyCase({ riskColour: 'yellow', parties: [{ name: '某甲', role: '申请人' }] }))
    const p = await as(app, CENTRE).get(`/api/mediation/tasks/${task}/proposal`)
    expect(p.body.slots[0].excluded.find((e: { name: string }) => e.name === '曹勇')?.excludedBecause?.[0]).toMatch(/^排除：休假中，\d+月\d+日后可安排$/)
    expect((await as(app, 'u-caoyong').put('/api/mediators/u-caoyong/availability', { until: null })).body.availability).toEqual({ onLeaveUntil: null })
  })
})

describe('edits at the same moment', () => {
  it('an admin’s profile edit and the mediator’s own leave made at once: neither is silently lost', async () => {
    for (let round = 0; round < 4; round++) {
      const view = await as(app, ADMIN).get('/api/mediators/u-linfang')
      const until = new Date(Date.now() + (round + 2) * 86_400_000).toISOString()
      const [edit, leave] = await Promise.all([
        as(app, ADMIN).put('/api/mediators/u-linfang', {
          rev: view.body.rev,
          profile: { type: 'cadre', domains: ['family'], home: 'GT-01', years: 20 + round },
        }),
        as(app, 'u-linfang').put('/api/mediators/u-linfang/availability', { until }),
      ])
      expect(leave.status).toBe(200)
      expect([200, 409]).toContain(edit.status) // a stale form is told, never applied over the leave
      const after = (await as(app, ADMIN).get('/api/mediators/u-linfang')).body
      expect(after.availability.onLeaveUntil).toBe(until)
      if (edit.status === 200) expect(after.years).toBe(20 + round)
    }
    await as(app, 'u-linfang').put('/api/mediators/u-linfang/availability', { until: null })
  })
})

describe('external mediators see only their own work', () => {
  it('with a session of their own they see their team’s task and nothing else; never the pool or others’ profiles', async () => {
    const mine = await createTask(app, familyCase({ riskColour: 'yellow', territory: 'GT-01-02', parties: [{ name: '外甲', role: '申请人' }] }))
    const other = await createTask(app, familyCase({ parties: [{ name: '外乙', role: '申请人' }] }))
    const teamId = await formTeam(app, mine)
    expect((await as(app, CENTRE).get(`/api/mediation/tasks/${mine}`)).body.team.members.map((m: { name: string }) => m.name)).toContain('黄新华')
    const huang = as(app, pool.huang)
    expect((await huang.post(`/api/mediation/teams/${encodeURIComponent(teamId)}/answer`, { answer: 'accept' })).status).toBe(200)
    const list = await huang.get('/api/tasks?view=all')
    expect(list.status).toBe(200)
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([mine])
    expect((await huang.get(`/api/tasks/${other}`)).status).toBe(403)
    expect((await huang.get(`/api/mediation/tasks/${other}`)).status).toBe(403)
    expect((await huang.get(`/api/mediation/tasks/${mine}`)).status).toBe(200)
    expect((await huang.get('/api/mediators')).status).toBe(403)
    expect((await huang.get(`/api/mediators/${pool.zhangjianping}`)).status).toBe(403)
    const self = await huang.get('/api/mediators/me')
    expect(self.body.relations).toBeUndefined()
    expect((await huang.get('/api/mediation/invitations')).body.items.map((i: { teamId: string }) => i.teamId)).toEqual([teamId])
    // the one-time link of another invitation does not open this one
    const gone = await request(app.url).get('/m/AAAAAAAAAAAAAAAAAAAAAA').set('Accept', 'text/html')
    expect([gone.status, gone.type]).toEqual([404, 'text/html'])
    expect(gone.text).toContain('链接已失效')
    expect((await request(app.url).get('/m/AAAAAAAAAAAAAAAAAAAAAA')).body.error?.code).toBe('NOT_FOUND')
    // now busy with 外甲's dispute, 黄新华 is not proposed for another dispute of 外甲
    const again = await createTask(app, familyCase({ riskColour: 'yellow', parties: [{ name: '外甲', role: '被申请人' }] }))
    const centre = await as(app, CENTRE).get(`/api/mediation/tasks/${again}/proposal`)
    expect(centre.body.slots[0].excluded.find((e: { name: string }) => e.name === '黄新华')?.excludedBecause).toEqual([
      '排除：正在调解涉及同一当事人（外甲）的另一纠纷',
    ])
    const admin = await as(app, ADMIN).get(`/api/mediation/tasks/${again}/proposal`)
    expect(admin.body.slots[0].excluded.find((e: { name: string }) => e.name === '黄新华')?.excludedBecause).toEqual([
      `排除：正在调解涉及同一当事人（外甲）的另一纠纷（${mine}）`,
    ])
  })
})

describe('public mediator cards', () => {
  it('list only those who agreed to be listed, with nothing private', async () => {
    const res = await request(app.url).get('/api/mediators/cards?domain=family')
    expect(res.status).toBe(200)
    const card = res.body.items.find((c: { name: string }) => c.name === '黄新华')
    expect(card).toMatchObject({ typeLabel: '专职调解员', years: 26, dialects: ['慈溪话'], orgs: ['黄新华工作室'], available: true })
    const text = JSON.stringify(res.body)
    for (const secret of ['phone', 'relations', 'home', 'ageBand', 'load', '139', 'GT-01']) expect(text).not.toContain(secret)
    expect((await request(app.url).get(`/api/mediators/cards/${pool.huang}`)).body.name).toBe('黄新华')
    // someone who did not agree is not listed
    const view = await as(app, ADMIN).get(`/api/mediators/${pool.zhangjianping}`)
    await as(app, ADMIN).put(`/api/mediators/${pool.zhangjianping}`, {
      rev: view.body.rev,
      profile: { type: 'cadre', domains: ['family'], home: 'GT-01-02-03', publicCard: false },
    })
    expect((await request(app.url).get(`/api/mediators/cards/${pool.zhangjianping}`)).status).toBe(404)
  })
})

describe('the composition rule table', () => {
  it('admins save versions; a stale save is 409; a table without the fallback row is refused in words', async () => {
    const current = await as(app, ADMIN).get('/api/mediation/rules')
    expect(current.body.version).toBe(0)
    const rules = current.body.rules
    const labour = {
      ...rules,
      rules: rules.rules.map((r: { id: string }) =>
        r.id === 'labour'
          ? {
              ...r,
              slots: [
                { type: 'labour', count: 1 },
                { type: 'legal_aid', count: 2 },
              ],
            }
          : r,
      ),
    }
    expect((await as(app, CENTRE).put('/api/mediation/rules', { baseVersion: 0, rules: labour })).status).toBe(403)
    const saved = await as(app, ADMIN).put('/api/mediation/rules', { baseVersion: 0, rules: labour, note: '劳资纠纷加一名律师' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ version: 1, updatedBy: { id: ADMIN } })
    expect((await as(app, ADMIN).put('/api/mediation/rules', { baseVersion: 0, rules: labour })).status).toBe(409)
    const noFallback = { ...rules, rules: rules.rules.filter((r: { id: string }) => r.id !== 'fallback') }
    const refused = await as(app, ADMIN).put('/api/mediation/rules', { baseVersion: 1, rules: noFallback })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toContain('须保留一条“不限类型、不限颜色”的兜底规则')
    // the new version decides the next proposal
    const task = await createTask(app, { ...familyCase(), category: 'labour', riskColour: 'yellow', parties: [{ name: '工人甲', role: '申请人' }] })
    const p = await as(app, CENTRE).get(`/api/mediation/tasks/${task}/proposal`)
    expect(p.body.rule.description).toBe('劳资纠纷 · 不限预警 → 劳动保障干部 1 + 法援律师 2')
    expect(p.body.slots[1]).toMatchObject({ count: 2, shortfall: '法援律师可安排的人数不足（缺 1 人）' })
  })
})

describe('organisations', () => {
  it('admins keep them with a contact and a territory; everyone signed in can read them', async () => {
    const bad = await as(app, ADMIN).post('/api/mediation/orgs', {
      name: '医疗纠纷调委会',
      kind: 'industry',
      territory: 'GT',
      contactName: '周',
      contactPhone: '0574-63012021',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('行业性调委会请选择行业')
    const made = await as(app, ADMIN).post('/api/mediation/orgs', {
      name: '医疗纠纷调委会',
      kind: 'industry',
      industry: 'medical',
      territory: 'GT',
      contactName: '周',
      contactPhone: '0574-63012021',
    })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ kindLabel: '行业性专业性调委会', industryLabel: '医疗', territory: { code: 'GT', name: '古塘街道' } })
    const list = await as(app, 'u-wangli').get('/api/mediation/orgs')
    expect(list.body.items.find((o: { name: string }) => o.name === '黄新华工作室')).toMatchObject({ members: 1 })
    const stale = await as(app, ADMIN).put(`/api/mediation/orgs/${made.body.id}`, {
      rev: 0,
      org: { name: '医疗纠纷调委会', kind: 'industry', industry: 'medical', territory: 'GT', contactName: '周', contactPhone: '0574-63012021' },
    })
    expect(stale.status).toBe(409)
  })
})
