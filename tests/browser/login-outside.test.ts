import { randomBytes } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import { startTestApp, type TestApp } from '../support/app'
import { launchPhone, screenshot } from '../support/browser'

let app: TestApp
let ctx: BrowserContext
let page: Page

beforeAll(async () => {
  // a real deployment: no simulator (so nobody can log in from a plain browser) and secrets of its own
  app = await startTestApp({
    serveH5: true,
    env: { DINGTALK_SIMULATOR: '0', JWT_SECRET: randomBytes(32).toString('hex'), PII_KEY: randomBytes(32).toString('hex') },
  })
  ;({ ctx, page } = await launchPhone())
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

describe('a plain browser against a real DingTalk configuration', () => {
  it('says to open the app in 浙政钉/钉钉 and offers no demo users', async () => {
    await page.goto(`${app.url}/`)
    await page.locator('.login__outside').waitFor({ timeout: 20000 })
    await expect(page.locator('.login__outside').innerText()).resolves.toContain('请在浙政钉/钉钉中打开')
    await expect(page.locator('.login__user').count()).resolves.toBe(0)
    await screenshot(page, 'login-outside-dingtalk')
  })
})
