/**
 * The security boundary between citizens and staff, over the WHOLE OpenAPI document: a citizen token
 * is refused (401) by every staff operation, and staff, forged, expired and cross-signed tokens are
 * refused by every citizen operation. A citizen sees only their own cases: another citizen's code is
 * 404, like a code that does not exist.
 */
import jwt from 'jsonwebtoken'
import request from 'supertest'
import { CITIZEN_AUDIENCE, CITIZEN_ISSUER, signCitizenToken } from '../../bff/src/public/tokens'
import { startTestApp, type TestApp } from '../support/app'
import { tokenFor } from '../support/auth'
import { citizen, fileDispute, loginCitizen } from './public-fixtures'

type Op = { method: string; path: string; security?: Array<Record<string, unknown>> }
let app: TestApp
let ops: Op[]
let citizenToken: string

beforeAll(async () => {
  app = await startTestApp()
  const doc = (await request(app.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, Op>> }
  ops = Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ method, path, security: op.security })))
  citizenToken = await loginCitizen(app, '13905741234')
})
afterAll(async () => app.close())

const kind = (op: Op) => (op.security === undefined ? 'staff' : op.security.length === 0 ? 'open' : 'citizen' in op.security[0] ? 'citizen' : 'staff')
/** A concrete URL for a templated path: every parameter a plausible value. */
const urlOf = (path: string) => path.replace(/\{code\}/g, 'GZ23456789').replace(/\{[^}]+\}/g, 'x1')
const call = (op: Op, authorization?: string) => {
  const r = (request(app.url) as unknown as Record<string, (u: string) => request.Test>)[op.method](urlOf(op.path))
  if (authorization) r.set('authorization', authorization)
  return op.method === 'get' || op.method === 'delete' ? r : r.send({})
}

describe('citizen and staff tokens never cross', () => {
  it('the document marks citizen operations with their own security scheme', () => {
    const citizenOps = ops.filter((o) => kind(o) === 'citizen')
    expect(citizenOps.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['post /api/public/cases', 'get /api/public/cases', 'get /api/public/cases/{code}', 'post /api/public/cases/{code}/rating']),
    )
    expect(ops.filter((o) => kind(o) === 'staff').length).toBeGreaterThan(100)
  })

  it('a citizen token is refused by every staff operation in the OpenAPI document', async () => {
    const staffOps = ops.filter((o) => kind(o) === 'staff')
    const answers = await Promise.all(staffOps.map(async (op) => [`${op.method} ${op.path}`, (await call(op, `Bearer ${citizenToken}`)).status] as const))
    // GET /metrics answers 404 to any caller without the metrics token: it does not exist for them
    const let_through = answers.filter(([op, status]) => status !== 401 && !(op === 'get /metrics' && status === 404))
    expect(let_through).toEqual([])
  })

  it('staff tokens of every role, forged, expired and cross-signed tokens are refused by every citizen operation', async () => {
    const now = app.deps.clock.now()
    const forgedNone = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'c1', kind: 'citizen', iss: CITIZEN_ISSUER, aud: CITIZEN_AUDIENCE })).toString('base64url')}.`
    // the staff secret with the citizen's claims: the signature does not verify with the citizen secret
    const staffSigned = jwt.sign({ kind: 'citizen' }, app.config.jwt.secret, {
      subject: 'c1',
      issuer: CITIZEN_ISSUER,
      audience: CITIZEN_AUDIENCE,
      expiresIn: 600,
    })
    const expired = signCitizenToken(app.config, 'c-any', new Date(now.getTime() - 8 * 24 * 3_600_000)).token
    const bad = [
      ...['u-admin', 'u-zhaoyan', 'u-hejun', 'u-wangli'].map((u) => tokenFor(app, u)),
      forgedNone,
      staffSigned,
      expired,
      `${citizenToken.slice(0, -3)}abc`,
    ]
    const citizenOps = ops.filter((o) => kind(o) === 'citizen')
    const answers = await Promise.all(
      citizenOps.flatMap((op) => bad.map(async (t, i) => [`${op.method} ${op.path} #${i}`, (await call(op, `Bearer ${t}`)).status] as const)),
    )
    expect(answers.filter(([, s]) => s !== 401)).toEqual([])
    const bare = await Promise.all(citizenOps.map(async (op) => (await call(op)).status))
    expect(bare.every((s) => s === 401)).toBe(true)
  })

  it('a citizen sees only their own cases: another citizen’s code is 404, exactly like an unknown code', async () => {
    const other = await loginCitizen(app, '13905745678')
    const code = await fileDispute(app, other)
    const mine = citizen(app, citizenToken)
    const theirs = await mine.get(`/api/public/cases/${code}`)
    const unknown = await mine.get('/api/public/cases/GZ23456789')
    expect(theirs.status).toBe(404)
    expect(theirs.body).toEqual(unknown.body)
    expect((await mine.post(`/api/public/cases/${code}/rating`, { rating: 'satisfied' })).status).toBe(404)
    expect((await mine.get('/api/public/cases')).body.items).toEqual([])
    expect((await citizen(app, other).get(`/api/public/cases/${code}`)).status).toBe(200)
  })

  it('the desk’s lookup by case code is for the centre only', async () => {
    const code = await fileDispute(app, citizenToken)
    const desk = await request(app.url)
      .get(`/api/public-cases/${code}`)
      .set('authorization', `Bearer ${tokenFor(app, 'u-zhaoyan')}`)
    expect(desk.status).toBe(200)
    expect(desk.body.citizenPhoneMasked).toBe('139****1234')
    const grid = await request(app.url)
      .get(`/api/public-cases/${code}`)
      .set('authorization', `Bearer ${tokenFor(app, 'u-wangli')}`)
    expect(grid.status).toBe(403)
  })
})
