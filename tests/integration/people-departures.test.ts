/**
 * 停用 and 恢复 on FerretDB, where an update rewrites the whole document without re-checking its filter:
 * a departure is an inserted record, so a leaver's token is refused at once and no concurrent profile
 * update can let them back in. Org sync and the DingTalk push deactivate through the same command.
 */
import request from 'supertest'
import { startAppWithSimulator, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import type { TestSimulator } from '../support/simulator'
import { as } from './tasks-fixtures'

let sim: TestSimulator
let app: TestApp

let close: () => Promise<void>

beforeAll(async () => {
  ;({ app, sim, close } = await startAppWithSimulator())
})
afterAll(() => close())

const ADMIN = 'u-admin'
const post = (userId: string, path: string, body: object = {}) => as(app, userId).post(path, body)
const patch = (userId: string, path: string, body: object) => as(app, userId).patch(path, body)
const me = (token: { authorization: string }) => request(app.url).get('/api/me').set(token)
const deactivate = (id: string, reason?: string, as = ADMIN) => post(as, `/api/admin/people/${id}/deactivate`, reason ? { reason } : {})
const reactivate = (id: string, as = ADMIN) => post(as, `/api/admin/people/${id}/reactivate`)

async function login(userid: string) {
  const { authCode } = await sim.control<{ authCode: string }>('/authcode', { platform: 'dingtalk', userid })
  return request(app.url).post('/api/auth/login').send({ authCode })
}

describe('deactivate and reactivate', () => {
  it("deactivation refuses the person's existing token at once and their next login; reactivation lets them back", async () => {
    const token = authHeader(app, 'u-chenqiang')
    expect((await me(token)).status).toBe(200)
    const res = await deactivate('u-chenqiang', '调往其他街道')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ active: false, departure: { by: '钱晓', reason: '调往其他街道' } })
    expect(res.body.history[0]).toMatchObject({
      kind: 'deactivated',
      kindLabel: '停用',
      note: '调往其他街道',
      actor: { name: '钱晓' },
      changes: [{ label: '状态', from: '在职', to: '停用' }],
    })
    const refused = await me(token)
    expect([refused.status, refused.body.error.code]).toEqual([403, 'USER_NOT_IN_ORG'])
    const again = await login('dt_chenqiang')
    expect([again.status, again.body.error.message]).toEqual([403, '陈强，您的账号已停用（已调离或离职），无法登录。如有疑问请联系社治中心管理员。'])

    const twice = await deactivate('u-chenqiang')
    expect([twice.status, twice.body.error.code, twice.body.error.message]).toEqual([409, 'CONFLICT', '陈强已经停用了'])

    const back = await reactivate('u-chenqiang')
    expect(back.status).toBe(200)
    expect(back.body).toMatchObject({ active: true, departure: null })
    expect(back.body.history[0]).toMatchObject({ kind: 'reactivated', changes: [{ from: '停用', to: '在职' }] })
    expect((await me(token)).status).toBe(200)
    expect((await login('dt_chenqiang')).status).toBe(200)
    expect((await reactivate('u-chenqiang')).body.error.message).toBe('陈强没有停用，无需恢复')
  })

  it('whatever a stale write puts into users.active, the departure record decides', async () => {
    await deactivate('u-zhoumin')
    // what a concurrent whole-document rewrite of an older copy would do on FerretDB
    await app.db.models.User.updateOne({ _id: 'u-zhoumin' }, { $set: { active: true } })
    expect((await me(authHeader(app, 'u-zhoumin'))).status).toBe(403)
    expect((await login('dt_zhoumin')).status).toBe(403)
    const list = await request(app.url).get('/api/admin/people?status=inactive').set(authHeader(app, ADMIN))
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain('u-zhoumin')
    await reactivate('u-zhoumin')
  })

  it('a person marked inactive by the seed (蒋涛) can be reactivated, and is refused until then', async () => {
    expect((await me(authHeader(app, 'u-departed'))).status).toBe(403)
    const res = await reactivate('u-departed')
    expect(res.body).toMatchObject({ active: true })
    expect((await me(authHeader(app, 'u-departed'))).status).toBe(200)
    await deactivate('u-departed', '已离职')
  })

  it('two admins reactivating at once: one does it, the other is told', async () => {
    const second = (await post(ADMIN, '/api/admin/people', { name: '副管理员', roles: ['admin'], territory: 'GT', identities: { dingtalk: 'dt_admin_b' } }))
      .body.id
    for (let round = 0; round < 6; round++) {
      expect((await deactivate('u-sunhao')).status).toBe(200)
      const results = await Promise.all([reactivate('u-sunhao'), reactivate('u-sunhao', second)])
      expect(results.map((r) => r.status).sort()).toEqual([200, 409])
      expect((await me(authHeader(app, 'u-sunhao'))).status).toBe(200)
    }
    const history = await app.db.models.UserChange.find({ userId: 'u-sunhao', kind: 'reactivated' }).lean()
    expect(history).toHaveLength(6)
  })

  it('non-admins may not deactivate (403), and an unknown person is 404', async () => {
    for (const who of ['u-zhaoyan', 'u-hejun', 'u-wangli']) {
      const res = await deactivate('u-chenqiang', undefined, who)
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    expect((await deactivate('u-nobody')).status).toBe(404)
    expect((await deactivate('bad id!')).status).toBe(400)
    expect((await post(ADMIN, '/api/admin/people/u-chenqiang/deactivate', { reason: 'x'.repeat(201) })).status).toBe(400)
    expect((await post(ADMIN, '/api/admin/people/u-chenqiang/reactivate', { force: true })).status).toBe(400)
  })
})

