/**
 * 上报 and the centre's answer in the mini-app: 王丽 escalates a task she holds and is told she stays on
 * it; the centre's dispatcher 发回继续办理 with a note; the task is hers again in 我的任务, and the
 * timeline shows both steps.
 */
import type { Page } from 'playwright-core'
import { as, publishedTask, WANGLI } from '../integration/tasks-fixtures'
import { startTestApp, type TestApp } from '../support/app'
import { launchPhone, screenshot } from '../support/browser'
import { openPage, sheet, texts, toast } from '../support/miniapp'
import { signInPage } from '../support/session'

const DISPATCHER = 'u-zhaoyan'
let app: TestApp
let page: Page
let close: () => Promise<void>
let errors: string[]
let id = ''

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  const phone = await launchPhone()
  ;({ page, errors } = phone)
  close = async () => {
    await phone.ctx.close()
    await app.close()
  }
  id = await publishedTask(app, {}, { title: '跨村土地边界纠纷' })
  expect((await as(app, WANGLI).post(`/api/tasks/${id}/claim`)).status).toBe(200)
})
afterAll(() => close?.())

describe('上报 and 发回继续办理', () => {
  it('王丽 escalates from 更多, is told she stays responsible, and the task shows 已上报', async () => {
    await signInPage(page, app, WANGLI)
    await openPage(page, app, `/pages/task/index?id=${id}`)
    await page.locator('.detail__state', { hasText: '已认领' }).waitFor()
    await page.locator('.bottom-bar .btn:visible', { hasText: '更多' }).click()
    await sheet(page).locator('.btn', { hasText: '上报' }).click()
    await expect(sheet(page).innerText()).resolves.toContain('上报后仍由承办人负责')
    // the reason is required: refused in words before anything is sent
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await sheet(page).locator('.sheet__notice', { hasText: '上报理由' }).waitFor()
    await sheet(page).locator('textarea').fill('涉及两个村的土地边界，需社治中心协调自然资源所')
    await screenshot(page, 'escalate-sheet')
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await toast(page).getByText('已上报').waitFor()
    await page.locator('.detail__state', { hasText: '已上报' }).waitFor()
  })

  it('the dispatcher sees 发回继续办理 in the bar, names who carries on, and sends it back with a note', async () => {
    await signInPage(page, app, DISPATCHER)
    await openPage(page, app, `/pages/task/index?id=${id}`)
    await page.locator('.detail__state', { hasText: '已上报' }).waitFor()
    await expect(texts(page.locator('.bottom-bar .btn:visible'))).resolves.toContain('发回继续办理')
    await page.locator('.bottom-bar .btn:visible', { hasText: '发回继续办理' }).click()
    await expect(sheet(page).innerText()).resolves.toContain('由王丽继续办理')
    await sheet(page).locator('textarea').fill('已协调自然资源所周三到场，请继续调解')
    await screenshot(page, 'send-back-sheet')
    await sheet(page).locator('.btn', { hasText: '确定' }).click()
    await toast(page).getByText('已发回').waitFor()
    await page.locator('.detail__state', { hasText: '已认领' }).waitFor()
  })

  it('王丽 has it in 我的任务 again; the timeline shows the escalation and the answer', async () => {
    await signInPage(page, app, WANGLI)
    await openPage(page, app, '/pages/mine/index')
    await page.locator('.task-card:visible', { hasText: '跨村土地边界纠纷' }).waitFor()
    await openPage(page, app, `/pages/task/index?id=${id}`)
    const timeline = page.locator('.timeline')
    await timeline.getByText('涉及两个村的土地边界').waitFor()
    await timeline.getByText('已协调自然资源所周三到场').waitFor()
    await screenshot(page, 'send-back-timeline')
    expect(errors).toEqual([])
  })
})
