import type { Page } from 'playwright-core'
import type { TestApp } from '../support/app'
import { bridgeCalls, fakeIosBridge, ZZD_IOS_UA } from '../support/containers'
import { storedSession, texts } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'

let app: TestApp
let page: Page
let errors: string[]

let session: PhoneSession

beforeAll(async () => {
  // 浙政钉 hands the code over as `auth_code`
  session = await startPhoneSession({
    env: { DINGTALK_PROVIDER: 'zhezhengding' },
    phone: {
      userAgent: ZZD_IOS_UA,
      initScript: fakeIosBridge({ userId: 'u-wangli', provider: 'zhezhengding', authField: 'auth_code' }),
    },
  })
  ;({ app, page, errors } = session)
})
afterAll(() => session?.close())

describe('inside 浙政钉 (H5, iOS)', () => {
  it('logs in by itself through gdt-jsapi getAuthCode with the tenant id and opens 揭榜大厅', async () => {
    await page.goto(`${app.url}/`)
    await page.locator('.filter-bar__title', { hasText: '揭榜大厅' }).waitFor({ timeout: 30000 })
    await expect(texts(page.locator('.tab-bar__text:visible'))).resolves.toEqual(['揭榜大厅', '我的任务', '上报', '我的'])
    const auth = await bridgeCalls(page, /getAuthCode/)
    expect(auth).toHaveLength(1)
    expect(auth[0].params.corpId).toBe(String(app.config.zzd.tenantId))
    await expect(storedSession(page)).resolves.toMatchObject({ user: { id: 'u-wangli', name: '王丽' } })
    await page.locator('.tab-bar__item:visible', { hasText: '我的' }).last().click()
    await page.locator('.me__name', { hasText: '王丽' }).waitFor()
    await expect(page.locator('.me').innerText()).resolves.toContain('浙政钉')
    expect(errors).toEqual([])
  })
})
