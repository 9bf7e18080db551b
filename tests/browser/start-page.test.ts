import type { BrowserContext, Page } from 'playwright-core'
import { startTestApp, type TestApp } from '../support/app'
import { launchPhone, screenshot } from '../support/browser'
import { openPage } from '../support/miniapp'
import { signInPage } from '../support/session'

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
  it("shows the centre's 首页: the street, its counts and communities from live data", async () => {
    await signInPage(page, app, 'u-zhaoyan')
    await openPage(page, app, '/pages/index/index')
    await page.locator('#overview').waitFor({ timeout: 20000 })
    const overview = page.locator('#overview')
    await expect(overview.innerText()).resolves.toContain('古塘街道')
    await expect(overview.innerText()).resolves.toMatch(/16\s*村\/社区/)
    await expect(overview.innerText()).resolves.toMatch(/113\s*网格/)
    await expect(overview.innerText()).resolves.toMatch(/609\s*微网格/)
    await expect(page.locator('.community').count()).resolves.toBe(16)
    await expect(page.locator('.home__greeting').innerText()).resolves.toBe('赵燕，您好')
    await page.getByText('没有未办结的红色预警').waitFor()
    // 等您处理: each of the centre's queues with its count, opening 全部工单 on that queue
    const queues = page.locator('.queue-list:visible')
    await expect(queues.locator('.queue-list__label').allInnerTexts()).resolves.toEqual(['待研判线索', '待分拨', '已上报', '待验收', '超期', '红色预警'])
    await queues.locator('.queue-list__count', { hasText: /^\d+$/ }).first().waitFor()
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.queue-list__count')).every((e) => /^\d+$/.test(e.textContent ?? '')))
    await screenshot(page, 'start-page')
    await queues.locator('.queue-list__row', { hasText: '已上报' }).click()
    await page.locator('.chip--on:visible', { hasText: '已上报' }).waitFor()
    expect(errors).toEqual([])
  })

  it('sends a grid worker who opens the app to 揭榜大厅 instead', async () => {
    await signInPage(page, app, 'u-wangli')
    await openPage(page, app, '/pages/index/index')
    await page.locator('.filter-bar__title', { hasText: '揭榜大厅' }).waitFor()
    expect(page.url()).toContain('/pages/hall/index')
  })
})
