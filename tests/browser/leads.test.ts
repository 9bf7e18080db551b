/**
 * 研判 in the H5 mini-app (phone viewport; the centre also uses it on PC): the inbox lists leads with
 * every channel's records, the repeat count and the suggestion's confidence, with counts per queue; a
 * lead's page shows why each record was linked (in words) and the linked history; 转为工单 is one tap and
 * says where the task went; the routing table is a form admins edit, saved as a version.
 */
import type { Page } from 'playwright-core'
import request from 'supertest'
import type { TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { expectAccessible } from '../support/axe'
import { screenshot } from '../support/browser'
import { installKeys, leadsWaitForCentre, pushOk } from '../support/intake'
import { chip, openPage, settled } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'
import { signInPage } from '../support/session'

let app: TestApp
let page: Page
let session: PhoneSession

const call110 = (id: string, o: Record<string, string> = {}) => ({
  警情编号: id,
  报警时间: '2026/11/20 9:05',
  报警人: '王建国',
  报警电话: '138 0574 0101',
  发生地址: '新城花苑5幢2单元301室',
  警情类别: '纠纷-邻里纠纷',
  简要警情: '楼上装修噪音大，双方发生争吵',
  是否非警务: '是',
  ...o,
})

beforeAll(async () => {
  session = await startPhoneSession()
  ;({ app, page } = session)
  await installKeys(app)
  // every lead waits for a person in this test (the routing form below turns automation back on)
  await leadsWaitForCentre(app)
  await pushOk(app, '110', [call110('J33028220261120000001')])
  await pushOk(app, '12345', [
    {
      工单编号: 'NB2026112000001',
      来电时间: '2026-11-20 15:30',
      诉求人: '王先生',
      来电号码: '+86 13805740101',
      诉求类型: '城市管理-噪音扰民',
      诉求内容: '反映楼上装修噪音扰民，晚上还在敲打',
      事发地址: '古塘街道新城花苑五幢',
    },
  ])
  await pushOk(app, '110', [call110('J33028220261130000001', { 报警时间: '2026/11/30 16:10', 简要警情: '楼上又在装修，双方推搡，扬言报复' })])
})
afterAll(() => session?.close())

const button = (text: string) => page.locator('.btn:visible', { hasText: text })
// the cards of the page shown now: while a page is being left, Taro can keep the one below displayed too, and
// a card of the covered page cannot be clicked (a run under load timed out on one)
const cards = () => page.locator('.taro_page:visible').last().locator('.lead-card:visible')

/** The widest the document gets while `act` runs and a page slides in or out (Taro's slide takes 300 ms). */
async function widestDuring(act: () => Promise<unknown>): Promise<number> {
  await page.evaluate(() => {
    const w = window as { __widest?: number }
    w.__widest = 0
    const until = performance.now() + 1500
    const sample = () => {
      w.__widest = Math.max(w.__widest ?? 0, document.documentElement.scrollWidth)
      if (performance.now() < until) requestAnimationFrame(sample)
    }
    requestAnimationFrame(sample)
  })
  await act()
  await page.waitForTimeout(1500)
  return page.evaluate(() => (window as { __widest?: number }).__widest ?? 0)
}

describe('研判', () => {
  it('the inbox: one lead per incident, all its channels, the repeat and the counts per queue', async () => {
    await signInPage(page, app, 'u-zhaoyan')
    await openPage(page, app, '/pages/index/index')
    const queue = page.locator('.queue-list__row:visible', { hasText: '待研判线索' })
    await queue.locator('.queue-list__count', { hasText: /^2$/ }).waitFor({ timeout: 30000 })
    await queue.click()
    await cards().first().waitFor({ timeout: 30000 })
    expect(await cards().count()).toBe(2)
    const repeat = cards().filter({ hasText: '又在装修' })
    await expect(repeat.innerText()).resolves.toMatch(/红色[\s\S]*110[\s\S]*30 天内第 2 次/)
    const first = cards().filter({ hasText: '噪音' }).first()
    await expect(first.innerText()).resolves.toMatch(/110[\s\S]*12345[\s\S]*2 条来件/)
    await chip(page, '待研判').locator('.chip__count', { hasText: /^2$/ }).waitFor({ timeout: 30000 })
    await expect(chip(page, '重复来件').innerText()).resolves.toMatch(/1/)
    await expectAccessible(page, 'leads-inbox')
    await screenshot(page, 'leads-inbox')
  })

  it("a lead's page: the records of both channels with the reasons in words, the linked history", async () => {
    // the page slides in without widening the document: a phone browser would zoom out to fit it, and stay zoomed
    const screen = page.viewportSize()?.width ?? 390
    expect(await widestDuring(() => cards().filter({ hasText: '又在装修' }).locator('.lead-card__title').click())).toBeLessThanOrEqual(screen)
    await page.locator('.lead-source:visible').first().waitFor({ timeout: 30000 })
    const text = await page.locator('.lead:visible').innerText()
    expect(text).toMatch(/研判建议[\s\S]*分类[\s\S]*把握[\s\S]*属地[\s\S]*承办[\s\S]*风险/)
    expect(text).toMatch(/重复来件：关联的前次线索[\s\S]*同一联系电话 138\*\*\*\*0101/)
    expect(text).toMatch(/关联历史（30 天 2 次/)
    expect(text).not.toMatch(/13805740101/)
    await expectAccessible(page, 'lead')
    await screenshot(page, 'leads-lead-repeat')
    expect(await widestDuring(() => page.goBack())).toBeLessThanOrEqual(screen)
    await settled(page)
    await expect(page.evaluate(() => window.visualViewport?.scale)).resolves.toBe(1)
    await cards().filter({ hasText: '噪音' }).first().locator('.lead-card__title').click()
    await page.locator('.lead-source:visible').nth(1).waitFor({ timeout: 30000 })
    const joined = await page.locator('.lead-source:visible').nth(1).innerText()
    expect(joined).toMatch(/12345[\s\S]*归集理由：同一联系电话 138\*\*\*\*0101/)
    await screenshot(page, 'leads-lead-linked')
  })

  it('转为工单 in one tap: it says where the task went and opens it', async () => {
    await button('转为工单').click()
    const done = page.locator('.lead__done:visible')
    await done.waitFor({ timeout: 30000 })
    await expect(done.innerText()).resolves.toMatch(/已转为工单[\s\S]*查看工单 JQ\d{8}-\d{4}/)
    await expect(page.locator('.lead:visible').innerText()).resolves.toMatch(/处理结果[\s\S]*转为工单/)
    await screenshot(page, 'leads-converted')
    await button('查看工单').click()
    await page.waitForURL(/pages\/task\/index\?id=/, { timeout: 30000 })
    await settled(page)
    await expect(page.locator('body').innerText()).resolves.toMatch(/装修/)
    await screenshot(page, 'leads-task')
  })

  it('the routing table is a form: an admin changes a row and saves a version, with who and when', async () => {
    await signInPage(page, app, 'u-admin')
    await openPage(page, app, '/pages/leads/routing/index')
    await settled(page)
    const row = page.locator('.routing-row:visible').first()
    await row.waitFor({ timeout: 30000 })
    await row.locator('.btn', { hasText: '修改' }).click()
    await chip(row, '网格').click()
    await page.locator('.routing-save input').first().fill('噪音先由网格处理')
    await page.locator('.routing input').first().fill('95')
    await expectAccessible(page, 'leads-routing')
    await screenshot(page, 'leads-routing-edit')
    await button('保存为新版本').click()
    await page.locator('.ok-text:visible').waitFor({ timeout: 30000 })
    await expect(page.locator('.ok-text:visible').innerText()).resolves.toMatch(/已保存为第 2 版/)
    await page.locator('.routing .kv:visible', { hasText: '噪音先由网格处理' }).waitFor({ timeout: 30000 })
    await expect(page.locator('.routing .kv:visible', { hasText: '噪音先由网格处理' }).innerText()).resolves.toMatch(/第 2 版[\s\S]*钱晓/)
    await expect(row.innerText()).resolves.toMatch(/网格/)
    await screenshot(page, 'leads-routing-saved')
    const saved = (await request(app.url).get('/api/intake/routing').set(authHeader(app, 'u-admin'))).body
    expect(saved.version).toBe(2)
    expect(saved.autoConvertAbove).toBe(0.95)
    expect(saved.rows[0].handler).toBe('grid')
  })
})
