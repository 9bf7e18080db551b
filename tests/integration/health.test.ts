import { Writable } from 'node:stream'
import request from 'supertest'
import { createApp } from '../../bff/src/app'
import { signToken } from '../../bff/src/auth/tokens'
import { composeDeps, connectDb } from '../../bff/src/compose'
import { loadConfig } from '../../bff/src/config'
import { systemClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { createLogger } from '../../bff/src/infra/logger'
import { seedDemo } from '../../bff/src/seed/seed'
import { dropAndClose, testDbName, testMongoUri } from '../support/db'

let db: Db
const lines: Array<Record<string, unknown>> = []
const sink = new Writable({
  write(chunk, _enc, cb) {
    for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
    cb()
  },
})

const config = loadConfig({ NODE_ENV: 'test', MONGODB_URI: testMongoUri(), LOG_LEVEL: 'info', DINGTALK_SIMULATOR: '1' })
const asAdmin = () => ({ authorization: `Bearer ${signToken(config, { sub: 'u-admin', via: 'test' }).token}` })

function app(database: Db) {
  return createApp(composeDeps({ config, db: database, logger: createLogger('info', sink), clock: systemClock })).callback()
}

beforeAll(async () => {
  db = await connectDb(testMongoUri(), testDbName())
  await seedDemo(db)
})
afterAll(() => dropAndClose(db))

describe('health endpoints', () => {
  it('GET /healthz answers while the process is up', async () => {
    const res = await request(app(db)).get('/healthz')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('ok')
  })

  it('GET /readyz is 200 when the database answers', async () => {
    const res = await request(app(db)).get('/readyz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ready' })
  })

  it('GET /readyz is 503 with a JSON error when the database is unreachable', async () => {
    const closed = await connectDb(testMongoUri(), testDbName('closed'))
    await closed.close()
    const res = await request(app(closed)).get('/readyz')
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('DB_UNAVAILABLE')
    expect(res.body.error.message).toMatch(/数据库/)
  })
})

describe('structured logs with a request id', () => {
  it('every log line of a request carries its id, echoed in x-request-id', async () => {
    lines.length = 0
    const res = await request(app(db)).get('/api/territories/overview').set('x-request-id', 'req-test-12345').set(asAdmin())
    expect(res.headers['x-request-id']).toBe('req-test-12345')
    const mine = lines.filter((l) => l.reqId === 'req-test-12345')
    expect(mine.length).toBeGreaterThanOrEqual(1)
    expect(mine.every((l) => typeof l.time === 'string' && typeof l.level === 'number')).toBe(true)
    expect(mine.some((l) => l.msg === 'request' && l.status === 200 && l.userId === 'u-admin')).toBe(true)
  })

  it('generates an id when the caller sends none or an unsafe one', async () => {
    const res = await request(app(db)).get('/healthz').set('x-request-id', 'bad id with spaces')
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('errors are JSON, never stack traces', () => {
  it('unknown API path → 404 NOT_FOUND', async () => {
    const res = await request(app(db)).get('/api/nope')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
  })

  it('malformed JSON body → 400 BAD_JSON', async () => {
    const res = await request(app(db)).post('/api/territories/overview').set('content-type', 'application/json').send('{"a":')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('BAD_JSON')
    expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(/)
  })

  it('a deeply nested body on an open endpoint → 400, not a crash', async () => {
    const body = `{"authCode":${'['.repeat(50_000)}"x"${']'.repeat(50_000)}}`
    const res = await request(app(db)).post('/api/auth/login').set('content-type', 'application/json').send(body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('the organisation is for staff: no token → 401 UNAUTHENTICATED', async () => {
    const res = await request(app(db)).get('/api/territories/overview')
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('a bad territory code → 400 VALIDATION_FAILED naming the field', async () => {
    const res = await request(app(db)).get('/api/territories/bad$code/children').set(asAdmin())
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.details.fields[0].path).toBe('code')
  })
})
