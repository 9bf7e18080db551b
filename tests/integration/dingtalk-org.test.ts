import request from 'supertest'
import type { ProviderName } from '../../bff/src/dingtalk'
import { DingTalkCallbackCrypto } from '../../bff/src/dingtalk/callback-crypto'
import { seedDemo } from '../../bff/src/seed/seed'
import { callbackSignature, decryptReply, encryptEvent } from '../../simulator/src/callback-crypto'
import { SEEDED_APPS } from '../../simulator/src/org'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { startSimulator, type TestSimulator } from '../support/simulator'

// Stretch of issue 3: the address book from DingTalk / 浙政钉 (sync), and DingTalk's encrypted event push.

let sim: TestSimulator
let app: TestApp

async function setUp(provider: ProviderName = 'dingtalk') {
  sim = await startSimulator()
  app = await startTestApp({ simulatorUrl: sim.url, env: { DINGTALK_PROVIDER: provider } })
}
async function tearDown() {
  await app.close()
  await sim.close()
}
/** Back to the demo organisation on both sides (cheaper than a fresh app per test). */
async function restore() {
  await sim.control('/reset', {})
  await seedDemo(app.db)
}

const user = (id: string) => app.db.models.User.findById(id).lean()
const sync = (as = 'u-admin', body: object = {}) => request(app.url).post('/api/admin/org/sync').set(authHeader(app, as)).send(body)

describe.each<ProviderName>(['dingtalk', 'zhezhengding'])('org sync from %s', (provider) => {
  beforeAll(() => setUp(provider))
  afterEach(() => restore())
  afterAll(() => tearDown())

  it('reads the whole address book; with nothing changed it changes nothing and lists the one outsider', async () => {
    const res = await sync()
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ provider, updated: [], deactivated: [] })
    expect(res.body.departments).toBe(1 + 8 + 16 + 113)
    expect(res.body.newcomers).toEqual([
      { externalId: provider === 'dingtalk' ? 'dt_visitor' : '105999', name: '访客甲', title: '外单位人员', departments: expect.any(Array) },
    ])
  })

  it('takes profile changes from the platform and deactivates people who left; roles and territory stay ours', async () => {
    await sim.control('/users/update', { userId: 'u-wangli', title: '网格长', mobile: '13900000001' })
    await sim.control('/users/leave', { userId: 'u-chenqiang' })
    const res = await sync()
    expect(res.body).toMatchObject({ updated: ['u-wangli'], deactivated: ['u-chenqiang'] })
    // 浙政钉's address book carries no personal mobile (docs/dingtalk.md#address-book-sync), so only DingTalk updates it
    const mobile = provider === 'dingtalk' ? '13900000001' : '13805740101'
    expect(await user('u-wangli')).toMatchObject({ title: '网格长', mobile, roles: ['grid_worker'], territory: 'GT-01-01', active: true })
    expect((await user('u-chenqiang'))?.active).toBe(false)
    const me = await request(app.url).get('/api/me').set(authHeader(app, 'u-chenqiang'))
    expect([me.status, me.body.error.code]).toEqual([403, 'USER_NOT_IN_ORG'])
  })

  it('changes nothing when the platform fails part-way (a partial read must not deactivate anyone)', async () => {
    await sim.control('/users/leave', { userId: 'u-chenqiang' })
    await sim.fault({ endpoint: provider === 'dingtalk' ? 'department/listsub' : 'pageSubOrganizationCodes', kind: 'http', status: 503 })
    const res = await sync()
    expect([res.status, res.body.error.code]).toEqual([502, 'UPSTREAM_FAILED'])
    expect((await user('u-chenqiang'))?.active).toBe(true)
  })

  it('is for admins only', async () => {
    const res = await sync('u-hejun')
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })
})

