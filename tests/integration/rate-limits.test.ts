/**
 * Rate limits counted in the database (infra/rate-limit.ts): `max` requests per actor and window,
 * then 429 RATE_LIMITED with Retry-After; the count holds across BFF instances sharing the database,
 * even when they race; ended windows are deleted by the expiry job.
 */
import Koa from 'koa'
import pino from 'pino'
import request from 'supertest'
import { ManualClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { errorHandler } from '../../bff/src/infra/middleware'
import { expireRateLimitHits, rateLimit } from '../../bff/src/infra/rate-limit'
import { dropAndClose, freshTestDb } from '../support/db'

let db: Db
beforeAll(async () => {
  db = await freshTestDb()
})
afterAll(() => dropAndClose(db))
beforeEach(() => db.models.RateLimitHit.deleteMany({}))

/** One "instance": its own limiter (its own memory) over the shared database. */
function instance(clock: ManualClock, max = 3) {
  const app = new Koa()
  app.use(errorHandler(pino({ level: 'silent' })))
  app.use(rateLimit({ name: 'probe', max, windowMs: 60_000, key: (ctx) => ctx.get('x-who'), message: '太频繁了' }, { db, clock }))
  app.use((ctx) => {
    ctx.body = { ok: true }
  })
  return app.callback()
}

const at8 = () => new ManualClock(Date.UTC(2026, 10, 27, 8))

it('lets max requests per window through, then answers 429 RATE_LIMITED with Retry-After', async () => {
  const clock = at8()
  const app = instance(clock)
  for (let i = 0; i < 3; i++) expect((await request(app).get('/').set('x-who', 'a')).status).toBe(200)
  clock.advance(20_000)
  const refused = await request(app).get('/').set('x-who', 'a')
  expect(refused.status).toBe(429)
  expect(refused.body.error).toEqual({ code: 'RATE_LIMITED', message: '太频繁了', details: { retryAfterSeconds: 40 } })
  expect(refused.headers['retry-after']).toBe('40')
})

it('counts each key on its own and starts over in the next window', async () => {
  const clock = at8()
  const app = instance(clock)
  for (let i = 0; i < 3; i++) await request(app).get('/').set('x-who', 'a')
  expect((await request(app).get('/').set('x-who', 'b')).status).toBe(200)
  expect((await request(app).get('/').set('x-who', 'a')).status).toBe(429)
  clock.advance(60_000)
  expect((await request(app).get('/').set('x-who', 'a')).status).toBe(200)
})

it('holds across instances: two instances share one count, sequentially and racing', async () => {
  const clock = at8()
  const [one, two] = [instance(clock, 5), instance(clock, 5)]
  const seq: number[] = []
  for (let i = 0; i < 4; i++)
    seq.push(
      (
        await request(i % 2 ? two : one)
          .get('/')
          .set('x-who', 'seq')
      ).status,
    )
  seq.push((await request(two).get('/').set('x-who', 'seq')).status)
  seq.push((await request(one).get('/').set('x-who', 'seq')).status)
  seq.push((await request(two).get('/').set('x-who', 'seq')).status)
  expect(seq).toEqual([200, 200, 200, 200, 200, 429, 429])

  const racing = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      request(i % 2 ? two : one)
        .get('/')
        .set('x-who', 'race'),
    ),
  )
  expect(racing.filter((r) => r.status === 200)).toHaveLength(5)
  expect(racing.filter((r) => r.status === 429)).toHaveLength(15)
  expect(await db.models.RateLimitHit.countDocuments({ _id: { $regex: '^probe:race:' } })).toBe(5)
})

it('deletes the counters of windows that have ended', async () => {
  const clock = at8()
  const app = instance(clock)
  await request(app).get('/').set('x-who', 'old')
  clock.advance(60_000)
  await request(app).get('/').set('x-who', 'new')
  clock.advance(30_000)
  expect(await expireRateLimitHits(db, clock.now())).toBe(1)
  expect((await db.models.RateLimitHit.find({}).lean()).map((h) => h._id)).toEqual([`probe:new:${Date.UTC(2026, 10, 27, 8, 1)}:1`])
})
