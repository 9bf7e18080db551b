/**
 * 多元化解队伍 in the H5 mini-app (headless Chromium, phone viewport): the centre opens a red 婚恋家庭 task's
 * 攻坚小组 page, asks for a proposal, reads why each person was picked and why the applicant's housemate
 * was excluded (without learning the relation), swaps one member for the next best and confirms; a
 * mediator sees their record and registers a leave on their own profile while an admin sees the
 * declared relations the centre cannot; an accepted member records a session and a successful outcome,
 * and the page offers the 调解协议书.
 */
import type { Page } from 'playwright-core'
import { buildPool, CENTRE, familyCase, type Pool } from '../integration/mediators-fixtures'
import { as, createTask } from '../integration/tasks-fixtures'
import type { TestApp } from '../support/app'
import { screenshot } from '../support/browser'
import { openPage, sheet } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'
import { signInPage } from '../support/session'

let session: PhoneSession
let app: TestApp
let page: Page
let errors: string[]
let pool: Pool
let taskId: string

beforeAll(async () => {
  session = await startPhoneSession()
  ;({ app, page, errors } = session)
  pool = await buildPool(app)
  taskId = await createTask(app, familyCase())
})
afterAll(() => session?.close())

const button = (text: string) => page.locator('.btn:visible', { hasText: text })
/** Taps a button as a person would: scrolled to the middle of the screen first (a form's last button can sit on the
 * screen's bottom edge, where a growing textarea above it may still cover the point Playwright aims at). */
async function tap(text: string) {
  const b = button(text)
  await b.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  // on a loaded machine the field above can still sit over the button's centre for a while after scrolling (seen
  // only under load, never at rest): after 10 s the tap goes to the button itself
  await b.click({ timeout: 10_000 }).catch(async (e: Error) => {
    if (!/intercepts pointer events/.test(e.message)) throw e
    await b.dispatchEvent('click')
  })
}
const teamPage = () => `/pages/mediators/team/index?task=${encodeURIComponent(taskId)}`

describe('the proposal sheet', () => {
  it('proposes a team slot by slot with reasons, explains the exclusion without the relation, takes a swap and invites', async () => {
    await signInPage(page, app, CENTRE)
    await openPage(page, app, teamPage())
    await tap('推荐攻坚小组')
    const s = sheet(page)
    await s.locator('.slot__label', { hasText: '当事人所在村社的村社干部' }).waitFor({ timeout: 30000 })
    await expect(s.locator('.slot__label').allInnerTexts()).resolves.toEqual(['民警', '司法所干部', '专职调解员', '当事人所在村社的村社干部'])
    await expect(s.locator('.candidate--chosen .candidate__name').allInnerTexts()).resolves.toEqual(['徐明', '马洁', '黄新华', '林芳'])
    await expect(s.locator('.proposal__rule').innerText()).resolves.toContain('婚恋家庭纠纷 · 红色预警')
    // every point has its reason a tap away
    await s.locator('.candidate--chosen', { hasText: '黄新华' }).locator('.candidate__main').click()
    await expect(s.locator('.candidate__reasons:visible').first().innerText()).resolves.toContain('擅长婚恋家庭纠纷')
    // the applicant's housemate is excluded; the centre reads only that a declared relation exists
    await s.locator('.slot__toggle', { hasText: '查看被排除的 1 人及原因' }).click()
    const excluded = s.locator('.candidate--excluded', { hasText: '张建平' })
    await expect(excluded.innerText()).resolves.toContain('排除：与当事人存在申报的利害关系（详情仅管理员可见）')
    await expect(s.innerText()).resolves.not.toMatch(/父女|张丽）同户/)
    await screenshot(page, 'mediators-proposal')
    // swap 黄新华 for the next best
    const professional = s.locator('.slot', { has: page.locator('.slot__label', { hasText: /^专职调解员$/ }) })
    await professional.locator('.slot__toggle', { hasText: '换人' }).click()
    await professional.locator('.candidate', { hasText: '曹勇' }).locator('.candidate__choose').click()
    await expect(s.locator('.candidate--chosen .candidate__name').allInnerTexts()).resolves.toEqual(['徐明', '马洁', '曹勇', '林芳'])
    await screenshot(page, 'mediators-proposal-swapped')
    await page.locator('.sheet__footer .btn', { hasText: '确认并邀请（4 人）' }).click()
    await page.locator('.member:visible', { hasText: '曹勇' }).waitFor({ timeout: 30000 })
    await expect(page.locator('.member:visible .member__name').allInnerTexts()).resolves.toEqual(['徐明', '马洁', '曹勇', '林芳'])
    await expect(page.locator('.member:visible', { hasText: '曹勇' }).innerText()).resolves.toContain('待答复')
    await screenshot(page, 'mediators-team-invited')
  })
})

