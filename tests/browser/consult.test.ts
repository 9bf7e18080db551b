/**
 * 法律咨询 in the H5 mini-app (headless Chromium, phone viewport), as 马洁 (司法所, tagged 专科医生): her start
 * page leads to the questions waiting (with how many are overdue); the queue shows the overdue one first in
 * red; she opens it, answers, and reads her answer back; on a question someone else answered while she was
 * typing, the page tells her so in a sentence and shows their answer; she turns a question into a dispute and
 * sees its case code; 我的 has the entry too. Screenshots of each step; axe finds nothing serious.
 */
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { citizen, loginCitizen } from '../integration/public-fixtures'
import { as, XUMING } from '../integration/tasks-fixtures'
import type { TestApp } from '../support/app'
import { expectAccessible } from '../support/axe'
import { screenshot } from '../support/browser'
import { openPage } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'
import { SESSION_KEY, signInPage } from '../support/session'

const MAJIE = 'u-majie'
let session: PhoneSession
let app: TestApp
let page: Page
let errors: string[]
const ids: Record<'late' | 'fresh' | 'raced', string> = { late: '', fresh: '', raced: '' }

async function ask(token: string, topic: string, question: string) {
  const res = await citizen(app, token).post('/api/public/consultations', { requestId: randomUUID(), topic, question })
  expect(res.status).toBe(201)
  return res.body.consultation.id as string
}

beforeAll(async () => {
  session = await startPhoneSession()
  ;({ app, page, errors } = session)
  for (const id of [MAJIE, XUMING]) await app.db.models.User.updateOne({ _id: id }, { $addToSet: { tags: '专科医生' } })
  const token = await loginCitizen(app, '13905747777')
  ids.fresh = await ask(token, 'family', '离婚后孩子的抚养费对方一直不给，我该怎么办？')
  ids.raced = await ask(token, 'property', '物业不给修漏水的水管，我可以不交物业费吗？')
  ids.late = await ask(token, 'labour', '老板拖了我两个月工资，人也找不到了，我能去哪里讨？')
  // asked three days ago: past its 2-day limit
  const ago = Date.now() - 3 * 86_400_000
  await app.db.models.PublicConsultation.updateOne({ _id: ids.late }, { $set: { askedAt: new Date(ago), dueAt: new Date(ago + 2 * 86_400_000) } })
  await signInPage(page, app, MAJIE)
  // the session as a real login leaves it: with her 专长 (the minted test session has none)
  await page.evaluate((key) => {
    const stored = JSON.parse(localStorage.getItem(key) as string)
    stored.data.user.tags = ['法律', '婚恋家庭', '信访', '专科医生']
    localStorage.setItem(key, JSON.stringify(stored))
  }, SESSION_KEY)
}, 180_000)
afterAll(() => session?.close())

const visible = (selector: string, hasText?: string) => page.locator(`#app ${selector}:visible`, hasText ? { hasText } : {})
/** Taps as a person would, scrolled to the middle first; the answer box grows as it is filled, and on a loaded
 * machine it can still sit over the button's centre for a while (as in mediators.test.ts): then the tap goes to the
 * button itself. */
async function tap(selector: string, hasText: string) {
  const el = visible(selector, hasText).first()
  await el.evaluate((e) => e.scrollIntoView({ block: 'center' }))
  await el.click({ timeout: 10_000 }).catch(async (e: Error) => {
    if (!/intercepts pointer events/.test(e.message)) throw e
    await el.dispatchEvent('click')
  })
}

