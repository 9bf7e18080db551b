/**
 * No request can end the process (issue 8, item 1): a multipart upload cut inside its file part, a client that
 * drops the connection mid-body, a body shorter than its Content-Length. The BFF runs as its own process, so a
 * crash shows as a dead process, not as a failed assertion inside jest.
 */

import { type BffProcess, startBffProcess } from '../support/bff-process'
import { testDbName, testMongoUri } from '../support/db'
import { devToken, multipartFile, rawRequest } from '../support/raw-http'

let bff: BffProcess
const WANGLI = 'u-wangli'
const auth = () => ({ authorization: `Bearer ${devToken(WANGLI)}` })
const JPEG_HEAD = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(4000, 7)])

beforeAll(async () => {
  bff = await startBffProcess({ mongoUri: testMongoUri(), dbName: testDbName() })
}, 300_000)
afterAll(async () => {
  await bff?.stop()
})

const stillServing = async () => {
  expect(bff.alive()).toBe(true)
  expect((await fetch(`${bff.url}/healthz`)).status).toBe(200)
}

describe('an upload that ends inside its file part', () => {
  it('is a 400 in the JSON error shape, and the process keeps serving (three times over)', async () => {
    for (let i = 0; i < 3; i++) {
      const { body, contentType } = multipartFile(JPEG_HEAD, { truncate: true })
      const res = await rawRequest(bff.url, {
        method: 'POST',
        path: '/api/files',
        headers: { ...auth(), 'content-type': contentType, 'content-length': body.length },
        body,
        // the whole HTTP body arrives (its length is right); only the multipart inside it stops short
        afterBody: 'wait',
      })
      expect(res?.status).toBe(400)
      expect(res?.json?.error?.code).toBe('VALIDATION_FAILED')
      await new Promise((r) => setTimeout(r, 200))
      await stillServing()
    }
  })

  it('a client that drops the connection mid-upload or mid-JSON leaves the process serving', async () => {
    const { body, contentType } = multipartFile(JPEG_HEAD, { truncate: true })
    await rawRequest(bff.url, {
      method: 'POST',
      path: '/api/files',
      headers: { ...auth(), 'content-type': contentType, 'content-length': body.length + 50_000 },
      body,
      afterBody: 'destroy',
    })
    await rawRequest(bff.url, {
      method: 'POST',
      path: '/api/tasks',
      headers: { ...auth(), 'content-type': 'application/json', 'content-length': 5000 },
      body: '{"title":"半截',
      afterBody: 'destroy',
    })
    await new Promise((r) => setTimeout(r, 300))
    await stillServing()
  })

  it('a JSON body shorter than its Content-Length, the stream then ended, is a 400 in the JSON shape', async () => {
    const res = await rawRequest(bff.url, {
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'content-length': 500 },
      body: '{"authCode":"abc"',
    })
    expect(res?.status).toBe(400)
    expect(res?.json?.error?.code).toBe('VALIDATION_FAILED')
    await stillServing()
  })

  it('no "uncaught" line in the log: every one of these was handled as its own request', async () => {
    const fatal = bff.logLines().filter((l) => l.level === 60 || /uncaught/i.test(String(l.msg)))
    expect(fatal).toEqual([])
  })
})
