/**
 * Odd input to the points endpoints is a 4xx JSON error, never a 500.
 */
import { startTestApp, type TestApp } from '../support/app'
import { as } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const cursor = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url')

describe('the appeals list cursor', () => {
  it.each([
    ['a time no Date can hold', { t: 1e300, id: 'x' }],
    ['a time before any Date', { t: -1e20, id: 'x' }],
  ])('with %s is a 400, not a 500', async (_label, c) => {
    for (const who of ['u-admin', 'u-wangli']) {
      const res = await as(app, who).get(`/api/points/appeals?status=all&cursor=${cursor(c)}`)
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' })
    }
  })

  it('with a plausible time still pages', async () => {
    const res = await as(app, 'u-wangli').get(`/api/points/appeals?status=all&cursor=${cursor({ t: Date.now(), id: 'x' })}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ items: [], nextCursor: null })
  })
})

describe('the period', () => {
  it.each(['2026-13', 'abc', '0000-01', '0050-03', '9999-Q4', '2026-Q5'])('%s is a 400 naming the format', async (period) => {
    const res = await as(app, 'u-wangli').get(`/api/points/me?period=${period}`)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain('考核期格式')
  })

  it('2026-11 and 2026-Q4 are periods', async () => {
    for (const period of ['2026-11', '2026-Q4']) expect((await as(app, 'u-wangli').get(`/api/points/me?period=${period}`)).status).toBe(200)
  })
})
