/**
 * 人员管理 over HTTP: an admin lists people, adds one (by hand or from the sync's newcomers) who then
 * logs in through the DingTalk simulator, changes their roles, territory, department and 专长, links and
 * unlinks accounts; every change is in the person's history. Guard rails, permissions and bad input.
 */
import ExcelJS from 'exceljs'
import request from 'supertest'
import { startAppWithSimulator, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import type { TestSimulator } from '../support/simulator'
import { as as asUser } from './tasks-fixtures'

let sim: TestSimulator
let app: TestApp

let close: () => Promise<void>

beforeAll(async () => {
  ;({ app, sim, close } = await startAppWithSimulator())
})
afterAll(() => close())

const ADMIN = 'u-admin'
const as = (userId: string) => asUser(() => app, userId)
const admin = as(ADMIN)

/** Logs in the way the mini-app does: an auth code from the simulator for this platform account. */
async function loginWith(identity: { userid: string } | { accountId: number }, provider: 'dingtalk' | 'zhezhengding' = 'dingtalk') {
  const { authCode } = await sim.control<{ authCode: string }>('/authcode', { platform: provider, ...identity })
  return request(app.url).post('/api/auth/login').send({ authCode, provider })
}

const visitor = {
  name: '访客甲',
  title: '网格员',
  roles: ['grid_worker'],
  territory: 'GT-03-02',
  tags: ['邻里', '宁波话'],
  mobile: '13900001111',
  identities: { dingtalk: 'dt_visitor' },
}

describe('the people list', () => {
  it('lists people in post with names, masked phones, roles, territory and accounts', async () => {
    const res = await admin.get('/api/admin/people?limit=100')
    expect(res.status).toBe(200)
    const wangli = res.body.items.find((p: { id: string }) => p.id === 'u-wangli')
    expect(wangli).toMatchObject({
      name: '王丽',
      mobile: '138****0101',
      roleLabels: ['网格员'],
      territory: { code: 'GT-01-01', name: '新城社区第1网格' },
      department: null,
      tags: ['邻里', '物业'],
      active: true,
      identities: [
        { provider: 'dingtalk', externalId: 'dt_wangli' },
        { provider: 'zhezhengding', externalId: expect.any(String) },
      ],
    })
    expect(JSON.stringify(res.body)).not.toContain('13805740101')
    // 蒋涛 left: not among the people in post, but among the inactive
    expect(res.body.items.map((p: { name: string }) => p.name)).not.toContain('蒋涛')
    const inactive = await admin.get('/api/admin/people?status=inactive')
    expect(inactive.body.items.map((p: { name: string }) => p.name)).toEqual(['蒋涛'])
  })

  it('filters by role, territory subtree, department and name', async () => {
    const ids = async (query: string) => (await admin.get(`/api/admin/people?${query}`)).body.items.map((p: { id: string }) => p.id)
    expect(await ids('role=mediator')).toEqual(expect.arrayContaining(['u-zhengyu', 'u-majie', 'u-fengbo', 'u-yangxue', 'u-caoyong']))
    expect(await ids('role=mediator')).not.toContain('u-wangli')
    expect((await ids('territory=GT-01')).sort()).toEqual(['u-chenqiang', 'u-linfang', 'u-wangli'])
    expect(await ids('territory=GT-01-01')).toEqual(['u-wangli'])
    expect((await ids('department=PCS')).sort()).toEqual(['u-hejun', 'u-xuming'])
    expect(await ids(`q=${encodeURIComponent('王')}`)).toEqual(['u-wangli'])
    expect(await ids(`q=${encodeURIComponent('.*')}`)).toEqual([])
  })

  it('pages with a cursor, every person once', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: request.Response = await admin.get(`/api/admin/people?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      expect(res.body.items.length).toBeLessThanOrEqual(4)
      seen.push(...res.body.items.map((p: { id: string }) => p.id))
      cursor = res.body.nextCursor
    } while (cursor)
    const all = (await admin.get('/api/admin/people?limit=100')).body.items.map((p: { id: string }) => p.id)
    expect(seen).toEqual(all)
    expect(new Set(seen).size).toBe(seen.length)
    expect((await admin.get('/api/admin/people?cursor=nonsense')).status).toBe(400)
  })

  it('the centre may read the list and a person; other roles may not', async () => {
    expect((await as('u-zhaoyan').get('/api/admin/people')).status).toBe(200)
    expect((await as('u-zhaoyan').get('/api/admin/people/u-wangli')).status).toBe(200)
    for (const who of ['u-wangli', 'u-hejun', 'u-linfang', 'u-fengbo']) {
      const res = await as(who).get('/api/admin/people')
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
  })
})

describe('adding a person', () => {
  it('an outsider of the sync becomes a person who can log in through DingTalk', async () => {
    const before = await loginWith({ userid: 'dt_visitor' })
    expect([before.status, before.body.error.code]).toEqual([403, 'USER_NOT_IN_ORG'])
    // the sync lists them as a newcomer, and the newcomers page offers them
    const sync = await admin.post('/api/admin/org/sync')
    expect(sync.body.newcomers).toEqual([expect.objectContaining({ externalId: 'dt_visitor', name: '访客甲' })])
    const offered = await admin.get('/api/admin/org/newcomers')
    expect(offered.body).toMatchObject({
      run: { provider: 'dingtalk', by: '钱晓' },
      items: [{ provider: 'dingtalk', externalId: 'dt_visitor', name: '访客甲' }],
    })

    const res = await admin.post('/api/admin/people', visitor)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: '访客甲',
      mobile: '139****1111',
      roleLabels: ['网格员'],
      territory: { code: 'GT-03-02', name: '天九街社区第2网格' },
      tags: ['邻里', '宁波话'],
      active: true,
      identities: [{ provider: 'dingtalk', externalId: 'dt_visitor' }],
      history: [{ kind: 'created', kindLabel: '添加', actor: { id: ADMIN, name: '钱晓' } }],
    })
    expect(res.body.history[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'roles', label: '角色', from: '—', to: '网格员' },
        { field: 'territory', label: '属地', from: '—', to: '天九街社区第2网格' },
        { field: 'mobile', label: '手机号', from: '—', to: '139****1111' },
      ]),
    )

    const login = await loginWith({ userid: 'dt_visitor' })
    expect(login.status).toBe(200)
    expect(login.body.user).toMatchObject({ id: res.body.id, name: '访客甲', territory: { code: 'GT-03-02' }, tags: ['邻里', '宁波话'] })
    // the dev login offers them too, and work notifications can address them
    expect((await request(app.url).get('/api/dev/users')).body.items.map((u: { id: string }) => u.id)).toContain(res.body.id)
    expect(await app.db.models.User.findById(res.body.id).lean()).toMatchObject({ dingtalk: { userid: 'dt_visitor' } })
    expect((await admin.get('/api/admin/org/newcomers')).body.items).toEqual([])
    // a second sync no longer lists them
    expect((await admin.post('/api/admin/org/sync')).body.newcomers).toEqual([])
  })

  it('the same account added again is 409 IDENTITY_TAKEN naming who has it', async () => {
    const res = await admin.post('/api/admin/people', { ...visitor, name: '访客乙' })
    expect([res.status, res.body.error.code]).toEqual([409, 'IDENTITY_TAKEN'])
    expect(res.body.error.message).toBe('钉钉账号 dt_visitor 已属于访客甲（天九街社区第2网格），同一个账号只能对应一个人。')
    expect(res.body.error.details.holder).toMatchObject({ name: '访客甲' })
  })

  it('two admins adding the same person at once: one 201, one 409, one person', async () => {
    await admin.post('/api/admin/people', { ...visitor, name: '第二管理员', roles: ['admin'], territory: 'GT', identities: { dingtalk: 'dt_admin2' } })
    const other = as((await adminTwo()).id)
    for (let round = 0; round < 5; round++) {
      const b = { ...visitor, name: '新同事', identities: { dingtalk: `dt_race_${round}`, zhezhengding: 900100 + round } }
      const results = await Promise.all([admin.post('/api/admin/people', b), other.post('/api/admin/people', b)])
      expect(results.map((r) => r.status).sort()).toEqual([201, 409])
      expect(results.find((r) => r.status === 409)?.body.error.code).toBe('IDENTITY_TAKEN')
      const links = await app.db.models.UserIdentity.find({ _id: { $in: [`dingtalk:dt_race_${round}`, `zzd:${900100 + round}`] } }).lean()
      expect(links).toHaveLength(2)
      expect(new Set(links.map((l) => l.userId)).size).toBe(1)
      expect(await app.db.models.User.countDocuments({ 'dingtalk.userid': `dt_race_${round}` })).toBe(1)
    }
  })

  it('refuses a territory or department that does not exist, and a department role without a department', async () => {
    const add = (patch: object) => admin.post('/api/admin/people', { ...visitor, identities: { dingtalk: 'dt_someone' }, ...patch })
    let res = await add({ territory: 'GT-99' })
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([422, 'DOMAIN_RULE', '属地 GT-99 不存在，请从区域树中选择街道、村/社区或网格'])
    res = await add({ roles: ['dept_staff'], territory: 'GT' })
    expect([res.status, res.body.error.message]).toEqual([422, '部门工作人员需要选择所属部门'])
    res = await add({ roles: ['dept_staff'], territory: 'GT', department: 'NOPE' })
    expect([res.status, res.body.error.message]).toEqual([422, '部门 NOPE 不存在，请从部门列表中选择'])
    // nothing was claimed by the refused adds
    expect(await app.db.models.UserIdentity.exists({ _id: 'dingtalk:dt_someone' })).toBeNull()
  })

  it('bad input is 400 with the field named, in Chinese', async () => {
    const bad = async (body: object) => {
      const res = await admin.post('/api/admin/people', body)
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      return res.body.error.message as string
    }
    expect(await bad({ ...visitor, identities: {} })).toContain('请至少填写钉钉 userid 或浙政钉 accountId 之一')
    expect(await bad({ ...visitor, roles: [] })).toContain('请至少选择一个角色')
    expect(await bad({ ...visitor, roles: ['boss'] })).toContain('角色不存在')
    expect(await bad({ ...visitor, tags: ['会飞'] })).toContain('专长不在可选列表中')
    expect(await bad({ ...visitor, mobile: '12345' })).toContain('手机号应为 11 位数字')
    expect(await bad({ ...visitor, identities: { dingtalk: 'a b' } })).toContain('钉钉 userid')
    expect(await bad({ ...visitor, identities: { zhezhengding: 'abc' } })).toContain('浙政钉 accountId 应为数字')
    expect(await bad({ ...visitor, name: '' })).toContain('请填写姓名')
    expect(await bad({ ...visitor, isAdmin: true })).toContain('isAdmin')
    expect(await bad({ ...visitor, identities: { dingtalk: { $ne: null } } })).toContain('字段名不合法')
  })

  it('non-admins cannot add (403), not even the centre', async () => {
    for (const who of ['u-zhaoyan', 'u-wangli']) {
      const res = await as(who).post('/api/admin/people', { ...visitor, identities: { dingtalk: 'dt_x' } })
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
  })
})

/** The second admin added in the race test. */
async function adminTwo() {
  const res = await admin.get(`/api/admin/people?role=admin&q=${encodeURIComponent('第二管理员')}`)
  return res.body.items[0] as { id: string }
}

describe('changing a person', () => {
  const person = async () => (await admin.get('/api/admin/people?q=%E8%AE%BF%E5%AE%A2%E7%94%B2')).body.items[0] as { id: string }

  it('roles, territory, department, 专长 and title change, take effect on the next request, and are in the history', async () => {
    const { id } = await person()
    const res = await admin.patch(`/api/admin/people/${id}`, {
      roles: ['grid_worker', 'mediator'],
      territory: 'GT-05-Z1',
      tags: ['劳资'],
      title: '专属网格员',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ roleLabels: ['网格员', '调解员'], territory: { name: '三北社区工业园区专属网格' }, tags: ['劳资'], title: '专属网格员' })
    expect(res.body.history[0]).toMatchObject({ kind: 'updated', actor: { name: '钱晓' } })
    expect(res.body.history[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'roles', label: '角色', from: '网格员', to: '网格员、调解员' },
        { field: 'territory', label: '属地', from: '天九街社区第2网格', to: '三北社区工业园区专属网格' },
        { field: 'tags', label: '专长', from: '邻里、宁波话', to: '劳资' },
      ]),
    )
    const me = await request(app.url).get('/api/me').set(authHeader(app, id))
    expect(me.body).toMatchObject({ roleLabels: ['网格员', '调解员'], territory: { code: 'GT-05-Z1' } })

    const dept = await admin.patch(`/api/admin/people/${id}`, { roles: ['dept_staff'], territory: 'GT', department: 'SFS' })
    expect(dept.body).toMatchObject({ department: { code: 'SFS', name: '古塘司法所' } })
    const strip = await admin.patch(`/api/admin/people/${id}`, { department: null })
    expect([strip.status, strip.body.error.message]).toEqual([422, '部门工作人员需要选择所属部门'])
    const cleared = await admin.patch(`/api/admin/people/${id}`, { roles: ['grid_worker'], territory: 'GT-03-02', department: null, mobile: '' })
    expect(cleared.body).toMatchObject({ department: null, mobile: null })
    expect((await admin.patch(`/api/admin/people/${id}`, {})).status).toBe(400)
    expect((await as('u-zhaoyan').patch(`/api/admin/people/${id}`, { title: 'x' })).status).toBe(403)
    expect((await admin.patch('/api/admin/people/u-nobody', { title: 'x' })).status).toBe(404)
  })

  it('links and unlinks accounts; an unlinked account no longer logs in', async () => {
    const { id } = await person()
    const taken = await admin.post(`/api/admin/people/${id}/identities`, { provider: 'zhezhengding', externalId: 105401 })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'IDENTITY_TAKEN'])
    expect(taken.body.error.message).toContain('王丽')
    const linked = await admin.post(`/api/admin/people/${id}/identities`, { provider: 'zhezhengding', externalId: '105999' })
    expect(linked.status).toBe(200)
    expect(linked.body.identities).toEqual([
      { provider: 'dingtalk', platform: '钉钉', externalId: 'dt_visitor' },
      { provider: 'zhezhengding', platform: '浙政钉', externalId: '105999' },
    ])
    expect((await loginWith({ accountId: 105999 }, 'zhezhengding')).status).toBe(200)
    const second = await admin.post(`/api/admin/people/${id}/identities`, { provider: 'dingtalk', externalId: 'dt_other' })
    expect([second.status, second.body.error.message]).toEqual([409, '访客甲已关联钉钉账号 dt_visitor，请先解除再关联新的钉钉账号'])

    const unlinked = await admin.delete(`/api/admin/people/${id}/identities/dingtalk`)
    expect(unlinked.body.identities).toEqual([{ provider: 'zhezhengding', platform: '浙政钉', externalId: '105999' }])
    expect(unlinked.body.history[0]).toMatchObject({ kind: 'identity_unlinked', changes: [{ label: '钉钉账号', from: 'dt_visitor', to: '—' }] })
    expect((await loginWith({ userid: 'dt_visitor' })).status).toBe(403)
    expect((await admin.delete(`/api/admin/people/${id}/identities/dingtalk`)).status).toBe(404)
    expect((await admin.delete(`/api/admin/people/${id}/identities/qq`)).status).toBe(400)
    // back as it was for the tests below
    expect((await admin.post(`/api/admin/people/${id}/identities`, { provider: 'dingtalk', externalId: 'dt_visitor' })).status).toBe(200)
  })
})

describe('guard rails', () => {
  it('you cannot remove your own admin role, deactivate yourself, or unlink your only account', async () => {
    let res = await admin.patch(`/api/admin/people/${ADMIN}`, { roles: ['dispatcher'] })
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([
      422,
      'DOMAIN_RULE',
      '不能去掉自己的管理员角色。如需交接，请让另一位管理员操作。',
    ])
    res = await admin.post(`/api/admin/people/${ADMIN}/deactivate`, {})
    expect([res.status, res.body.error.message]).toEqual([422, '不能停用自己的账号。如需离岗，请让另一位管理员操作。'])
    const two = await adminTwo()
    res = await as(two.id).delete(`/api/admin/people/${two.id}/identities/dingtalk`)
    expect([res.status, res.body.error.message]).toEqual([422, '不能解除自己唯一的登录账号，否则您将无法再登录'])
    // with a second admin, the first may lose the role — by the other's hand
    res = await as(two.id).patch(`/api/admin/people/${ADMIN}`, { roles: ['admin', 'dispatcher'] })
    expect(res.status).toBe(200)
  })

  it('the last active admin cannot be deactivated or lose the role, even by the address book', async () => {
    const two = await adminTwo()
    // the second admin leaves: now 钱晓 is the last one
    expect((await admin.post(`/api/admin/people/${two.id}/deactivate`, { reason: '调离' })).status).toBe(200)
    await sim.control('/users/leave', { userId: 'u-admin' })
    const sync = await admin.post('/api/admin/org/sync')
    expect(sync.body.deactivated).not.toContain(ADMIN)
    expect(sync.body.kept).toEqual([{ userId: ADMIN, name: '钱晓', reason: expect.stringContaining('不能停用最后一位在职的管理员') }])
    expect((await admin.get('/api/me')).status).toBe(200)
    await sim.control('/reset', {})
    expect((await admin.post(`/api/admin/people/${two.id}/reactivate`)).status).toBe(200)
  })
})

describe('the assessment sheet heading', () => {
  it('names the street from the territory data', async () => {
    await app.db.models.Territory.updateOne({ _id: 'GT' }, { $set: { name: '浒山街道', fullName: '浒山街道' } })
    const res = await request(app.url)
      .get('/api/points/export')
      .set(authHeader(app, ADMIN))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.body as unknown as ArrayBuffer)
    expect(String(wb.getWorksheet('个人考核')?.getCell('A1').value)).toMatch(/^浒山街道 \d{4}年\d{1,2}月 个人积分考核表/)
  })
})
