import { territoryGeofence } from '@jqtb/shared/src/tasks/geofence'
import type { Page } from 'playwright-core'
import request from 'supertest'
import type { TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { screenshot } from '../support/browser'
import { answerModal, card, chip, goToTab, loginAs, openPage, photoFile, sheet, texts, toast } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'

/* A grid worker's other jobs: 上报 (自处理 and 直接), a review that sends it back, and losing a claim race. */

let app: TestApp
let page: Page
let errors: string[]
const grid = territoryGeofence('GT-01-01')

let session: PhoneSession

beforeAll(async () => {
  session = await startPhoneSession({ phone: { geolocation: { latitude: grid.lat, longitude: grid.lng, accuracy: 30 } } })
  ;({ app, page, errors } = session)
})
afterAll(() => session?.close())

async function fillReport(title: string, category: string) {
  await page.locator('input[name=title]').fill(title)
  await page.getByRole('button', { name: '纠纷类型' }).click()
  await chip(sheet(page), category).click()
  await page.locator('textarea[name=description]').fill(`${title}，现场核实。`)
}

describe('上报', () => {
  it('自处理上报 with a photo and location goes straight to review', async () => {
    await loginAs(page, app, '王丽 · 网格员')
    await goToTab(page, '上报')
    await expect(page.locator('.chip--on:visible').first().innerText()).resolves.toBe('自处理上报')
    await fillReport('小区门口电动车乱停放', '治安隐患')
    await page.locator('textarea[name=handlingNote]').fill('已联系车主挪走并张贴提示。')
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: '添加照片' }).click()
    await (await chooser).setFiles(await photoFile(page, '整改后'))
    await page.locator('.photo-picker__overlay').waitFor({ state: 'detached' })
    await page.locator('.btn', { hasText: '获取当前位置' }).click()
    await page.getByText('精度 ±30 米').waitFor()
    // the place is checked against her own grid, in words, before she sends it
    await page.locator('.location-field__check--in').getByText('✓ 在新城社区第1网格范围内').waitFor()
    await screenshot(page, 'report')
    await page.locator('.btn', { hasText: '提交自处理上报' }).click()
    await page.locator('.detail__state', { hasText: '待验收' }).waitFor()
    await expect(page.locator('.detail__head').innerText()).resolves.toContain('网格员自处理上报')
    await expect(page.locator('.timeline__photo').count()).resolves.toBe(1)
  })

  it('直接上报 goes to the centre, and the form starts empty again', async () => {
    await openPage(page, app, '/pages/report/index')
    await expect(page.locator('input[name=title]').inputValue()).resolves.toBe('')
    await chip(page, '直接上报').click()
    await expect(page.locator('textarea[name=handlingNote]').count()).resolves.toBe(0)
    await fillReport('沿街店铺噪音扰民', '噪音扰民')
    await page.locator('.btn', { hasText: '提交直接上报' }).click()
    await page.locator('.detail__state', { hasText: '待分拨' }).waitFor()
    await expect(page.locator('.detail__head').innerText()).resolves.toContain('网格员直接上报')
  })

  it('the community reviews the self-handled report and returns it with a reason the worker then sees', async () => {
    await loginAs(page, app, '林芳')
    await goToTab(page, '待验收')
    await card(page, '电动车乱停放').waitFor()
    await card(page, '电动车乱停放').locator('.btn', { hasText: '驳回' }).click()
    await sheet(page).locator('textarea[name=reason]').fill('请补充挪车后的全景照片')
    await sheet(page).locator('.btn', { hasText: '确认驳回' }).click()
    await toast(page).getByText('已驳回').waitFor()
    await loginAs(page, app, '王丽 · 网格员')
    await goToTab(page, '我的任务')
    await card(page, '电动车乱停放').waitFor()
    await expect(card(page, '电动车乱停放').innerText()).resolves.toContain('已驳回')
    await card(page, '电动车乱停放').locator('.task-card__main').click()
    await page.locator('.timeline__entry', { hasText: '请补充挪车后的全景照片' }).waitFor()
    await expect(texts(page.locator('.bottom-bar .btn:visible'))).resolves.toContain('提交验收')
  })
})

describe('losing a claim race', () => {
  it("shows the server's answer naming who holds the task", async () => {
    const dispatcher = authHeader(app, 'u-zhaoyan')
    const created = await request(app.url)
      .post('/api/tasks')
      .set(dispatcher)
      .send({ title: '新城社区广场舞噪音', description: '晚间广场舞音量过大，居民投诉。', category: 'noise', tier: 'simple', territory: 'GT-01' })
    expect(created.status).toBe(201)
    const id = created.body.task.id
    const published = await request(app.url).post(`/api/tasks/${id}/publish`).set(dispatcher).send({ claimMode: 'first_come', rewardPoints: 8 })
    expect(published.status).toBe(200)

    await openPage(page, app, '/pages/hall/index')
    await card(page, '广场舞噪音').waitFor()
    // meanwhile 陈强, of the neighbouring grid in the same community, is faster
    const claimed = await request(app.url).post(`/api/tasks/${id}/claim`).set(authHeader(app, 'u-chenqiang')).send({})
    expect(claimed.status).toBe(200)
    await card(page, '广场舞噪音').locator('.btn', { hasText: '揭榜认领' }).click()
    await answerModal(page, '确认认领')
    await card(page, '广场舞噪音').locator('.task-actions__error').waitFor()
    await expect(card(page, '广场舞噪音').locator('.task-actions__error').innerText()).resolves.toContain('陈强')
    // the card is re-read: it now shows who holds it, and no claim button
    await card(page, '广场舞噪音').getByText('承办人：陈强').waitFor()
    await expect(card(page, '广场舞噪音').locator('.btn', { hasText: '揭榜认领' }).count()).resolves.toBe(0)
    await expect(card(page, '广场舞噪音').locator('.task-actions__error').innerText()).resolves.toContain('陈强')
    await screenshot(page, 'hall-claim-conflict')
    expect(errors).toEqual([])
  })
})
