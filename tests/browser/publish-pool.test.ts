import type { BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { launchPhone, screenshot } from '../support/browser'
import { answerModal, card, chip, goToTab, openPage, sheet, texts, toast } from '../support/miniapp'
import { signInPage } from '../support/session'

/*
 * 揭榜范围 in the publish sheet: the 派出所 lead publishes a 婚恋家庭 dispute of 丰园村 to the village's 调解员
 * who have 婚恋家庭 among their 专长, watching the count of people the pool admits change as he picks; a
 * mediator without the tag does not see it in the 揭榜大厅, the one with it finds it there and claims it.
 */

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]
const TITLE = '丰园村夫妻离婚财产分割纠纷'
let taskId = ''

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  ;({ ctx, page, errors } = await launchPhone())
  const created = await request(app.url).post('/api/tasks').set(authHeader(app, 'u-zhaoyan')).send({
    title: TITLE,
    description: '夫妻双方因离婚财产分割多次争吵，女方请求调解。',
    category: 'family',
    tier: 'general',
    territory: 'GT-09-01',
    department: 'PCS',
  })
  expect(created.status).toBe(201)
  taskId = created.body.task.id
  expect((await request(app.url).post(`/api/tasks/${taskId}/sign`).set(authHeader(app, 'u-hejun')).send({})).status).toBe(200)
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

const poolSize = () => sheet(page).locator('.pool-fields__size')

describe('publishing to a pool of 调解员 with 专长 婚恋家庭', () => {
  it('the lead’s bar keeps 发布揭榜 and 指派 in one row; 退回 and 上报 are under 更多', async () => {
    await signInPage(page, app, 'u-hejun')
    await openPage(page, app, `/pages/task/index?id=${taskId}`)
    await page.locator('.detail__state', { hasText: '待分派' }).waitFor()
    await expect(texts(page.locator('.bottom-bar .btn:visible'))).resolves.toEqual(['更多', '发布揭榜', '指派'])
    const tops = await page.locator('.bottom-bar .btn:visible').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)))
    expect(new Set(tops).size).toBe(1)
    await page.locator('.bottom-bar .btn:visible', { hasText: '更多' }).click()
    await expect(texts(sheet(page).locator('.btn'))).resolves.toEqual(['退回', '上报'])
    await sheet(page).locator('.sheet__close').click()
  })

  it('picks 认领范围, 可认领角色 and 专长, sees how many people that admits, and publishes', async () => {
    await page.locator('.bottom-bar .btn:visible', { hasText: '发布揭榜' }).click()
    await expect(sheet(page).locator('.sheet__title').innerText()).resolves.toBe('发布揭榜')
    // the defaults the server would apply: the task's grid, 网格员 — 孙浩 of that grid
    await poolSize().getByText('丰园村第1网格范围内符合条件的共 1 人').waitFor()
    await expect(texts(sheet(page).locator('.field', { hasText: '认领范围' }).locator('.chip'))).resolves.toEqual(['丰园村第1网格', '丰园村', '古塘街道'])
    // a weak signal: the count for the first tap answers late, after the counts of the next taps
    let asked = 0
    await page.route('**/pool-size*', async (route) => {
      if (asked++ === 0) await new Promise((r) => setTimeout(r, 2000))
      await route.continue()
    })
    await chip(sheet(page), '丰园村').click()
    await chip(sheet(page), '调解员').click()
    await chip(sheet(page), '网格员').click()
    // 冯波 of the village, 杨雪 and 马洁 of the street — and a late answer for an earlier tap does not replace it
    await poolSize().getByText('丰园村范围内符合条件的共 3 人').waitFor()
    await page.waitForTimeout(2500)
    await expect(poolSize().innerText()).resolves.toContain('丰园村范围内符合条件的共 3 人')
    await page.unroute('**/pool-size*')
    await chip(sheet(page), '婚恋家庭').click()
    await poolSize().getByText('丰园村范围内符合条件的共 2 人').waitFor()
    // a 专长 nobody of the pool has: the sheet says so before anything is published
    await chip(sheet(page), '贵州话').click()
    await poolSize().getByText('丰园村范围内符合条件的共 2 人').waitFor() // any one of them: still the two
    await chip(sheet(page), '婚恋家庭').click()
    await poolSize().getByText('没有人符合条件').waitFor()
    await chip(sheet(page), '贵州话').click()
    await chip(sheet(page), '婚恋家庭').click()
    await poolSize().getByText('共 2 人').waitFor()
    await expect(texts(sheet(page).locator('[role=checkbox][aria-checked=true]'))).resolves.toEqual(['调解员', '婚恋家庭'])
    await sheet(page).locator('.field', { hasText: '奖励积分' }).locator('input').fill('15')
    await screenshot(page, 'publish-pool-sheet')
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await toast(page).getByText('已发布到揭榜大厅').waitFor()
    await page.locator('.detail__state', { hasText: '揭榜中' }).waitFor()
    const stored = await app.db.models.Task.findById(taskId).lean()
    expect(stored).toMatchObject({ poolTerritory: 'GT-09', poolRoles: ['mediator'], poolTags: ['婚恋家庭'] })
  })

  it('杨雪 (调解员 without 婚恋家庭) never sees it', async () => {
    await signInPage(page, app, 'u-yangxue')
    await openPage(page, app, '/pages/hall/index')
    await page.locator('.state--empty:visible, .task-card:visible').first().waitFor()
    await expect(card(page, TITLE).count()).resolves.toBe(0)
  })

  it('冯波 (调解员, 婚恋家庭) finds it in his 揭榜大厅 and claims it', async () => {
    await signInPage(page, app, 'u-fengbo')
    await openPage(page, app, '/pages/mine/index')
    await goToTab(page, '揭榜大厅')
    await card(page, TITLE).waitFor()
    await expect(card(page, TITLE).innerText()).resolves.toContain('15 积分')
    await screenshot(page, 'publish-pool-hall')
    await card(page, TITLE).locator('.btn', { hasText: '揭榜认领' }).click()
    await answerModal(page, '确认认领')
    await page.locator('.detail__state', { hasText: '已认领' }).waitFor()
    expect(errors).toEqual([])
  })
})
