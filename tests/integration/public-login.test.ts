/**
 * Citizen login by SMS code: one live code per number, 5 minutes, 5 tries, sends limited per number
 * and per address (counted in the database), the same answer for every number, codes used once —
 * also when requests race.
 */
import request from 'supertest'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { lastCodeFor, loginCitizen } from './public-fixtures'

let app: TestApp
const clock = new ManualClock(new Date('2026-12-03T02:00:00Z'))

beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(async () => app.close())

const send = (phone: string) => request(app.url).post('/api/public/auth/code').send({ phone })
const login = (phone: string, code: string) => request(app.url).post('/api/public/auth/login').send({ phone, code })
const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

describe('SMS code login', () => {
  it('answers every number the same way (no accounts to enumerate) and logs in with the code it sent', async () => {
    await loginCitizen(app, '13905740001') // now a known citizen
    clock.advance(61_000)
    const known = await send('13905740001')
    const unknown = await send('13905740002')
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    expect(known.body).toEqual(unknown.body)
    expect(known.body).toEqual({ sent: true, resendAfter: 60, expiresIn: 300 })
    const res = await login('13905740002', (await lastCodeFor(app, '13905740002'))!)
    expect(res.status).toBe(200)
    expect(res.body.citizen).toEqual({ phoneMasked: '139****0002' })
    expect(res.body.token).toEqual(expect.any(String))
  })

  it('refuses bad numbers and bad codes with 400', async () => {
    expect((await send('12345')).status).toBe(400)
    expect((await send('23905740000')).status).toBe(400)
    expect((await login('13905740003', '12ab56')).body.error.code).toBe('VALIDATION_FAILED')
  })

  it('uses a code once: the second login with it fails', async () => {
    const phone = '13905740004'
    await send(phone)
    const code = (await lastCodeFor(app, phone))!
    expect((await login(phone, code)).status).toBe(200)
    const again = await login(phone, code)
    expect(again.status).toBe(401)
    expect(again.body.error.code).toBe('AUTH_CODE_INVALID')
  })

  it('expires a code after 5 minutes', async () => {
    const phone = '13905740005'
    await send(phone)
    const code = (await lastCodeFor(app, phone))!
    clock.advance(5 * 60_000 + 1000)
    expect((await login(phone, code)).status).toBe(401)
  })

  it('keeps one code at a time: a new code voids the old one; a new one only after 60 s', async () => {
    const phone = '13905740006'
    await send(phone)
    const first = (await lastCodeFor(app, phone))!
    const early = await send(phone)
    expect(early.status).toBe(429)
    expect(early.body.error.message).toMatch(/秒后再获取/)
    clock.advance(61_000)
    expect((await send(phone)).status).toBe(200)
    const second = (await lastCodeFor(app, phone))!
    if (first !== second) expect((await login(phone, first)).status).toBe(401)
    expect((await login(phone, second)).status).toBe(200)
  })

  it('voids a code after 5 wrong tries, even the right code after them', async () => {
    const phone = '13905740007'
    clock.advance(61_000)
    await send(phone)
    const code = (await lastCodeFor(app, phone))!
    const messages: string[] = []
    for (let i = 0; i < 5; i++) messages.push((await login(phone, wrongOf(code))).body.error.message)
    expect(messages[0]).toBe('验证码不正确，还可以再试 4 次')
    expect(messages[4]).toBe('验证码错误次数过多，请重新获取')
    expect((await login(phone, code)).status).toBe(401)
  })

  it('never allows more than 5 tries of one code, however many guesses race', async () => {
    const phone = '13905740008'
    clock.advance(61_000)
    await send(phone)
    const code = (await lastCodeFor(app, phone))!
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(phone, wrongOf(code))))
    expect(answers.every((a) => a.status === 401)).toBe(true)
    // every try of this code carries the same clock time: exactly 5 slots were ever taken
    const tries = await app.db.models.CitizenLoginMark.countDocuments({ key: { $regex: '^try:' }, at: clock.now() })
    expect(tries).toBe(5)
    expect((await login(phone, code)).status).toBe(401)
  })

  it('logs in exactly once when the right code is sent several times at once', async () => {
    const phone = '13905740009'
    clock.advance(61_000)
    await send(phone)
    const code = (await lastCodeFor(app, phone))!
    const answers = await Promise.all(Array.from({ length: 6 }, () => login(phone, code)))
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
  })

  it('limits one number to 5 codes an hour', async () => {
    const phone = '13905740010'
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      clock.advance(61_000)
      statuses.push((await send(phone)).status)
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    clock.advance(3_600_000)
    expect((await send(phone)).status).toBe(200)
  })

  it('limits one address to 30 codes an hour, whichever numbers (counted in the database)', async () => {
    clock.advance(2 * 3_600_000)
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) {
      if (i % 15 === 14) clock.advance(61_000) // past the per-minute request limit, inside the hour
      statuses.push((await send(`1370574${String(i).padStart(4, '0')}`)).status)
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true)
    expect(statuses[30]).toBe(429)
    const marks = await app.db.models.CitizenLoginMark.countDocuments({ key: { $regex: '^send-ip:' } })
    expect(marks).toBeGreaterThanOrEqual(31)
  })

  it('limits wrong codes from one address to 30 an hour', async () => {
    clock.advance(2 * 3_600_000)
    const phones = Array.from({ length: 7 }, (_, i) => `1360574${String(i).padStart(4, '0')}`)
    let answer = 0
    for (const [n, phone] of phones.entries()) {
      if (n % 3 === 2) clock.advance(61_000)
      await send(phone)
      const code = (await lastCodeFor(app, phone))!
      for (let i = 0; i < 5 && answer !== 429; i++) answer = (await login(phone, wrongOf(code))).status
    }
    expect(answer).toBe(429)
  })
})
