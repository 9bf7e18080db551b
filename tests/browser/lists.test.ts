import type { BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { launchPhone, screenshot } from '../support/browser'
import { card, chip, goToTab, openPage } from '../support/miniapp'
import { signInPage } from '../support/session'

/* The hall as a list: pages of 20 loaded as the person scrolls, filters, and the empty state. */

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  const centre = authHeader(app, 'u-zhaoyan')
  for (let i = 1; i <= 25; i++) {
    const created = await request(app.url)
      .post('/api/tasks')
      .set(centre)
      .send({
        title: `测试工单第${i}号`,
        description: '列表分页测试',
        category: i % 5 === 0 ? 'family' : 'neighbour',
        tier: 'simple',
        territory: 'GT-01-01',
        riskColour: i % 5 === 0 ? 'red' : 'green',
      })
    expect(created.status).toBe(201)
    const published = await request(app.url)
      .post(`/api/tasks/${created.body.task.id}/publish`)
      .set(centre)
      .send({ claimMode: i % 5 === 0 ? 'apply' : 'first_come', rewardPoints: i })
    expect(published.status).toBe(200)
  }
  ;({ ctx, page, errors } = await launchPhone())
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

describe('揭榜大厅 as a list', () => {
  it('loads 20 tasks, then the rest when the person scrolls to the end', async () => {
    await signInPage(page, app, 'u-wangli')
    await openPage(page, app, '/pages/hall/index')
    await card(page, '测试工单').first().waitFor()
    await expect(card(page, '测试工单').count()).resolves.toBe(20)
    await page.locator('.task-list__end:visible').scrollIntoViewIfNeeded()
    await page.mouse.wheel(0, 4000)
    await page.getByText('没有更多了').waitFor()
    await expect(card(page, '测试工单').count()).resolves.toBe(25)
  })

  it('filters by risk colour and by dispute type', async () => {
    await chip(page, '红色预警').click()
    await page.waitForFunction(() => document.querySelectorAll('.task-card').length === 5)
    for (const text of await page.locator('.task-card:visible').allInnerTexts()) expect(text).toContain('红色预警')
    await screenshot(page, 'hall-red')
    await chip(page, '全部').click()
    await chip(page, '婚恋家庭纠纷').click()
    await page.waitForFunction(() => document.querySelectorAll('.task-card').length === 5)
    await chip(page, '劳资纠纷').click()
    await page.locator('.state--empty:visible').waitFor()
    await expect(page.locator('.state--empty:visible').innerText()).resolves.toContain('没有符合筛选条件的任务')
    await page.locator('.state--empty:visible .btn', { hasText: '清除筛选' }).click()
    await card(page, '测试工单').first().waitFor()
    await page.locator('.chip--on:visible', { hasText: '全部类型' }).waitFor()
  })

  it('chips show their counts; the hall keeps its filter and list when the person comes back from another tab', async () => {
    await page.locator('.chip:visible', { hasText: /^红色预警\s*5$/ }).waitFor()
    await chip(page, '红色预警').click()
    await page.waitForFunction(() => document.querySelectorAll('.task-card').length === 5)
    await goToTab(page, '我的任务')
    await goToTab(page, '揭榜大厅')
    // at once, from memory: the chip still on and its cards there, no skeleton in between
    await expect(page.locator('.chip--on:visible').first().innerText()).resolves.toMatch(/^红色预警/)
    await expect(card(page, '测试工单').count()).resolves.toBe(5)
    await chip(page, '全部').click()
    await card(page, '测试工单').nth(19).waitFor()
  })

  it('a search with no hits says so for the search and offers to clear it', async () => {
    const box = page.locator('.filter-bar__search:visible input')
    await box.fill('拆迁补偿')
    await box.press('Enter')
    const empty = page.locator('.state--empty:visible')
    await empty.getByText('没有找到与“拆迁补偿”相关的任务').waitFor()
    await expect(empty.innerText()).resolves.not.toContain('新任务发布后')
    await screenshot(page, 'hall-search-empty')
    await empty.locator('.btn', { hasText: '清除搜索' }).click()
    await card(page, '测试工单').first().waitFor()
    await expect(box.inputValue()).resolves.toBe('')
  })

  it('a worker of another community sees none of them', async () => {
    await signInPage(page, app, 'u-sunhao')
    await openPage(page, app, '/pages/hall/index')
    await page.locator('.state--empty:visible').waitFor()
    await screenshot(page, 'hall-empty')
    expect(errors).toEqual([])
  })
})