describe('under concurrency', () => {
  it('profile updates fired alongside a deactivation never leave the leaver able to sign in', async () => {
    const token = authHeader(app, 'u-wujing')
    for (let round = 0; round < 8; round++) {
      const updates = Array.from({ length: 6 }, (_, i) =>
        patch(ADMIN, '/api/admin/people/u-wujing', i % 2 ? { title: `专属网格员 ${round}-${i}` } : { tags: i % 4 ? ['劳资'] : ['劳资', '四川话'] }),
      )
      const [off, ...rest] = await Promise.all([deactivate('u-wujing', `第 ${round + 1} 轮`), ...updates])
      expect(off.status).toBe(200)
      for (const r of rest) expect(r.status).toBe(200)
      expect((await me(token)).status).toBe(403)
      expect((await login('dt_wujing')).status).toBe(403)
      // the cached flag ends right too, and the history has every change once, in order
      expect((await app.db.models.User.findById('u-wujing').lean())?.active).toBe(false)
      const detail = await request(app.url).get('/api/admin/people/u-wujing').set(authHeader(app, ADMIN))
      expect(detail.body.active).toBe(false)
      const seqs = detail.body.history.map((h: { seq: number }) => h.seq)
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
      expect(new Set(seqs).size).toBe(seqs.length)
      expect((await reactivate('u-wujing')).status).toBe(200)
      expect((await me(token)).status).toBe(200)
    }
  })

  it('two admins removing each other at the same moment: at least one admin remains', async () => {
    const second = (
      await request(app.url)
        .get(`/api/admin/people?role=admin&q=${encodeURIComponent('副管理员')}`)
        .set(authHeader(app, ADMIN))
    ).body.items[0].id as string
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all([deactivate(second, undefined, ADMIN), deactivate(ADMIN, undefined, second)])
      const ok = results.filter((r) => r.status === 200)
      for (const r of results.filter((x) => x.status !== 200)) expect(['LAST_ADMIN', 'USER_NOT_IN_ORG']).toContain(r.body.error.code)
      const admins = [ADMIN, second]
      const able = await Promise.all(admins.map(async (id) => (await me(authHeader(app, id))).status === 200))
      expect(able.filter(Boolean).length).toBeGreaterThanOrEqual(1)
      expect(ok.length).toBeLessThanOrEqual(1)
      // put both back for the next round
      const actor = able[0] ? ADMIN : second
      for (const [i, id] of admins.entries()) if (!able[i]) expect((await reactivate(id, actor)).status).toBe(200)
    }
  })
})

describe('the address book deactivates through the same command', () => {
  it('org sync: a person who left gets a departure record and a history entry naming the sync', async () => {
    const token = authHeader(app, 'u-linfang')
    await sim.control('/users/leave', { userId: 'u-linfang' })
    const sync = await post(ADMIN, '/api/admin/org/sync')
    expect(sync.body.deactivated).toContain('u-linfang')
    expect((await me(token)).status).toBe(403)
    const departure = await app.db.models.UserDeparture.findById('u-linfang').lean()
    expect(departure).toMatchObject({ by: { id: 'system:org-sync', name: '通讯录同步（钱晓）' }, reason: '已不在钉钉通讯录中' })
    const detail = await request(app.url).get('/api/admin/people/u-linfang').set(authHeader(app, ADMIN))
    expect(detail.body.history[0]).toMatchObject({ kind: 'deactivated', actor: { name: '通讯录同步（钱晓）' } })
    // a second sync changes nothing
    expect((await post(ADMIN, '/api/admin/org/sync')).body.deactivated).not.toContain('u-linfang')
    await sim.control('/reset', {})
  })

  it('DingTalk user_leave_org: deactivated at once, recorded as the event', async () => {
    const res = await sim.control<{ push: { accepted: boolean } }>('/users/leave', { userId: 'u-xuming', callbackUrl: `${app.url}/api/dingtalk/events` })
    expect(res.push.accepted).toBe(true)
    expect((await me(authHeader(app, 'u-xuming'))).status).toBe(403)
    expect(await app.db.models.UserDeparture.findById('u-xuming').lean()).toMatchObject({ by: { name: '钉钉通讯录事件' } })
    await sim.control('/reset', {})
  })
})
