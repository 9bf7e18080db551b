import type { Page } from 'playwright-core'
import type { TestApp } from '../support/app'
import { screenshot } from '../support/browser'
import { goToTab, loginAs, openPage, storedSession, texts, toast } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'
import { SESSION_KEY } from '../support/session'

let app: TestApp
let page: Page
let errors: string[]
const logins: string[] = []

let session: PhoneSession

beforeAll(async () => {
  session = await startPhoneSession()
  ;({ app, page, errors } = session)
  page.on('request', (r) => {
    if (r.url().endsWith('/api/auth/login')) logins.push(r.url())
  })
})
afterAll(() => session?.close())

describe('login in a plain browser through the dev login (simulator mode)', () => {
  it('opening the app without a session shows the login page with the demo users, their roles and territories', async () => {
    await page.goto(`${app.url}/`)
    await page.locator('.login__user').first().waitFor({ timeout: 20000 })
    expect(page.url()).toContain('/pages/login/index')
    await expect(page.locator('.login__notice').innerText()).resolves.toContain('钉钉模拟器已连接')
    const wangli = page.locator('.login__user', { hasText: '王丽 · 网格员' })
    await expect(wangli.innerText()).resolves.toContain('新城社区第1网格')
    await expect(page.locator('.login__user', { hasText: '何军 · 部门负责人' }).innerText()).resolves.toContain('派出所副所长')
    // inactive people are not offered
    await expect(page.locator('.login__user', { hasText: '蒋涛' }).count()).resolves.toBe(0)
    // grouped by what people do, and it says how to switch to another account later
    const groups = await texts(page.locator('.login__group-title'))
    expect(groups.slice(0, 3)).toEqual([expect.stringMatching(/^网格员/), expect.stringMatching(/^部门负责人/), expect.stringMatching(/^社治中心/)])
    await expect(page.locator('.login__group', { hasText: '网格员' }).first().innerText()).resolves.toContain('王丽')
    await expect(page.locator('.login__notice').innerText()).resolves.toContain('退出登录')
    await screenshot(page, 'login')
  })

  it('picking a grid worker runs auth code → login and opens 揭榜大厅 with her tabs', async () => {
    await page.locator('.login__user', { hasText: '王丽 · 网格员' }).click()
    await page.locator('.filter-bar__title', { hasText: '揭榜大厅' }).waitFor()
    await expect(page.locator('.filter-bar__head').innerText()).resolves.toContain('新城社区第1网格')
    await expect(texts(page.locator('.tab-bar__text:visible'))).resolves.toEqual(['揭榜大厅', '我的任务', '上报', '我的'])
    expect(logins).toHaveLength(1)
    await expect(storedSession(page)).resolves.toMatchObject({ user: { id: 'u-wangli', name: '王丽' } })
  })

  it('我的 shows who is logged in and how', async () => {
    await goToTab(page, '我的')
    await page.locator('.me__name').waitFor()
    await expect(page.locator('.me__name').innerText()).resolves.toBe('王丽')
    const info = await page.locator('.me').innerText()
    expect(info).toContain('专职网格员')
    expect(info).toContain('新城社区第1网格')
    expect(info).toContain('浏览器')
    // a diagnostics button is not for her
    await expect(page.locator('.btn', { hasText: '发送测试工作通知' }).count()).resolves.toBe(0)
    await screenshot(page, 'me')
  })

  it('an admin finds 发送测试工作通知 under 诊断', async () => {
    await loginAs(page, app, '钱晓')
    await goToTab(page, '我的')
    const diagnostics = page.locator('.me__diagnostics:visible')
    await expect(diagnostics.innerText()).resolves.toContain('诊断（管理员）')
    await diagnostics.locator('.btn', { hasText: '发送测试工作通知' }).click()
    await toast(page).getByText('已加入发送队列').waitFor()
    await expect(diagnostics.innerText()).resolves.toContain('几秒后会出现在工作通知里')
  })

  it('each role gets its own tab bar', async () => {
    await loginAs(page, app, '何军 · 部门负责人')
    await expect(texts(page.locator('.tab-bar__text:visible'))).resolves.toEqual(['部门工单', '待验收', '我的'])
    await loginAs(page, app, '赵燕 · 社治中心调度员')
    await expect(texts(page.locator('.tab-bar__text:visible'))).resolves.toEqual(['首页', '归口', '全部工单', '新建', '我的'])
    await loginAs(page, app, '刘刚')
    await expect(texts(page.locator('.tab-bar__text:visible'))).resolves.toEqual(['首页', '归口', '全部工单', '部门工单', '我的'])
  })

  it('a token the server rejects is replaced silently for the remembered demo user and the call is retried', async () => {
    await loginAs(page, app, '王丽 · 网格员')
    const before = (await storedSession(page))!
    logins.length = 0
    // the server no longer accepts the stored token (tampered, or signed with a rotated secret)
    const rejected = `${before.token.slice(0, -4)}AAAA`
    await page.evaluate(([key, session]) => localStorage.setItem(key, JSON.stringify({ data: session })), [
      SESSION_KEY,
      { ...before, token: rejected },
    ] as const)
    await openPage(page, app, '/pages/mine/index')
    await page.locator('.filter-bar__title', { hasText: '我的任务' }).waitFor()
    await page.locator('.state--empty').waitFor()
    await expect(page.locator('.state--empty').innerText()).resolves.toContain('手头没有在办的任务')
    expect(logins).toHaveLength(1)
    const after = (await storedSession(page))!
    expect(after.user.id).toBe('u-wangli')
    // a fresh token (the same string as `before` when signed within the same second)
    expect(after.token).not.toBe(rejected)
    expect((await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${after.token}` } })).status).toBe(200)
  })

  it('an expired session logs in again before the first call', async () => {
    const session = (await storedSession(page))!
    logins.length = 0
    await page.evaluate(([key, s]) => localStorage.setItem(key, JSON.stringify({ data: s })), [
      SESSION_KEY,
      { ...session, expiresAt: new Date(Date.now() - 1000).toISOString() },
    ] as const)
    await openPage(page, app, '/pages/hall/index')
    await page.locator('.filter-bar__title', { hasText: '揭榜大厅' }).waitFor()
    await page.locator('.state--empty, .task-card').first().waitFor()
    expect(logins).toHaveLength(1)
  })

  it('a deep link opened without a session comes back to that page after login', async () => {
    await page.evaluate(() => localStorage.clear())
    await openPage(page, app, '/pages/me/index')
    await page.locator('.login__user').first().waitFor()
    await page.locator('.login__user', { hasText: '马洁' }).click()
    await page.locator('.me__name', { hasText: '马洁' }).waitFor()
    await expect(page.locator('.me').innerText()).resolves.toContain('古塘司法所')
  })

  it('退出登录 forgets the session and returns to the login page', async () => {
    await page.locator('.btn', { hasText: '退出登录' }).click()
    await page.locator('.login__user').first().waitFor()
    await expect(storedSession(page)).resolves.toBeNull()
    expect(errors).toEqual([])
  })
})
