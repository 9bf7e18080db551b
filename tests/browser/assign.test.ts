import type { BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { launchPhone, screenshot } from '../support/browser'
import { chip, openPage, sheet, texts, toast } from '../support/miniapp'
import { signInPage } from '../support/session'

/* The lead's other ways to hand a task over: 指派 from the people the BFF offers, and approving an application. */

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]

async function routedToPcs(title: string): Promise<string> {
  const res = await request(app.url)
    .post('/api/tasks')
    .set(authHeader(app, 'u-zhaoyan'))
    .send({ title, description: `${title}，请处理。`, category: 'neighbour', tier: 'general', territory: 'GT-01-01', department: 'PCS' })
  expect(res.status).toBe(201)
  const signed = await request(app.url).post(`/api/tasks/${res.body.task.id}/sign`).set(authHeader(app, 'u-hejun')).send({})
  expect(signed.status).toBe(200)
  return res.body.task.id
}

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  ;({ ctx, page, errors } = await launchPhone())
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

describe('a department lead hands a task over', () => {
  it('指派: picks a grid worker of the task’s grid from the list and the task is hers', async () => {
    const id = await routedToPcs('菜场摊位纠纷')
    await signInPage(page, app, 'u-hejun')
    await openPage(page, app, `/pages/task/index?id=${id}`)
    await page.locator('.bottom-bar .btn:visible', { hasText: '指派' }).click()
    await sheet(page).locator('.assignees__item').first().waitFor()
    const people = await texts(sheet(page).locator('.assignees__item'))
    expect(people.some((p) => p.includes('王丽') && p.includes('新城社区第1网格'))).toBe(true)
    expect(people.some((p) => p.includes('周敏'))).toBe(false) // another community's grid
    await sheet(page).locator('.assignees__item', { hasText: '王丽' }).click()
    await sheet(page).locator('textarea[name=note]').fill('熟悉当事人，请今天上门')
    await screenshot(page, 'assign-sheet')
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await toast(page).getByText('已指派').waitFor()
    await page.locator('.detail__state', { hasText: '已认领' }).waitFor()
    await expect(page.locator('.detail').innerText()).resolves.toContain('王丽（指派）')
    await expect(texts(page.locator('.timeline__label'))).resolves.toContain('指派')
  })

  it('申请→审批: publishes for applications, then approves the one who applied', async () => {
    const id = await routedToPcs('楼上漏水纠纷')
    await openPage(page, app, `/pages/task/index?id=${id}`)
    await page.locator('.bottom-bar .btn:visible', { hasText: '发布揭榜' }).click()
    await chip(sheet(page), '申请→审批').click()
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await toast(page).getByText('已发布到揭榜大厅').waitFor()
    const applied = await request(app.url).post(`/api/tasks/${id}/claim`).set(authHeader(app, 'u-wangli')).send({ note: '我住附近' })
    expect(applied.body.result).toBe('applied')
    await page.reload()
    await page.locator('.detail').getByText('申请人').waitFor()
    await page.locator('.bottom-bar .btn:visible', { hasText: '审批认领' }).click()
    await chip(sheet(page), '王丽').click()
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await toast(page).getByText('已批准认领').waitFor()
    await page.locator('.detail__state', { hasText: '已认领' }).waitFor()
    await expect(texts(page.locator('.timeline__label'))).resolves.toEqual(expect.arrayContaining(['申请认领', '审批通过认领']))
    expect(errors).toEqual([])
  })
})