describe('DingTalk event push (事件订阅)', () => {
  beforeAll(() => setUp())
  afterEach(() => restore())
  afterAll(() => tearDown())
  const callbackUrl = () => `${app.url}/api/dingtalk/events`

  it('answers check_url with an encrypted "success" the platform can verify', async () => {
    const res = await sim.control<{ accepted: boolean; status: number }>('/events', { callbackUrl: callbackUrl(), eventType: 'check_url' })
    expect(res).toMatchObject({ delivered: true, status: 200, accepted: true })
  })

  it('user_leave_org deactivates the person at once', async () => {
    const token = authHeader(app, 'u-zhoumin')
    const res = await sim.control<{ push: { accepted: boolean } }>('/users/leave', { userId: 'u-zhoumin', callbackUrl: callbackUrl() })
    expect(res.push.accepted).toBe(true)
    expect((await user('u-zhoumin'))?.active).toBe(false)
    expect((await request(app.url).get('/api/me').set(token)).status).toBe(403)
    // DingTalk resends until it hears success: handling the same event twice is harmless
    const again = await sim.control<{ accepted: boolean }>('/events', { callbackUrl: callbackUrl(), eventType: 'user_leave_org', userIds: ['dt_zhoumin'] })
    expect(again.accepted).toBe(true)
  })

  it('user_modify_org refreshes the profile from DingTalk', async () => {
    const res = await sim.control<{ push: { accepted: boolean } }>('/users/update', {
      userId: 'u-xuming',
      title: '社区民警（组长）',
      callbackUrl: callbackUrl(),
    })
    expect(res.push.accepted).toBe(true)
    expect((await user('u-xuming'))?.title).toBe('社区民警（组长）')
  })

  it('user_add_org of someone outside our organisation is acknowledged and changes nothing', async () => {
    const before = await app.db.models.User.countDocuments({})
    const res = await sim.control<{ accepted: boolean }>('/events', { callbackUrl: callbackUrl(), eventType: 'user_add_org', userIds: ['sim-visitor'] })
    expect(res.accepted).toBe(true)
    expect(await app.db.models.User.countDocuments({})).toBe(before)
  })

  it('rejects a bad signature, a changed body, and a message for another app', async () => {
    const { callbackToken, callbackAesKey, appKey } = SEEDED_APPS.dingtalk
    const ts = String(Date.now())
    const post = (encrypt: string, signature: string) =>
      request(app.url).post(`/api/dingtalk/events?msg_signature=${signature}&timeStamp=${ts}&nonce=n`).send({ encrypt })
    const good = encryptEvent(callbackAesKey, appKey, JSON.stringify({ EventType: 'user_leave_org', UserId: ['dt_wangli'] }))
    expect((await post(good, 'f'.repeat(40))).status).toBe(403)
    expect((await post(`${good.slice(0, -4)}AAA=`, callbackSignature(callbackToken, ts, 'n', good))).status).toBe(403)
    const foreign = encryptEvent(callbackAesKey, 'someone-elses-app', JSON.stringify({ EventType: 'user_leave_org', UserId: ['dt_wangli'] }))
    const res = await post(foreign, callbackSignature(callbackToken, ts, 'n', foreign))
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect((await request(app.url).post('/api/dingtalk/events').send({})).status).toBe(400)
    expect((await user('u-wangli'))?.active).toBe(true)
  })
})

describe('DingTalk event push: replays', () => {
  beforeAll(() => setUp())
  afterEach(() => restore())
  afterAll(() => tearDown())

  const signedPush = (eventType: string, userIds: string[], at: number, nonce: string) => {
    const { callbackToken, callbackAesKey, appKey } = SEEDED_APPS.dingtalk
    const encrypt = encryptEvent(callbackAesKey, appKey, JSON.stringify({ EventType: eventType, UserId: userIds, TimeStamp: String(at) }))
    const signature = callbackSignature(callbackToken, String(at), nonce, encrypt)
    return () => request(app.url).post(`/api/dingtalk/events?msg_signature=${signature}&timeStamp=${at}&nonce=${nonce}`).send({ encrypt })
  }

  it('a captured push replayed later is acknowledged but not applied again (a re-hired person stays active)', async () => {
    const leave = signedPush('user_leave_org', ['dt_sunhao'], Date.now(), 'nonce-leave-1')
    expect((await leave()).status).toBe(200)
    expect((await user('u-sunhao'))?.active).toBe(false)
    await app.db.models.User.updateOne({ _id: 'u-sunhao' }, { $set: { active: true } }) // re-hired
    const replay = await leave()
    expect(replay.status).toBe(200)
    expect(decryptReply(SEEDED_APPS.dingtalk.callbackAesKey, replay.body.encrypt).message).toBe('success')
    expect((await user('u-sunhao'))?.active).toBe(true)
  })

  it('a push signed more than 10 minutes ago (or ahead) is refused', async () => {
    const stale = signedPush('user_leave_org', ['dt_sunhao'], Date.now() - 11 * 60_000, 'nonce-old')
    const res = await stale()
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
    expect((await user('u-sunhao'))?.active).toBe(true)
  })
})

describe('DingTalk callback crypto', () => {
  const { callbackToken, callbackAesKey, appKey } = SEEDED_APPS.dingtalk
  const crypto = new DingTalkCallbackCrypto(callbackToken, callbackAesKey, appKey)

  it('signature known answer: sha1 of the four strings sorted and joined', () => {
    // printf '%s' '1640921671286SGVsbG8+Lw==nonce123simcallbacktoken' | sha1sum
    expect(crypto.signature('1640921671286', 'nonce123', 'SGVsbG8+Lw==')).toBe('9d7f10147b8ea042f40a90f80279c32725a48691')
  })

  it("the BFF's and the simulator's separately written implementations open each other's messages", () => {
    const fromPlatform = encryptEvent(callbackAesKey, appKey, '{"EventType":"check_url"}')
    expect(crypto.decrypt(fromPlatform)).toBe('{"EventType":"check_url"}')
    const long = 'x'.repeat(1000) // several 32-byte blocks, and a message whose padding is a full block
    expect(decryptReply(callbackAesKey, crypto.encrypt(long))).toEqual({ message: long, owner: appKey })
    expect(Buffer.from(crypto.encrypt('success'), 'base64').length % 32).toBe(0)
  })
})