describe('the 专科医生 answer queue', () => {
  it('the start page leads to the questions waiting, overdue counted', async () => {
    await openPage(page, app, '/pages/department/index')
    // the counts arrive a moment after the page
    const entry = visible('.consult-entry', '3 条待解答，1 条已超时')
    await entry.waitFor({ timeout: 30_000 })
    await expect(entry.locator('.consult-entry__title').innerText()).resolves.toBe('法律咨询')
    await screenshot(page, 'consult-start-page')
    await entry.click()
    await visible('.consult-item').first().waitFor({ timeout: 30_000 })
  })

  it('the queue: the overdue question first, in red, time left on the others; large text', async () => {
    const items = visible('.consult-item')
    await expect(items.count()).resolves.toBe(3)
    const first = items.first()
    await expect(first.innerText()).resolves.toContain('老板拖了我两个月工资')
    await expect(first.locator('.sla--over').innerText()).resolves.toMatch(/^已超时 \d+天|^已超时 \d+小时/)
    await expect(items.nth(1).locator('.sla').innerText()).resolves.toMatch(/^还剩 1天23小时|^还剩 2天0小时|^还剩 1天2\d小时/)
    // readable for older eyes: question text at least 17 css px, the red badge white on red
    const size = await first.locator('.consult-item__text').evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize))
    expect(size).toBeGreaterThanOrEqual(17)
    const tapHeight = await first.evaluate((e) => e.getBoundingClientRect().height)
    expect(tapHeight).toBeGreaterThanOrEqual(48)
    await expectAccessible(page, 'consult-queue')
    await screenshot(page, 'consult-queue')
  })

  it('opens the overdue question, answers it, and reads the answer back', async () => {
    await tap('.consult-item', '老板拖了我两个月工资')
    await visible('.question__text', '老板拖了我两个月工资').waitFor({ timeout: 30_000 })
    await expect(visible('.btn', '提交解答').getAttribute('aria-disabled')).resolves.toBe('true')
    await expectAccessible(page, 'consult-question')
    await screenshot(page, 'consult-question')
    await visible('textarea').fill('可以向劳动保障监察大队投诉，或申请劳动仲裁。请带好身份证、工资条、考勤记录或聊天记录。')
    await tap('.btn', '提交解答')
    await visible('.question__answer', '劳动保障监察').waitFor({ timeout: 30_000 })
    await expect(visible('.consult-item').first().innerText()).resolves.toContain('已解答')
    await expect(visible('.btn', '提交解答').count()).resolves.toBe(0)
    await screenshot(page, 'consult-answered')
    expect(await app.db.models.SmsOutbox.countDocuments({ template: 'public_answer' })).toBe(1)
  })

  it('someone else answered first: a sentence and their answer, not an error code', async () => {
    await openPage(page, app, `/pages/consult/question/index?id=${ids.raced}`)
    await visible('textarea').waitFor({ timeout: 30_000 })
    await visible('textarea').fill('物业费和维修是两回事，不建议拒交，可以向住建部门投诉物业。')
    // 徐明 answers while she is typing
    expect((await as(app, XUMING).post(`/api/consultations/${ids.raced}/answer`, { answer: '可以先找业委会和社区协调，再向住建部门投诉。' })).status).toBe(200)
    await tap('.btn', '提交解答')
    const notice = visible('.question__notice')
    await notice.waitFor({ timeout: 30_000 })
    await expect(notice.innerText()).resolves.toContain('已有其他人解答了这条咨询')
    await expect(visible('.question__answer').innerText()).resolves.toContain('业委会')
    await expect(page.locator('#app').innerText()).resolves.not.toMatch(/CONFLICT|409/)
    await screenshot(page, 'consult-answered-by-someone-else')
  })

  it('turns a question into a dispute once and shows its case code; back leads to the queue', async () => {
    await openPage(page, app, `/pages/consult/question/index?id=${ids.fresh}`)
    await visible('.question__text', '抚养费').waitFor({ timeout: 30_000 })
    await tap('.btn', '转为纠纷')
    await tap('.btn', '确认转为纠纷')
    const code = visible('.question__row', '已转为纠纷')
    await code.waitFor({ timeout: 30_000 })
    await expect(code.innerText()).resolves.toMatch(/案件码 GZ[0-9A-Z]{8}/)
    await expect(visible('.btn', '转为纠纷').count()).resolves.toBe(0)
    await screenshot(page, 'consult-turned-into-dispute')
    // opened from a notice (no history): 返回 goes to the queue, not nowhere
    await tap('.btn', '返回咨询列表')
    await visible('.consult__summary').waitFor({ timeout: 30_000 })
    await expect(visible('.consult__summary').innerText()).resolves.toMatch(/1\s*待解答/)
  })

  it('我的 has the entry', async () => {
    await openPage(page, app, '/pages/me/index')
    const row = visible('.me__link', '法律咨询')
    await row.waitFor({ timeout: 30_000 })
    await screenshot(page, 'consult-me-entry')
    await row.click()
    await visible('.consult__summary').waitFor({ timeout: 30_000 })
    expect(errors).toEqual([])
  })
})
