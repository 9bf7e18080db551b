import { spawnSync } from 'node:child_process'
import path from 'node:path'
import jwt from 'jsonwebtoken'
import request from 'supertest'
import { signToken } from '../../bff/src/auth/tokens'
import { loadConfig } from '../../bff/src/config'
import { startAppWithSimulator, startTestApp, type TestApp } from '../support/app'
import type { TestSimulator } from '../support/simulator'

let sim: TestSimulator
let app: TestApp

let close: () => Promise<void>

beforeAll(async () => {
  ;({ app, sim, close } = await startAppWithSimulator())
})
afterAll(() => close())
afterEach(async () => {
  await sim.control('/faults', undefined, 'DELETE')
})

async function devCode(userId: string, provider?: 'dingtalk' | 'zhezhengding'): Promise<string> {
  const res = await request(app.url)
    .post('/api/dev/auth-code')
    .send({ userId, ...(provider ? { provider } : {}) })
  expect(res.status).toBe(200)
  return res.body.authCode
}

const login = (body: object) => request(app.url).post('/api/auth/login').send(body)

describe('GET /api/auth/config', () => {
  it('tells the mini-app which platform to log in with', async () => {
    const res = await request(app.url).get('/api/auth/config')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ provider: 'dingtalk', simulator: true, corpId: 'dingDEMO0001', clientId: app.config.dingtalk.appKey })
  })
})

describe('POST /api/auth/login through the simulator', () => {
  it('a valid DingTalk auth code gives a token and the user; /api/me answers with the same user', async () => {
    const res = await login({ authCode: await devCode('u-wangli') })
    expect(res.status).toBe(200)
    expect(res.body.user).toEqual({
      id: 'u-wangli',
      name: '王丽',
      roles: ['grid_worker'],
      roleLabels: ['网格员'],
      title: '专职网格员',
      territory: { code: 'GT-01-01', name: '新城社区第1网格' },
      department: null,
      tags: ['邻里', '物业'],
    })
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(115 * 60_000) // JWT_TTL 2h
    const me = await request(app.url).get('/api/me').set('authorization', `Bearer ${res.body.token}`)
    expect(me.status).toBe(200)
    expect(me.body).toEqual(res.body.user)
  })

  it('a 浙政钉 auth code works the same way (accountId identity)', async () => {
    const res = await login({ authCode: await devCode('u-hejun', 'zhezhengding'), provider: 'zhezhengding' })
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({
      id: 'u-hejun',
      roleLabels: ['部门负责人'],
      department: { code: 'PCS', name: '古塘派出所' },
      territory: { code: 'GT', name: '古塘街道' },
    })
    expect(jwt.decode(res.body.token)).toMatchObject({ sub: 'u-hejun', via: 'zhezhengding' })
  })

  it('a reused auth code is 401 AUTH_CODE_INVALID, telling the person to reopen the app', async () => {
    const authCode = await devCode('u-chenqiang')
    expect((await login({ authCode })).status).toBe(200)
    const again = await login({ authCode })
    expect(again.status).toBe(401)
    expect(again.body.error.code).toBe('AUTH_CODE_INVALID')
    expect(again.body.error.message).toMatch(/重新打开/)
  })

  it('an unknown code is 401 AUTH_CODE_INVALID too', async () => {
    const res = await login({ authCode: 'never-issued' })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('AUTH_CODE_INVALID')
  })

  it('someone the platform knows but our organisation does not is 403 USER_NOT_IN_ORG', async () => {
    const authCode = await sim.authCode('sim-visitor')
    const res = await login({ authCode })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('USER_NOT_IN_ORG')
    expect(res.body.error.message).toMatch(/不在本单位/)
  })

  it('a deactivated user (u-departed) is 403 USER_NOT_IN_ORG, with a message that says so', async () => {
    const res = await login({ authCode: await devCode('u-departed') })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('USER_NOT_IN_ORG')
    expect(res.body.error.message).toMatch(/停用/)
  })

  it('rides out a briefly busy platform, and is 502 UPSTREAM_FAILED when it stays down', async () => {
    await sim.fault({ endpoint: 'getuserinfo', kind: 'errcode', errcode: -1, times: 2 })
    expect((await login({ authCode: await devCode('u-zhoumin') })).status).toBe(200)
    await sim.fault({ endpoint: 'getuserinfo', kind: 'http', status: 503 })
    const down = await login({ authCode: await devCode('u-zhoumin') })
    expect(down.status).toBe(502)
    expect(down.body.error.code).toBe('UPSTREAM_FAILED')
    expect(down.body.error.message).toMatch(/钉钉/)
  })

  it('rejects malformed input with 400 VALIDATION_FAILED', async () => {
    for (const body of [{}, { authCode: '' }, { authCode: 'x', extra: 1 }, { authCode: 'x', provider: 'wechat' }, { authCode: { $ne: '' } }]) {
      const res = await login(body)
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([JSON.stringify(body), 400, 'VALIDATION_FAILED'])
    }
  })
})