describe('the profile page', () => {
  it('a mediator sees their record and registers their own leave', async () => {
    await signInPage(page, app, 'u-caoyong')
    await openPage(page, app, '/pages/me/index')
    await page.locator('.me__link', { hasText: '我的调解员资料' }).click()
    await page.locator('.profile__name:visible', { hasText: '曹勇' }).waitFor({ timeout: 30000 })
    await expect(page.locator('.stats:visible').innerText()).resolves.toContain('在办')
    await expect(page.locator('.stat:visible', { hasText: '在办' }).innerText()).resolves.toContain('1/3')
    await expect(page.locator('.card:visible', { hasText: '申报的利害关系' }).count()).resolves.toBe(0)
    await page.locator('input[placeholder="例如：外出培训"]:visible').fill('家中有事')
    await tap('登记休假')
    await page.locator('.availability--away:visible').waitFor({ timeout: 20000 })
    await expect(page.locator('.availability--away:visible').innerText()).resolves.toMatch(/^休假中，至 .+（家中有事）$/)
    await screenshot(page, 'mediators-profile-leave')
    await tap('现在可以安排')
    await page.locator('.availability:visible', { hasText: '现在可以安排调解' }).waitFor({ timeout: 20000 })
  })

  it('an admin sees the declared relations of 张建平; the centre does not', async () => {
    const url = `/pages/mediators/profile/index?id=${encodeURIComponent(pool.zhangjianping)}`
    await signInPage(page, app, 'u-admin')
    await openPage(page, app, url)
    const relations = page.locator('.card:visible', { hasText: '申报的利害关系' })
    await relations.waitFor({ timeout: 30000 })
    await expect(relations.innerText()).resolves.toContain('张丽 · 139****8801 · 父女')
    await screenshot(page, 'mediators-profile-admin')
    await signInPage(page, app, CENTRE)
    await openPage(page, app, url)
    await page.locator('.profile__name:visible', { hasText: '张建平' }).waitFor({ timeout: 30000 })
    await expect(page.locator('body').innerText()).resolves.not.toMatch(/父女|139\*\*\*\*8801/)
  })
})

describe('the mediation record', () => {
  it('an accepted member records a session and a successful outcome; the agreement is offered', async () => {
    const team = encodeURIComponent(`${taskId}:team:1`)
    for (const id of ['u-xuming', 'u-majie', 'u-caoyong', 'u-linfang'])
      expect((await as(app, id).post(`/api/mediation/teams/${team}/answer`, { answer: 'accept' })).status).toBe(200)
    await signInPage(page, app, 'u-caoyong')
    await openPage(page, app, teamPage())
    await tap('记录一次调解')
    await page.locator('.med-title:visible', { hasText: '记录一次调解' }).waitFor({ timeout: 30000 })
    // parties and accepted members are offered as attendees, all ticked
    await expect(page.locator('.chip--on:visible').allInnerTexts()).resolves.toEqual(['张丽', '王强', '徐明', '马洁', '曹勇', '林芳'])
    await page.locator('input[placeholder="例如：新城社区调解室"]:visible').fill('新城社区调解室')
    await page.locator('textarea:visible').first().fill('双方陈述，王强当面道歉，同意次日协商抚养问题。')
    await screenshot(page, 'mediators-session-form')
    await tap('保存调解记录')
    await page.locator('.session:visible', { hasText: '新城社区调解室' }).waitFor({ timeout: 30000 })
    await tap('登记调解结果')
    await page.locator('.med-title:visible', { hasText: '登记调解结果' }).waitFor({ timeout: 30000 })
    const areas = page.locator('textarea:visible')
    await areas.nth(0).fill('夫妻因酗酒争吵，经 110 处置后申请调解。')
    // nothing entered as terms: the form says what is missing
    await expect(page.locator('.error-text:visible').innerText()).resolves.toBe('请填写达成的协议内容，每行一条')
    await areas.nth(1).fill('王强向张丽赔礼道歉\n婚生子由张丽抚养')
    await screenshot(page, 'mediators-outcome-form')
    await tap('登记并生成调解协议书')
    await page.locator('.med-title:visible', { hasText: '调解结果：调解成功' }).waitFor({ timeout: 30000 })
    await expect(page.locator('.terms:visible').innerText()).resolves.toContain('2. 婚生子由张丽抚养')
    await expect(button('下载调解协议书').count()).resolves.toBe(1)
    await expect(page.locator('.card:visible', { hasText: '攻坚小组' }).first().innerText()).resolves.toContain('已记录结果')
    await screenshot(page, 'mediators-outcome')
    expect(errors).toEqual([])
  })
})
