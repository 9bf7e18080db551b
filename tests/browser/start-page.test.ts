import type { BrowserContext, Page } from 'playwright-core'
import { startTestApp, type TestApp } from '../support/app'
import { launchPhone, screenshot } from '../support/browser'

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  ;({ ctx, page, errors } = await launchPhone())
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

describe('the H5 mini-app served by the real BFF', () => {
  it('shows the street, its counts and the demo users from live data', async () => {
    await page.goto(`${app.url}/`, { waitUntil: 'networkidle' })
    await page.getByText('古塘街道').first().waitFor({ timeout: 20000 })
    const overview = page.locator('#overview')
    await expect(overview.innerText()).resolves.toMatch(/16\s*村\/社区/)
    await expect(overview.innerText()).resolves.toMatch(/113\s*网格/)
    await expect(overview.innerText()).resolves.toMatch(/609\s*微网格/)
    await expect(page.locator('.community').count()).resolves.toBe(16)
    await page.getByText('王丽 · 网格员').waitFor()
    await screenshot(page, 'start-page')
    expect(errors).toEqual([])
  })
})
