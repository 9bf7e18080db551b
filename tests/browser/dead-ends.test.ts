import type { BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { expectAccessible } from '../support/axe'
import { launchPhone, screenshot } from '../support/browser'
import { card, chip, openPage, sheet } from '../support/miniapp'
import { signInPage } from '../support/session'

/*
 * No dead ends (ISSUE 15 item 1, and the holder's call of item 3): a publication nobody could ever claim is stopped
 * in the sheet before 确定; a card that leaves the list says where it went and takes the person there; the
 * grid worker on site reveals a party's number and dials it.
 */

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]

async function signedTask(title: string, territory = 'GT-09-01'): Promise<string> {
  const created = await request(app.url)
    .post('/api/tasks')
    .set(authHeader(app, 'u-zhaoyan'))
    .send({
      title,
      description: '双方因宅基地边界争执，需要上门调解。',
      category: 'neighbour',
      tier: 'general',
      territory,
      department: 'PCS',
      parties: [{ name: '李四', role: '申请人', phone: '13900001111' }],
    })
  expect(created.status).toBe(201)
  return created.body.task.id
}

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  ;({ ctx, page, errors } = await launchPhone({
    // the dialler is outside the page: record what the app hands it
    initScript: `window.__dialled = [];
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () { if (this.href.startsWith('tel:')) window.__dialled.push(this.href); else click.call(this) };`,
  }))
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

describe('a publication nobody could claim', () => {
  it('the sheet says so above its buttons and 确定 does nothing; the server refuses the same pool with 422', async () => {
    const id = await signedTask('丰园村宅基地边界纠纷')
    expect((await request(app.url).post(`/api/tasks/${id}/sign`).set(authHeader(app, 'u-hejun')).send({})).status).toBe(200)
    await signInPage(page, app, 'u-hejun')
    await openPage(page, app, `/pages/task/index?id=${id}`)
    await page.locator('.bottom-bar .btn:visible', { hasText: '发布揭榜' }).click()
    await sheet(page).locator('.pool-fields__size').getByText('共 1 人').waitFor()
    // 调解员 who speak 贵州话: there are none
    await chip(sheet(page), '调解员').click()
    await chip(sheet(page), '网格员').click()
    await chip(sheet(page), '贵州话').click()
    const notice = sheet(page).locator('.sheet__notice')
    await notice.getByText('揭榜范围内没有符合条件的人员').waitFor()
    // where the thumb is: above the buttons, inside the screen, without scrolling the sheet
    const box = await notice.boundingBox()
    expect(box && box.y + box.height).toBeLessThanOrEqual(844)
    const confirm = sheet(page).locator('.sheet__footer .btn', { hasText: '确定' })
    await expect(confirm.getAttribute('aria-disabled')).resolves.toBe('true')
    await screenshot(page, 'dead-end-empty-pool')
    await expectAccessible(page, 'publish sheet, empty pool')
    let published = 0
    page.on('request', (r) => {
      if (r.url().endsWith('/publish')) published++
    })
    // a tap anyway (Playwright would wait for an aria-disabled button to become enabled)
    await confirm.click({ force: true })
    await page.waitForTimeout(500)
    expect(published).toBe(0)
    const refused = await request(app.url)
      .post(`/api/tasks/${id}/publish`)
      .set(authHeader(app, 'u-hejun'))
      .send({ claimMode: 'first_come', eligibility: { roles: ['mediator'], tags: ['贵州话'] } })
    expect(refused.status).toBe(422)
    // without that 专长 there are 调解员 again: the block lifts
    await chip(sheet(page), '贵州话').click()
    await sheet(page)
      .locator('.pool-fields__size')
      .getByText(/共 \d+ 人/)
      .waitFor()
    await expect(notice.count()).resolves.toBe(0)
    await expect(confirm.getAttribute('aria-disabled')).resolves.toBe('false')
    await sheet(page).locator('.sheet__close').click()
  })
})

describe('a card that leaves the list says where it went', () => {
  it('签收 in 部门工单 → 「已移到「待分派」」 with a button that shows it there', async () => {
    const id = await signedTask('丰园村鱼塘承包纠纷')
    await openPage(page, app, '/pages/department/index')
    await card(page, '鱼塘承包').locator('.btn', { hasText: '签收' }).click()
    const notice = page.locator('.moved-notice:visible')
    await notice.getByText('「丰园村鱼塘承包纠纷」已移到「待分派」').waitFor()
    await expect(card(page, '鱼塘承包').count()).resolves.toBe(0)
    await screenshot(page, 'dead-end-moved-notice')
    await expectAccessible(page, 'department list with the moved notice')
    await notice.locator('.btn', { hasText: '去「待分派」' }).click()
    await page.locator('.chip--on:visible', { hasText: '待分派' }).waitFor()
    await card(page, '鱼塘承包').waitFor()
    await expect(notice.count()).resolves.toBe(0)
    const task = await request(app.url).get(`/api/tasks/${id}`).set(authHeader(app, 'u-hejun'))
    expect(task.body.state).toBe('signed')
  })

  it('退回 says the task went to the centre (no link the lead could not open)', async () => {
    await signedTask('丰园村土地流转纠纷')
    await chip(page, '待签收').click()
    await card(page, '土地流转').locator('.btn', { hasText: '退回' }).click()
    await sheet(page).locator('textarea').fill('属于农业农村办职责')
    await sheet(page).locator('.sheet__footer .btn', { hasText: '确定' }).click()
    await page.locator('.moved-notice:visible').getByText('已退回社治中心').waitFor()
    await expect(page.locator('.moved-notice:visible .btn').count()).resolves.toBe(0)
  })
})

describe('the grid worker on site calls a party', () => {
  it('王丽 holds the task: 查看号码 shows the number and 拨打 hands it to the dialler; the reveal is in the timeline', async () => {
    const id = await signedTask('新城社区噪音纠纷', 'GT-01-01')
    const lead = authHeader(app, 'u-hejun')
    expect((await request(app.url).post(`/api/tasks/${id}/sign`).set(lead).send({})).status).toBe(200)
    expect((await request(app.url).post(`/api/tasks/${id}/assign`).set(lead).send({ userId: 'u-wangli' })).status).toBe(200)
    await signInPage(page, app, 'u-wangli')
    await openPage(page, app, `/pages/task/index?id=${id}`)
    const parties = page.locator('.parties:visible')
    await parties.getByText('139****1111').waitFor()
    await parties.locator('.btn', { hasText: '查看号码' }).click()
    await parties.getByText('13900001111').waitFor()
    await parties.locator('.btn', { hasText: '拨打' }).click()
    await expect(page.evaluate(() => (window as unknown as { __dialled: string[] }).__dialled)).resolves.toEqual(['tel:13900001111'])
    await page.locator('.timeline__label:visible', { hasText: '查看当事人号码' }).waitFor()
    await screenshot(page, 'task-holder-dial')
    // 孙浩 of another grid never held it: no reveal for him (he cannot even open it)
    const other = await request(app.url).post(`/api/tasks/${id}/reveal-phone`).set(authHeader(app, 'u-sunhao')).send({ party: 0 })
    expect(other.status).toBe(403)
    expect(errors).toEqual([])
  })
})
