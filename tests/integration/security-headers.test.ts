/**
 * Security headers on every answer (bff/src/infra/security-headers.ts): the H5 page, the API, errors and
 * photos carry the Content-Security-Policy (the built index.html's inline scripts allowed by hash, nothing
 * inline besides), frame-ancestors limited to this origin and the platforms' PC clients, nosniff, a
 * same-origin referrer policy, no server banner; HSTS only on requests that came over TLS. The browser
 * suites fail on any CSP violation (tests/support/browser.ts), so the H5 app is checked to run under it.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Koa from 'koa'
import request from 'supertest'
import { securityHeaders } from '../../bff/src/infra/security-headers'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
})
afterAll(() => app.close())

const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  )

function expectHardened(headers: Record<string, string>) {
  const csp = directives(headers['content-security-policy'] ?? '')
  expect(csp.get('default-src')).toEqual(["'self'"])
  expect(csp.get('object-src')).toEqual(["'none'"])
  expect(csp.get('frame-ancestors')).toEqual(["'self'", 'https://*.dingtalk.com', 'https://*.dg-work.cn'])
  expect(csp.get('script-src')).not.toContain("'unsafe-inline'")
  expect(csp.get('script-src')).not.toContain("'unsafe-eval'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('same-origin')
  expect(headers['x-frame-options']).toBeUndefined()
  expect(headers.server).toBeUndefined()
  expect(headers['x-powered-by']).toBeUndefined()
  // plain http (a LAN demo): never pinned to https
  expect(headers['strict-transport-security']).toBeUndefined()
}

it('the H5 page: the CSP allows exactly its inline scripts and its stylesheet onload by SHA-256', async () => {
  const res = await request(app.url).get('/')
  expect(res.status).toBe(200)
  expectHardened(res.headers)
  const html = fs.readFileSync(path.resolve(__dirname, '../../miniapp/dist/h5/index.html'), 'utf8')
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1])
  expect(inline.length).toBeGreaterThan(0)
  const scriptSrc = directives(res.headers['content-security-policy']).get('script-src') ?? []
  for (const body of inline) expect(scriptSrc).toContain(`'sha256-${createHash('sha256').update(body).digest('base64')}'`)
  expect(scriptSrc).toContain(`'sha256-${createHash('sha256').update("this.media='all'").digest('base64')}'`)
})

it('API answers, errors and 405s carry the same headers', async () => {
  const ok = await request(app.url).get('/api/tasks').set(authHeader(app, 'u-zhaoyan'))
  expect(ok.status).toBe(200)
  expectHardened(ok.headers)
  const unauth = await request(app.url).get('/api/tasks')
  expect(unauth.status).toBe(401)
  expectHardened(unauth.headers)
  const bad = await request(app.url).post('/api/tasks').set(authHeader(app, 'u-zhaoyan')).set('content-type', 'application/json').send('{nope')
  expect(bad.status).toBe(400)
  expectHardened(bad.headers)
  const method = await request(app.url).delete('/healthz')
  expect(method.status).toBe(405)
  expectHardened(method.headers)
})

it('HSTS only when the request came over TLS (behind a proxy that says so)', async () => {
  const k = new Koa({ proxy: true })
  k.use(securityHeaders({ frameAncestors: [] }))
  k.use((ctx) => {
    ctx.body = { ok: true }
  })
  const server = k.callback()
  const tls = await request(server).get('/').set('x-forwarded-proto', 'https')
  expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
  const plain = await request(server).get('/')
  expect(plain.headers['strict-transport-security']).toBeUndefined()
  // no H5 build: no inline script is allowed at all
  expect(directives(plain.headers['content-security-policy']).get('script-src')).toEqual(["'self'"])
  expect(directives(plain.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'self'"])
})
