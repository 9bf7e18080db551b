/**
 * 人员管理 in the H5 mini-app (headless Chromium): the admin opens 人员管理 from 我的, syncs the address
 * book, picks the newcomer 访客甲 and 加入 — role, a grid of 天九街社区, a 专长 — and the person page shows
 * them in post with the change in their history. 访客甲 then logs in through the DingTalk simulator;
 * the admin deactivates them from their page and their next request is refused.
 */
import type { Page } from 'playwright-core'
import type { TestApp } from '../support/app'
import { screenshot } from '../support/browser'
import { chip, goToTab, loginAs, openPage, sheet, toast } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'
import { signInPage } from '../support/session'

let app: TestApp
let page: Page
let errors: string[]
let personId = ''

let session: PhoneSession

beforeAll(async () => {
  session = await startPhoneSession()
  ;({ app, page, errors } = session)
})
afterAll(() => session?.close())

const button = (text: string) => page.locator('.btn:visible', { hasText: text })

describe('an admin brings a newcomer of the address book in', () => {
  it('我的 → 人员管理 lists the people in post, searchable', async () => {
    await signInPage(page, app, 'u-admin')
    await openPage(page, app, '/pages/me/index')
    await page.locator('.me__link', { hasText: '人员管理' }).click()
    await page.locator('.people-card').first().waitFor({ timeout: 30000 })
    await expect(page.locator('.filter-bar__title:visible').innerText()).resolves.toBe('人员管理')
    await expect(page.locator('.people-card:visible', { hasText: '王丽' }).innerText()).resolves.toContain('新城社区第1网格')
    await page.locator('input[placeholder="搜索姓名"]:visible').fill('王丽')
    await page.locator('input[placeholder="搜索姓名"]:visible').press('Enter')
    await page.locator('.people-card:visible', { hasText: '陈强' }).waitFor({ state: 'detached' })
    // the new search's answer (the old list is not shown meanwhile: a skeleton is)
    await page.locator('.people-card:visible', { hasText: '王丽' }).waitFor()
    await expect(page.locator('.people-card:visible').count()).resolves.toBe(1)
    await screenshot(page, 'people-list')
  })

  it('通讯录新成员: syncing lists 访客甲, who is not in the organisation yet', async () => {
    await button('通讯录新成员').click()
    // the last sync run is read first ("正在读取…"); before any sync the page says so
    await page.locator('.newcomers__run', { hasText: '还没有同步过通讯录' }).waitFor({ timeout: 30000 })
    await button('立即同步通讯录').click()
    await page.locator('.newcomers__summary').waitFor({ timeout: 30000 })
    await expect(page.locator('.newcomers__summary').innerText()).resolves.toMatch(/新成员 1 人/)
    const item = page.locator('.newcomers__item', { hasText: '访客甲' })
    await item.waitFor()
    await expect(item.innerText()).resolves.toContain('dt_visitor')
    await expect(page.locator('.newcomers__run').innerText()).resolves.toContain('钱晓')
    await screenshot(page, 'people-newcomers')
    await item.locator('.btn', { hasText: '加入' }).click()
  })

  it('加入: the account is filled in; the admin sets the role, a grid and a 专长, and saves', async () => {
    await page.locator('.page-title:visible', { hasText: '添加人员' }).waitFor()
    await expect(page.locator('input[name="person-name"]:visible').inputValue()).resolves.toBe('访客甲')
    await expect(page.locator('.people-fixed:visible').first().innerText()).resolves.toBe('dt_visitor')
    // saving without a territory is refused in words, before anything is sent
    await button('保存并开通').click()
    await expect(page.locator('.error-text:visible').innerText()).resolves.toBe('请选择属地')
    await chip(page, '天九街社区').click()
    await chip(page, '第2网格').click()
    await expect(page.locator('.people-territory__chosen:visible').innerText()).resolves.toBe('已选：天九街社区 · 第2网格')
    // the refusal follows the form: the territory chosen, it is gone (not left to mislead until the next save)
    await page.locator('.error-text:visible').waitFor({ state: 'hidden' })
    await chip(page, '邻里').click()
    await page.locator('input[name="person-title"]:visible').fill('专职网格员')
    await screenshot(page, 'people-add')
    await button('保存并开通').click()
    await page.locator('.person__name:visible', { hasText: '访客甲' }).waitFor({ timeout: 30000 })
    const head = await page.locator('.person__head:visible').innerText()
    expect(head).toContain('在职')
    expect(head).toContain('天九街社区第2网格')
    await expect(page.locator('.person-history:visible').innerText()).resolves.toContain('属地：天九街社区第2网格')
    await expect(page.locator('.person-account:visible', { hasText: '钉钉' }).first().innerText()).resolves.toContain('dt_visitor')
    personId = new URL(page.url().replace('/#', '')).searchParams.get('id') ?? ''
    expect(personId).toMatch(/^u-/)
    await screenshot(page, 'people-person')
  })

  it('the person page is comfortable on a PC DingTalk window too', async () => {
    await page.setViewportSize({ width: 1000, height: 800 })
    await openPage(page, app, `/pages/people/person/index?id=${personId}`)
    await page.locator('.person__name:visible').waitFor()
    // centred at a readable width, like every page on a wide window
    const box = await page.locator('.person__head:visible').boundingBox()
    expect(box!.width).toBeGreaterThan(600)
    expect(box!.width).toBeLessThan(800)
    expect(Math.abs(box!.x + box!.width / 2 - 500)).toBeLessThan(20)
    await screenshot(page, 'people-person-wide')
    await openPage(page, app, '/pages/people/index')
    await page.locator('.people-card').first().waitFor()
    // two cards a row: the list is not one stretched column
    const tops = await page.locator('.people-card:visible').evaluateAll((els) => els.slice(0, 2).map((e) => Math.round(e.getBoundingClientRect().top)))
    expect(tops[0]).toBe(tops[1])
    await screenshot(page, 'people-list-wide')
    await page.setViewportSize({ width: 390, height: 844 })
  })

  it('访客甲 logs in through DingTalk (the simulator) and lands in the 揭榜大厅 of the grid', async () => {
    await loginAs(page, app, '访客甲 · 网格员')
    await page.locator('.filter-bar__title', { hasText: '揭榜大厅' }).waitFor()
    await expect(page.locator('.filter-bar__head').innerText()).resolves.toContain('天九街社区第2网格')
    await goToTab(page, '我的')
    await expect(page.locator('.me').innerText()).resolves.toContain('邻里')
  })

  it('the admin deactivates 访客甲 from the page; 访客甲’s next request is refused', async () => {
    const visitorSession = await page.evaluate(() => localStorage.getItem('jqtb.session'))
    await signInPage(page, app, 'u-admin')
    await openPage(page, app, `/pages/people/person/index?id=${personId}`)
    await button('停用').click()
    await sheet(page).locator('textarea').fill('借调结束')
    await sheet(page).locator('.btn', { hasText: '确认停用' }).click()
    await toast(page).getByText('已停用').waitFor()
    await page.locator('.people-note:visible', { hasText: '已停用' }).waitFor()
    await expect(page.locator('.person-history:visible').innerText()).resolves.toContain('借调结束')
    await screenshot(page, 'people-deactivated')
    const token = JSON.parse(visitorSession ?? '{}').data?.token as string
    const res = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(403)
  })

  it('had no page errors', () => {
    expect(errors).toEqual([])
  })
})
