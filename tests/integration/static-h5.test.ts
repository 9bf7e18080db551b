/** The BFF serves the H5 mini-app: compressed, hashed assets cacheable for good, index.html always fresh. */
import fs from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ serveH5: true, seed: false })
})
afterAll(() => app.close())

const dist = path.resolve(__dirname, '../../miniapp/dist/h5')

describe('serving the H5 build', () => {
  it('index.html is served and revalidated every time', async () => {
    const res = await request(app.url).get('/')
    expect(res.status).toBe(200)
    expect(res.text).toContain('<div id="app">')
    expect(res.headers['cache-control'] ?? 'max-age=0').toMatch(/max-age=0/)
  })

  it('a hashed script is gzip-compressed and cacheable for a year', async () => {
    const script = fs.readdirSync(path.join(dist, 'js')).find((f) => /\.[0-9a-f]{8}\.js$/.test(f))
    expect(script).toBeDefined()
    const res = await request(app.url).get(`/js/${script}`).set('accept-encoding', 'gzip')
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('API answers are compressed too when they are large', async () => {
    const res = await request(app.url).get('/api/openapi.json').set('accept-encoding', 'gzip')
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.body.openapi).toMatch(/^3\./)
  })
})