describe('tokens on /api/me', () => {
  const me = (authorization?: string) => {
    const req = request(app.url).get('/api/me')
    return authorization ? req.set('authorization', authorization) : req
  }

  it('missing → 401 UNAUTHENTICATED', async () => {
    const res = await me()
    expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHENTICATED'])
  })

  it('expired → 401 TOKEN_EXPIRED', async () => {
    const { token } = signToken(app.config, { sub: 'u-wangli', via: 'test' }, new Date(Date.now() - 3 * 3600_000))
    const res = await me(`Bearer ${token}`)
    expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_EXPIRED'])
  })

  it('tampered (payload changed, signature kept) → 401 TOKEN_INVALID', async () => {
    const { token } = signToken(app.config, { sub: 'u-wangli', via: 'test' })
    const [head, payload, sig] = token.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'u-admin' })).toString('base64url')
    const res = await me(`Bearer ${head}.${forged}.${sig}`)
    expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_INVALID'])
  })

  it('alg: none → 401 TOKEN_INVALID', async () => {
    const now = Math.floor(Date.now() / 1000)
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'u-admin', via: 'x', iss: 'jqtb', iat: now, exp: now + 3600 })}.`
    const res = await me(`Bearer ${unsigned}`)
    expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_INVALID'])
  })

  it('signed with another secret → 401 TOKEN_INVALID', async () => {
    const token = jwt.sign({ via: 'x' }, 'some-other-secret-that-is-long-enough!!', { subject: 'u-admin', issuer: 'jqtb', expiresIn: '1h' })
    const res = await me(`Bearer ${token}`)
    expect([res.status, res.body.error.code]).toEqual([401, 'TOKEN_INVALID'])
  })

  it('a valid token of a user deactivated since is 403 USER_NOT_IN_ORG at once', async () => {
    const res = await login({ authCode: await devCode('u-sunhao') })
    await app.db.models.User.updateOne({ _id: 'u-sunhao' }, { $set: { active: false } })
    const after = await me(`Bearer ${res.body.token}`)
    expect([after.status, after.body.error.code]).toEqual([403, 'USER_NOT_IN_ORG'])
    await app.db.models.User.updateOne({ _id: 'u-sunhao' }, { $set: { active: true } })
  })
})

describe('outside simulator mode', () => {
  it('the dev login endpoints do not exist', async () => {
    const secrets = { JWT_SECRET: 'j'.repeat(40), PII_KEY: 'p'.repeat(40) } // the development defaults are for simulator mode only
    const env = { DINGTALK_SIMULATOR: '0', DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_AGENT_ID: '1', ...secrets }
    const real = await startTestApp({ env })
    try {
      const code = await request(real.url).post('/api/dev/auth-code').send({ userId: 'u-wangli' })
      expect([code.status, code.body.error.code]).toEqual([404, 'NOT_FOUND'])
      expect((await request(real.url).get('/api/dev/users')).status).toBe(404)
      expect((await request(real.url).get('/api/auth/config')).body).toEqual({ provider: 'dingtalk', simulator: false, corpId: '', clientId: 'k' })
    } finally {
      await real.close()
    }
  })
})

describe('secrets outside production', () => {
  const dev = { MONGODB_URI: 'mongodb://127.0.0.1:1/x' }
  const strong = 'f3b1c9e07a2d4b6c8e0f1a3b5c7d9e1f'

  it('uses the development secrets only with the simulator on a loopback address', () => {
    const cfg = loadConfig({ ...dev, DINGTALK_SIMULATOR: '1' })
    expect(cfg.jwt.secret).toBe('dev-only-secret-do-not-use-in-production')
    expect(() => loadConfig({ ...dev, DINGTALK_SIMULATOR: '1', HOST: '0.0.0.0' })).toThrow(/HOST=0\.0\.0\.0/)
  })

  it('a real DingTalk setup that forgot NODE_ENV=production still needs real secrets', () => {
    const real = { ...dev, DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_AGENT_ID: '1' }
    expect(() => loadConfig(real)).toThrow(/JWT_SECRET/)
    expect(() => loadConfig({ ...real, JWT_SECRET: strong })).toThrow(/PII_KEY/)
    expect(loadConfig({ ...real, JWT_SECRET: strong, PII_KEY: 'c'.repeat(40) }).production).toBe(false)
  })

  it('refuses a login token lifetime jsonwebtoken cannot read', () => {
    expect(() => loadConfig({ ...dev, DINGTALK_SIMULATOR: '1', JWT_TTL: 'two hours' })).toThrow(/JWT_TTL/)
    expect(loadConfig({ ...dev, DINGTALK_SIMULATOR: '1', JWT_TTL: '30m' }).jwt.ttl).toBe('30m')
  })
})

describe('production mode', () => {
  const base = {
    NODE_ENV: 'production',
    MONGODB_URI: 'mongodb://127.0.0.1:1/x',
    PUBLIC_URL: 'https://jqtb.example.gov.cn/',
    DINGTALK_APP_KEY: 'k',
    DINGTALK_APP_SECRET: 's',
    DINGTALK_AGENT_ID: '1',
    PII_KEY: '0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d',
  }
  const strong = 'f3b1c9e07a2d4b6c8e0f1a3b5c7d9e1f'

  it('refuses a missing, short or development JWT secret', () => {
    expect(() => loadConfig(base)).toThrow(/JWT_SECRET/)
    expect(() => loadConfig({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/)
    expect(() => loadConfig({ ...base, JWT_SECRET: 'dev-only-secret-do-not-use-in-production' })).toThrow(/JWT_SECRET/)
    expect(loadConfig({ ...base, JWT_SECRET: strong }).production).toBe(true)
  })

  it("refuses a missing, short, development or reused PII key (it encrypts parties' phone numbers)", () => {
    const { PII_KEY: _omit, ...withoutKey } = base
    expect(() => loadConfig({ ...withoutKey, JWT_SECRET: strong })).toThrow(/PII_KEY/)
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, PII_KEY: 'short' })).toThrow(/PII_KEY/)
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, PII_KEY: 'dev-only-pii-key-do-not-use-in-production' })).toThrow(/PII_KEY/)
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, PII_KEY: strong })).toThrow(/PII_KEY/)
    expect(loadConfig({ ...base, JWT_SECRET: strong }).piiKey).toBe(base.PII_KEY)
  })

  it('refuses the simulator, a provider without credentials, and no PUBLIC_URL for the links', () => {
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, DINGTALK_SIMULATOR: '1' })).toThrow(/DINGTALK_SIMULATOR/)
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, DINGTALK_APP_SECRET: '' })).toThrow(/DINGTALK_APP_SECRET/)
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, DINGTALK_PROVIDER: 'zhezhengding' })).toThrow(/ZZD_APP_KEY, ZZD_APP_SECRET, ZZD_TENANT_ID/)
    expect(() => loadConfig({ ...base, JWT_SECRET: strong, PUBLIC_URL: undefined })).toThrow(/PUBLIC_URL/)
  })

  it('the BFF process exits with the reason instead of starting', () => {
    const root = path.resolve(__dirname, '../..')
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...base },
      encoding: 'utf8',
      // starting tsx compiles the whole BFF: slow on a loaded 2-core machine
      timeout: 110_000,
    })
    // compared together so a failure shows what the process printed
    expect({ status: run.status, stderr: run.stderr.slice(-1500) }).toEqual({
      status: 1,
      stderr: expect.stringMatching(/Refusing to start in production: set JWT_SECRET/),
    })
  }, 120_000)
})
