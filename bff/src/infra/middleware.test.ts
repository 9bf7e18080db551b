import { Writable } from 'node:stream'
import Koa from 'koa'
import request from 'supertest'
import { createLogger } from './logger'
import { errorHandler, requestScope } from './middleware'

/** An unexpected error in one request is that request's 500, logged with its request id. */
it('a bug inside a request answers 500 INTERNAL (no stack) and logs the error with the request id', async () => {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
      cb()
    },
  })
  const logger = createLogger('info', sink)
  const app = new Koa()
  app.use(requestScope(logger))
  app.use(errorHandler(logger))
  app.use(() => {
    throw new TypeError("Cannot read properties of undefined (reading 'holders')")
  })
  const res = await request(app.callback()).get('/api/tasks/x').set('x-request-id', 'req-bug-000001')
  expect(res.status).toBe(500)
  expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } })
  expect(res.text).not.toMatch(/holders|at \w+ \(/)
  const failed = lines.find((l) => l.msg === 'request failed')
  expect(failed).toMatchObject({ reqId: 'req-bug-000001', level: 50, err: { type: 'TypeError' } })
  // the server lives on: the next request is answered
  expect((await request(app.callback()).get('/x')).status).toBe(500)
})
