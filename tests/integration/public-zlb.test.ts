/**
 * 浙里办一键登录 against the simulator: the page gets a ticket (the simulator's login page, or its control
 * endpoint), the BFF exchanges it server-side for the 实名 mobile number and name and issues the same citizen
 * token as the SMS login (the same number is the same citizen); a ticket works once, even when two requests
 * race; an expired or forged ticket is 401 with words a person can act on; a BFF whose service secret the
 * platform refuses says the platform is unavailable (502), not that the citizen did wrong.
 */
import request from 'supertest'
import { SIMULATOR_APPS } from '../../bff/src/config'
import { citizenIdOf } from '../../bff/src/public/login'
import { ZLB_RESIDENTS, ZLB_SERVICE, ZLB_TICKET_TTL_MS } from '../../simulator/src/zlb'
import { startTestApp, type TestApp } from '../support/app'
import { startSimulator, type TestSimulator } from '../support/simulator'
import { citizen, fileDispute, loginCitizen } from './public-fixtures'

let sim: TestSimulator
let app: TestApp

beforeAll(async () => {
  sim = await startSimulator()
  app = await startTestApp({ simulatorUrl: sim.url })
})
afterAll(async () => {
  await app.close()
  await sim.close()
})

const ticketFor = async (mobile: string, name: string) => (await sim.control<{ ticket: string }>('/zlb/ticket', { mobile, name })).ticket
const zlbLogin = (ticket: string) => request(app.url).post('/api/public/auth/zlb').send({ ticket })

describe('浙里办一键登录', () => {
  it('the BFF’s simulator defaults are the service the simulator registers', () => {
    expect(SIMULATOR_APPS.zlb).toEqual(ZLB_SERVICE)
  })

  it('is offered with its login address when configured', async () => {
    const res = await request(app.url).get('/api/public/auth/providers')
    expect(res.status).toBe(200)
    expect(res.body.providers.map((p: { id: string }) => p.id)).toEqual(['sms', 'zlb'])
    const zlb = res.body.providers[1]
    expect(zlb.label).toBe('浙里办一键登录')
    expect(zlb.loginUrl).toBe(`${sim.url}/zlb/login?servicecode=jqtb-sim-zlb`)
  })

  it('the simulator’s login page sends the citizen back to our page with a ticket, which logs them in', async () => {
    const back = `${app.url}/public/`
    const page = await request(sim.url).get('/zlb/login').query({ servicecode: 'jqtb-sim-zlb', redirectUrl: back })
    expect(page.status).toBe(200)
    expect(page.text).toContain(ZLB_RESIDENTS[0].name)
    const href = /href="(\/zlb\/login\/confirm[^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&')
    const confirm = await request(sim.url).get(href as string)
    expect(confirm.status).toBe(302)
    const location = new URL(confirm.headers.location)
    expect(`${location.origin}${location.pathname}`).toBe(back)
    const ticket = location.searchParams.get('ticket') as string
    const res = await zlbLogin(ticket)
    expect(res.status).toBe(200)
    expect(res.body.citizen).toEqual({ phoneMasked: '139****1001', name: ZLB_RESIDENTS[0].name })
    // the same citizen token as the SMS login: it opens the citizen's endpoints
    expect((await citizen(app, res.body.token).get('/api/public/cases')).status).toBe(200)
    expect((await app.db.models.Citizen.findById(citizenIdOf(app.config.piiKey, ZLB_RESIDENTS[0].mobile)).lean())?.name).toBe(ZLB_RESIDENTS[0].name)
  })

  it('the same number is the same citizen, whichever way they log in', async () => {
    const phone = '13905747001'
    const bySms = await loginCitizen(app, phone)
    const code = await fileDispute(app, bySms)
    const res = await zlbLogin(await ticketFor(phone, '周建华'))
    expect(res.status).toBe(200)
    const mine = await citizen(app, res.body.token).get(`/api/public/cases/${code}`)
    expect(mine.status).toBe(200)
  })

  it('a ticket works once: replayed, it is refused', async () => {
    const ticket = await ticketFor('13905747002', '吴丽')
    expect((await zlbLogin(ticket)).status).toBe(200)
    const again = await zlbLogin(ticket)
    expect([again.status, again.body.error.code]).toEqual([401, 'AUTH_CODE_INVALID'])
    expect(again.body.error.message).toContain('已经用过了')
  })

  it('two requests racing with one ticket: one logs in', async () => {
    const ticket = await ticketFor('13905747003', '郑强')
    const results = await Promise.all(Array.from({ length: 4 }, () => zlbLogin(ticket)))
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401])
  })

  it('an expired ticket is 401 and says to come in again from 浙里办', async () => {
    const ticket = await ticketFor('13905747004', '孙梅')
    await sim.control('/clock/advance', { ms: ZLB_TICKET_TTL_MS + 1000 })
    const res = await zlbLogin(ticket)
    expect([res.status, res.body.error.code]).toEqual([401, 'AUTH_CODE_INVALID'])
    expect(res.body.error.message).toContain('已过期')
    expect(res.body.error.message).toContain('浙里办')
  })

  it('a forged ticket is 401; a malformed one 400', async () => {
    const forged = await zlbLogin(`ST-zlb${'A'.repeat(26)}`)
    expect([forged.status, forged.body.error.code]).toEqual([401, 'AUTH_CODE_INVALID'])
    expect(forged.body.error.message).toContain('无效')
    const bad = await zlbLogin('<script>')
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })
})

describe('浙里办 misconfigured or off', () => {
  it('a wrong service secret: the platform refuses the signature and the citizen is told it is unavailable (502)', async () => {
    const wrong = await startTestApp({ simulatorUrl: sim.url, env: { ZLB_SERVICE_SECRET: 'not-the-registered-secret-000000000000' } })
    try {
      const res = await request(wrong.url)
        .post('/api/public/auth/zlb')
        .send({ ticket: await ticketFor('13905747005', '钱芳') })
      expect([res.status, res.body.error.code]).toEqual([502, 'UPSTREAM_FAILED'])
      expect(res.body.error.message).toContain('手机验证码登录')
    } finally {
      await wrong.close()
    }
  })

  it('ZLB_SSO=off: not offered, and its route is 404', async () => {
    const off = await startTestApp({ simulatorUrl: sim.url, env: { ZLB_SSO: 'off' } })
    try {
      const providers = await request(off.url).get('/api/public/auth/providers')
      expect(providers.body.providers.map((p: { id: string }) => p.id)).toEqual(['sms'])
      const res = await request(off.url)
        .post('/api/public/auth/zlb')
        .send({ ticket: await ticketFor('13905747006', '冯丽') })
      expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND'])
    } finally {
      await off.close()
    }
  })
})
