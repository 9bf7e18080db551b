import Koa from 'koa'
import pino from 'pino'
import request from 'supertest'
import { ManualClock } from './clock'
import { errorHandler } from './middleware'
import { rateLimit } from './rate-limit'

function appWith(clock: ManualClock) {
  const app = new Koa()
  app.use(errorHandler(pino({ level: 'silent' })))
  app.use(rateLimit({ max: 3, windowMs: 60_000, key: (ctx) => ctx.get('x-who'), message: '太频繁了' }, clock))
  app.use((ctx) => {
    ctx.body = { ok: true }
  })
  return app.callback()
}

describe('rateLimit', () => {
  it('lets max requests per window through, then answers 429 RATE_LIMITED with Retry-After', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 27, 8))
    const app = appWith(clock)
    for (let i = 0; i < 3; i++) expect((await request(app).get('/').set('x-who', 'a')).status).toBe(200)
    clock.advance(20_000)
    const refused = await request(app).get('/').set('x-who', 'a')
    expect(refused.status).toBe(429)
    expect(refused.body.error).toEqual({ code: 'RATE_LIMITED', message: '太频繁了', details: { retryAfterSeconds: 40 } })
    expect(refused.headers['retry-after']).toBe('40')
  })

  it('counts each key on its own and starts over in the next window', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 27, 8))
    const app = appWith(clock)
    for (let i = 0; i < 3; i++) await request(app).get('/').set('x-who', 'a')
    expect((await request(app).get('/').set('x-who', 'b')).status).toBe(200)
    expect((await request(app).get('/').set('x-who', 'a')).status).toBe(429)
    clock.advance(60_000)
    expect((await request(app).get('/').set('x-who', 'a')).status).toBe(200)
  })
})
