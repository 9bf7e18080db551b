import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { launchPhone } from '../support/browser'
import { card } from '../support/miniapp'
import { signInPage } from '../support/session'

/*
 * The first page's JavaScript has a budget (ISSUE 15 item 6): the scripts a grid worker's phone fetches until the
 * 揭榜大厅 shows its cards, counted as gzip-compressed bytes of the built files (sizes are deterministic, load times
 * are not — those are in `npm run perf`). Raising the budget is a decision: say why in the commit.
 */
const BUDGET_GZIP_BYTES = 165 * 1024
const DIST = path.resolve(__dirname, '../../miniapp/dist/h5')

let app: TestApp
let ctx: BrowserContext
let page: Page

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  const centre = authHeader(app, 'u-zhaoyan')
  const created = await request(app.url)
    .post('/api/tasks')
    .set(centre)
    .send({ title: '预算测试：新城社区楼道堆物', description: '首屏预算测试', category: 'neighbour', tier: 'simple', territory: 'GT-01-01' })
  expect((await request(app.url).post(`/api/tasks/${created.body.task.id}/publish`).set(centre).send({ claimMode: 'first_come' })).status).toBe(200)
  ;({ ctx, page } = await launchPhone())
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

it(`the 揭榜大厅's first load needs at most ${BUDGET_GZIP_BYTES / 1024} KB of gzip-compressed JavaScript`, async () => {
  await signInPage(page, app, 'u-wangli')
  const scripts = new Set<string>()
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.pathname.startsWith('/js/') && url.pathname.endsWith('.js')) scripts.add(url.pathname)
  })
  await page.goto('about:blank')
  await page.goto(`${app.url}/`)
  await card(page, '预算测试').waitFor()
  // before the idle-time prefetch of the other tabs starts
  const needed = [...scripts]
  const sizes = needed.map((p) => ({ file: p, gzip: zlib.gzipSync(fs.readFileSync(path.join(DIST, p)), { level: 6 }).length }))
  const total = sizes.reduce((n, s) => n + s.gzip, 0)
  const report = sizes
    .sort((a, b) => b.gzip - a.gzip)
    .map((s) => `${s.file} ${(s.gzip / 1024).toFixed(1)} KB`)
    .join('\n')
  if (total > BUDGET_GZIP_BYTES) throw new Error(`first page JS ${(total / 1024).toFixed(1)} KB gzip > budget ${BUDGET_GZIP_BYTES / 1024} KB:\n${report}`)
  expect(needed.length).toBeGreaterThan(0)
  expect(total).toBeLessThanOrEqual(BUDGET_GZIP_BYTES)
})
