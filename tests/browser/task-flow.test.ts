import { territoryGeofence } from '@jqtb/shared/src/tasks/geofence'
import type { BrowserContext, Page } from 'playwright-core'
import type { TestApp } from '../support/app'
import { expectAccessible } from '../support/axe'
import { screenshot } from '../support/browser'
import { answerModal, card, chip, goToTab, loginAs, openPage, photoFile, sheet, texts, toast } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'

/*
 * The loop of issue 4 through the pages, as the people do it: the centre creates and routes a task, the
 * department lead signs for it and publishes it, a grid worker claims it from the hall, records progress with a
 * photo and her location, and submits; the lead accepts it; the timeline shows every step. Every login goes
 * through the dev login page (auth code from the simulator → POST /api/auth/login).
 */

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]
let taskUrl = ''
const TITLE = '新城社区3幢楼道堆物纠纷'
// 王丽 stands in her own grid, with a 15 m fix
const grid = territoryGeofence('GT-01-01')

let session: PhoneSession

beforeAll(async () => {
  session = await startPhoneSession({ phone: { geolocation: { latitude: grid.lat, longitude: grid.lng, accuracy: 15 } } })
  ;({ app, ctx, page, errors } = session)
})
afterAll(() => session?.close())

describe('揭榜认领 end to end in the mini-app', () => {
  it('the centre creates the task and routes it to 派出所', async () => {
    await loginAs(page, app, '赵燕 · 社治中心调度员')
    await page.locator('#overview').waitFor()
    await goToTab(page, '新建')
    await page.locator('input[name=title]').fill(TITLE)
    await page.getByRole('button', { name: '纠纷类型' }).click()
    await chip(sheet(page), '邻里纠纷').click()
    await chip(page, '简单').click()
    await chip(page, '黄色预警').click()
    await page.locator('textarea[name=description]').fill('3幢2单元住户反映楼道长期堆放杂物，邻里多次争吵。')
    await chip(page, '新城社区').click()
    await chip(page, '第1网格').click()
    // the dispute type suggests its department
    await expect(page.locator('.chip--on', { hasText: '古塘派出所' }).count()).resolves.toBe(1)
    await page.locator('.btn', { hasText: '+ 添加当事人' }).click()
    await page.locator('input[name=party-name-0]').fill('张大伯')
    await page.locator('input[name=party-role-0]').fill('申请人')
    await page.locator('input[name=party-phone-0]').fill('13812345678')
    await screenshot(page, 'create')
    await page.locator('.btn', { hasText: '创建并分拨' }).click()
    await page.locator('.detail__title', { hasText: TITLE }).waitFor()
    taskUrl = page.url().slice(page.url().indexOf('#') + 1)
    await expect(page.locator('.detail__state').innerText()).resolves.toBe('待签收')
    await expect(page.locator('.detail').innerText()).resolves.toContain('138****5678')
    await screenshot(page, 'task-routed')
  })

  it('the centre sees it in 全部工单', async () => {
    await openPage(page, app, '/pages/all/index')
    await card(page, TITLE).waitFor()
    await expect(card(page, TITLE).innerText()).resolves.toContain('待签收')
    await screenshot(page, 'all')
  })

  it('the 派出所 lead signs for it and publishes it to the hall with 20 points', async () => {
    await loginAs(page, app, '何军 · 部门负责人')
    await card(page, TITLE).waitFor()
    await screenshot(page, 'department')
    await expect(texts(card(page, TITLE).locator('.btn'))).resolves.toEqual(['签收', '退回'])
    await card(page, TITLE).locator('.btn', { hasText: '签收' }).click()
    await toast(page).getByText('已签收').waitFor()
    await chip(page, '待分派').click()
    await card(page, TITLE).locator('.btn', { hasText: '发布揭榜' }).click()
    await expect(sheet(page).locator('.sheet__title').innerText()).resolves.toBe('发布揭榜')
    await chip(sheet(page), '抢单').click()
    await sheet(page).locator('.field', { hasText: '奖励积分' }).locator('input').fill('20')
    await screenshot(page, 'publish-sheet')
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await toast(page).getByText('已发布到揭榜大厅').waitFor()
  })

  it('a grid worker of the task’s grid sees it in 揭榜大厅 and claims it', async () => {
    await loginAs(page, app, '王丽 · 网格员')
    await card(page, TITLE).waitFor()
    const text = await card(page, TITLE).innerText()
    expect(text).toContain('20 积分')
    expect(text).toContain('黄色预警')
    expect(text).toContain('抢单')
    await screenshot(page, 'hall')
    await expectAccessible(page, 'hall')
    await card(page, TITLE).locator('.btn', { hasText: '揭榜认领' }).click()
    // giving it up later costs points: the one question before the claim says how many
    await expect(answerModal(page, '确认认领')).resolves.toMatch(/放弃扣 \d+ 分，认领后超时未开始处置扣 \d+ 分/)
    await page.locator('.detail__state', { hasText: '已认领' }).waitFor()
    await expect(page.locator('.detail').innerText()).resolves.toMatch(/认领剩余 \d+小时\d+分/)
    // what the claim waits for is in the bar; the other verbs she may take are under 更多
    await expect(texts(page.locator('.bottom-bar .btn:visible'))).resolves.toEqual(['更多', '记录进展'])
    await screenshot(page, 'task-claimed')
    await expectAccessible(page, 'task-claimed')
    await page.locator('.bottom-bar .btn:visible', { hasText: '更多' }).click()
    await expect(texts(sheet(page).locator('.btn'))).resolves.toEqual(['申请延期', '放弃', '上报'])
    await screenshot(page, 'task-claimed-more')
    await sheet(page).locator('.sheet__close').click()
  })

  it('she records progress with a photo and her location; the draft survives a reload', async () => {
    await page.locator('.bottom-bar .btn:visible', { hasText: '记录进展' }).click()
    await page.locator('.progress__task', { hasText: TITLE }).waitFor()
    await page.locator('textarea[name=note]').fill('已上门，与双方沟通，约定周末前清理楼道。')
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: '添加照片' }).click()
    await (await chooser).setFiles(await photoFile(page))
    await page.locator('.photo-picker__cell img, .photo-picker__cell .photo-picker__img').first().waitFor()
    await page.locator('.photo-picker__overlay').waitFor({ state: 'detached' })
    await page.locator('.btn', { hasText: '获取当前位置' }).click()
    await page.getByText('精度 ±15 米').waitFor()
    await page
      .locator('.location-field__check--in')
      .getByText(/^✓ 在.+范围内$/)
      .waitFor()
    // the signal drops, the app is reopened: nothing typed or uploaded is lost
    await page.waitForTimeout(500)
    await page.reload()
    await page.locator('.restored-note').waitFor()
    await expect(page.locator('textarea[name=note]').inputValue()).resolves.toBe('已上门，与双方沟通，约定周末前清理楼道。')
    await expect(page.locator('.photo-picker__cell').count()).resolves.toBe(2) // the photo and the add button
    await page.getByText('精度 ±15 米').waitFor()
    await screenshot(page, 'progress')
    await expectAccessible(page, 'progress')
    // no signal at the moment of saving: the form says so and keeps everything
    await ctx.setOffline(true)
    await page.locator('.network-banner:visible').waitFor()
    await page.locator('.btn', { hasText: '保存进展' }).click()
    await page.locator('.error-text:visible', { hasText: '网络不稳定' }).waitFor()
    await expect(page.locator('textarea[name=note]').inputValue()).resolves.toBe('已上门，与双方沟通，约定周末前清理楼道。')
    await screenshot(page, 'progress-offline')
    await ctx.setOffline(false)
    await page.locator('.network-banner:visible').waitFor({ state: 'detached' })
    await page.locator('.btn', { hasText: '保存进展' }).click()
    await page.locator('.detail__state', { hasText: '处置中' }).waitFor()
    const progress = page.locator('.timeline__entry', { hasText: '已上门' })
    await expect(progress.locator('.timeline__photo').count()).resolves.toBe(1)
    await expect(progress.locator('.timeline__location').innerText()).resolves.toContain('精度 ±15 米')
    await expect(progress.locator('.timeline__location').innerText()).resolves.not.toContain('不在工单属地范围内')
  })

  it('she submits it for review', async () => {
    await page.locator('.bottom-bar .btn:visible', { hasText: '提交验收' }).click()
    await sheet(page).locator('textarea[name=note]').fill('楼道已清理，双方和解。')
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await page.locator('.detail__state', { hasText: '待验收' }).waitFor()
    await screenshot(page, 'task-submitted')
    await openPage(page, app, '/pages/mine/index')
    await chip(page, '待验收').click()
    await card(page, TITLE).waitFor()
    await screenshot(page, 'mine')
  })

  it('a worker of another grid cannot open it and is told why', async () => {
    await loginAs(page, app, '陈强 · 网格员')
    await openPage(page, app, taskUrl)
    await page.locator('.state--error').waitFor()
    await expect(page.locator('.state--error').innerText()).resolves.toContain('不在您的属地范围内')
  })

  it('the lead accepts it with a rating from 待验收', async () => {
    await loginAs(page, app, '何军 · 部门负责人')
    await goToTab(page, '待验收')
    await card(page, TITLE).waitFor()
    await screenshot(page, 'review')
    await card(page, TITLE).locator('.btn', { hasText: '通过' }).click()
    // no rating yet: the form says so instead of sending
    await sheet(page).locator('.btn', { hasText: '确认通过' }).click()
    await sheet(page).getByText('请给出评分（1–5 分）').waitFor()
    await sheet(page).getByRole('radio', { name: '4 分' }).click()
    await screenshot(page, 'review-accept-sheet')
    await sheet(page).locator('.btn', { hasText: '确认通过' }).click()
    await toast(page).getByText('验收通过').waitFor()
    await page.getByText('没有待验收的工单').waitFor()
  })

  it('the timeline shows every step, newest first', async () => {
    await openPage(page, app, taskUrl)
    await page.locator('.detail__state', { hasText: '已办结' }).waitFor()
    const labels = await texts(page.locator('.timeline__label'))
    expect(labels).toEqual(['验收通过', '提交验收', expect.stringMatching(/现场走访/), '揭榜认领', '发布揭榜', '签收', '分拨至部门', '创建工单'])
    const actors = await texts(page.locator('.timeline__actor'))
    expect(actors).toEqual(['何军', '王丽', '王丽', '王丽', '何军', '何军', '赵燕', '赵燕'])
    await expect(page.locator('.timeline__entry').first().innerText()).resolves.toContain('★★★★☆')
    await screenshot(page, 'task-closed')
    // a tap on the photo opens it full screen; a tap in the middle closes it
    await page.locator('.timeline__photo:visible').first().click()
    await page.getByRole('dialog', { name: '查看照片' }).waitFor()
    await expect(page.locator('.jqtb-viewer img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(800)
    await page.mouse.click(195, 420)
    await page.locator('.jqtb-viewer').waitFor({ state: 'detached' })
    // the same page in a PC DingTalk window: content centred at a readable width
    await page.setViewportSize({ width: 1000, height: 800 })
    const box = await page.locator('.shell__body').boundingBox()
    expect(box!.width).toBeLessThan(800)
    expect(Math.abs(box!.x + box!.width / 2 - 500)).toBeLessThan(20)
    await screenshot(page, 'task-closed-pc')
    await page.setViewportSize({ width: 390, height: 844 })
    expect(errors).toEqual([])
  })
})
