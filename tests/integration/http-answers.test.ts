/**
 * Answers the HTTP layer gives, in the JSON error shape (issue 8, items 2 and 5).
 * A body whose Content-Encoding is false is the client's fault (issue 8, item 2): a 4xx in the JSON error shape
 * on every JSON endpoint, the login included — never a 500. Real compression still works; a bomb is 413.
 */
import zlib from 'node:zlib'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { DISPATCHER, WANGLI } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const JSON_BODY = JSON.stringify({ authCode: 'not-a-real-code' })
/** fetch, not supertest: superagent re-serialises a Buffer body sent as JSON */
const post = async (path: string, body: Buffer | string, encoding: string, user?: string) => {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': encoding, ...(user ? authHeader(app, user) : {}) },
    body: Buffer.from(body),
  })
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } }
}

describe('a false Content-Encoding', () => {
  it.each(['gzip', 'deflate', 'br'])('"%s" on a plain JSON body is 400 BAD_ENCODING on the login, task commands and a notice', async (encoding) => {
    for (const [path, user] of [
      ['/api/auth/login', undefined],
      ['/api/tasks', DISPATCHER],
      [`/api/tasks/T20260101-0001/claim`, WANGLI],
      ['/api/notifications/test', WANGLI],
    ] as const) {
      const res = await post(path, JSON_BODY, encoding, user)
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({ path, status: 400, code: 'BAD_ENCODING' })
      expect(res.body.error.message).toMatch(/Content-Encoding/)
    }
  })

  it('a gzip body cut off in the middle is 400 BAD_ENCODING', async () => {
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify({ title: '很长的标题'.repeat(200) })))
    const res = await post('/api/tasks', gz.subarray(0, Math.floor(gz.length / 2)), 'gzip', DISPATCHER)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('BAD_ENCODING')
  })

  it('an encoding nobody supports is 415 in the JSON shape, naming Content-Encoding', async () => {
    const res = await post('/api/auth/login', JSON_BODY, 'x-snappy', undefined)
    expect(res.status).toBe(415)
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/Content-Encoding/) })
  })

  it('a real gzip body is read as usual (the login reaches its own validation)', async () => {
    const res = await post('/api/auth/login', zlib.gzipSync(JSON.stringify({})), 'gzip', undefined)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('a small gzip that inflates past the 1 MB JSON limit is 413', async () => {
    const bomb = zlib.gzipSync(Buffer.from(`{"title":"${'a'.repeat(20 * 1024 * 1024)}"}`))
    expect(bomb.length).toBeLessThan(100_000)
    const res = await post('/api/tasks', bomb, 'gzip', DISPATCHER)
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })
})

describe('a method the router does not have', () => {
  it.each(['PROPFIND', 'PATCH', 'DELETE'])('%s /api/tasks is 405 METHOD_NOT_ALLOWED in the JSON shape, with an Allow header', async (method) => {
    const res = await fetch(`${app.url}/api/tasks`, { method, headers: authHeader(app, DISPATCHER) })
    expect(res.status).toBe(405)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(res.headers.get('allow')).toMatch(/GET/)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: expect.stringMatching(/PROPFIND|PATCH|DELETE/) })
  })
})

describe('a body that is not JSON', () => {
  it.each([
    ['text/plain', JSON_BODY],
    ['application/x-www-form-urlencoded', 'authCode=abc'],
    ['', JSON_BODY],
  ])('sent as "%s" to a JSON endpoint is 415 saying to send JSON, before any handler reads it', async (type, body) => {
    for (const [path, user] of [
      ['/api/auth/login', undefined],
      ['/api/tasks', DISPATCHER],
    ] as const) {
      const res = await fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { ...(type ? { 'content-type': type } : {}), ...(user ? authHeader(app, user) : {}) },
        body: new Blob([body]),
      })
      expect(res.status).toBe(415)
      const json = (await res.json()) as { error: { code: string; message: string } }
      expect(json.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/Content-Type: application\/json/) })
    }
    expect(await app.db.models.Task.countDocuments({})).toBe(0)
  })

  it('a command without a body still works (a claim sends none), and JSON with a charset is JSON', async () => {
    const none = await fetch(`${app.url}/api/tasks/JQ20000101-0001/claim`, { method: 'POST', headers: authHeader(app, WANGLI) })
    expect(none.status).toBe(404)
    const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED')
  })
})
