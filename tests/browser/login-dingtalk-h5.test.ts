import type { Page } from 'playwright-core'
import type { TestApp } from '../support/app'
import { screenshot } from '../support/browser'
import { bridgeCalls, DINGTALK_IOS_UA, fakeIosBridge } from '../support/containers'
import { storedSession, texts } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'

let app: TestApp
let page: Page
let errors: string[]

let session: PhoneSession

beforeAll(async () => {
  session = await startPhoneSession({
    phone: {
      userAgent: DINGTALK_IOS_UA,
      initScript: fakeIosBridge({ userId: 'u-hejun', provider: 'dingtalk', authField: 'code' }),
    },
  })
  ;({ app, page, errors } = session)
})
afterAll(() => session?.close())

describe('inside DingTalk (H5 micro-app, iOS)', () => {
  it('logs in by itself through dingtalk-jsapi (免登) and opens the lead’s first page, no login page shown', async () => {
    await page.goto(`${app.url}/`)
    await page.locator('.filter-bar__title', { hasText: '部门工单' }).waitFor({ timeout: 30000 })
    await expect(texts(page.locator('.tab-bar__text:visible'))).resolves.toEqual(['部门工单', '待验收', '我的'])
    const auth = await bridgeCalls(page, /requestAuthCode/)
    expect(auth).toHaveLength(1)
    expect(auth[0].params.corpId).toBe('dingDEMO0001')
    await expect(storedSession(page)).resolves.toMatchObject({ user: { id: 'u-hejun', name: '何军' } })
    await page.locator('.tab-bar__item:visible', { hasText: '我的' }).click()
    await page.locator('.me__name', { hasText: '何军' }).waitFor()
    await expect(page.locator('.me').innerText()).resolves.toContain('钉钉')
    // inside DingTalk there is no 退出登录: the container is the login
    await expect(page.locator('.btn:visible', { hasText: '退出登录' }).count()).resolves.toBe(0)
    await screenshot(page, 'me-in-dingtalk')
    expect(errors).toEqual([])
  })
})
