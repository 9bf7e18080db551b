/**
 * Two lookups by number at the centre (phone viewport, and the 研判 inbox on PC width too):
 * - 研判: typing a citizen's case code (as read out: lower case, spaces) or a 110 警情编号 into the search
 *   finds the lead holding that record, even when it was already decided, and says it found it by number;
 * - 窗口登记 · 案件码查询: a case whose place intake could not pin asks for the territory — the street's
 *   communities as chips, the desk person's own territory chosen first — and the task goes there; a case
 *   intake placed shows where, and 改属地 lets the desk send it elsewhere.
 */
import type { Page } from 'playwright-core'
import { fileDispute, leadsWaitForCentre, loginCitizen } from '../integration/public-fixtures'
import { as, DISPATCHER } from '../integration/tasks-fixtures'
import type { TestApp } from '../support/app'
import { expectAccessible } from '../support/axe'
import { screenshot } from '../support/browser'
import { installKeys, pushOk } from '../support/intake'
import { chip, openPage, settled } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'
import { signInPage } from '../support/session'

let app: TestApp
let page: Page
let session: PhoneSession
const CALL_ID = 'J33028220261120000555'
let joined: string
let unsure: string
let placed: string
let leadId: string

beforeAll(async () => {
  session = await startPhoneSession()
  ;({ app, page } = session)
  await installKeys(app)
  await leadsWaitForCentre(app)
  await pushOk(app, '110', [
    {
      警情编号: CALL_ID,
      报警时间: '2026/12/03 9:05',
      报警人: '王建国',
      报警电话: '13805740101',
      发生地址: '新城花苑5幢2单元301室',
      警情类别: '纠纷-邻里纠纷',
      简要警情: '楼上装修噪音大，双方发生争吵',
      是否非警务: '是',
    },
  ])
  leadId = (await app.db.models.IntakeSource.findById(`110:${CALL_ID}`).lean())?.leadId as string
  const token = await loginCitizen(app, '13805740101')
  joined = await fileDispute(app, token, {
    content: '楼上装修噪音很大，晚上还在敲打，吵了一架',
    addressNote: '新城花苑5幢2单元301室',
    occurredAt: new Date(app.deps.clock.now().getTime() - 3600_000).toISOString(),
  })
  const other = await loginCitizen(app, '13905746666')
  unsure = await fileDispute(app, other, { content: '菜市场旁边的摊位占道，和摊主吵起来了', community: undefined, addressNote: '不知道叫什么路，菜市场旁边' })
  placed = await fileDispute(app, other, { content: '邻居家的狗整夜叫，沟通不听', addressNote: '新城花苑9幢1单元101室' })
  // the lead is decided already: a number still finds it
  const converted = await as(app, DISPATCHER).post(`/api/intake/leads/${leadId}/convert`).send({ handler: 'grid', territory: 'GT-01-01' })
  expect(converted.status).toBe(200)
})
afterAll(() => session?.close())

const search = () => page.locator('.filter-bar__search:visible input, input.filter-bar__search:visible').first()
const cards = () => page.locator('.lead-card:visible')
const button = (text: string) => page.locator('.btn:visible', { hasText: text })

async function searchFor(text: string) {
  await search().fill(text)
  await search().press('Enter')
}

describe('研判 search by a record’s number', () => {
  it('a case code read out loosely finds the lead holding it, decided or not (phone)', async () => {
    expect(await app.db.models.IntakeSource.findById(`public:${joined}`).lean()).toMatchObject({ leadId })
    await signInPage(page, app, 'u-zhaoyan')
    await openPage(page, app, '/pages/leads/index')
    await settled(page)
    await searchFor(`${joined.slice(0, 5).toLowerCase()} ${joined.slice(5)}`)
    const status = page.locator('.leads-notice:visible', { hasText: '按编号' })
    await status.waitFor({ timeout: 30000 })
    expect(await cards().count()).toBe(1)
    await expect(cards().first().innerText()).resolves.toMatch(/110[\s\S]*已转工单[\s\S]*2 条来件/)
    await expectAccessible(page, 'leads-search-code')
    await screenshot(page, 'leads-search-case-code')
  })

  it('the 110 警情编号 finds the same lead; on PC width too', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    try {
      await searchFor(CALL_ID)
      await page.locator('.leads-notice:visible', { hasText: CALL_ID }).waitFor({ timeout: 30000 })
      expect(await cards().count()).toBe(1)
      await cards().first().locator('.lead-card__title').waitFor()
      await screenshot(page, 'leads-search-call-pc')
    } finally {
      await page.setViewportSize({ width: 390, height: 844 })
    }
  })

  it('a number nobody holds says what to type, with a way out', async () => {
    await searchFor('GZ22222222')
    const empty = page.locator('.state:visible', { hasText: '案件码' })
    await empty.waitFor({ timeout: 30000 })
    await button('清除搜索').click()
    await cards().first().waitFor({ timeout: 30000 })
    await screenshot(page, 'leads-search-none-cleared')
  })
})

describe('窗口登记 · 案件码查询 with a territory', () => {
  const codeInput = () => page.locator('input[name="caseCode"]:visible')

  it('a case intake could not place asks for the territory; the desk person’s own (the street) is chosen, a community can be', async () => {
    await openPage(page, app, '/pages/intake/window/index')
    await codeInput().fill(unsure.toLowerCase())
    await button('查询').click()
    const box = page.locator('.window-preview:visible', { hasText: unsure })
    await box.waitFor({ timeout: 30000 })
    await expect(box.innerText()).resolves.toMatch(/没能确定到村社/)
    await expect(chip(box, '全街道').getAttribute('aria-checked')).resolves.toBe('true')
    await chip(box, '新城社区').click()
    await expect(chip(box, '新城社区').getAttribute('aria-checked')).resolves.toBe('true')
    await expectAccessible(page, 'window-case-territory')
    await screenshot(page, 'window-case-territory')
    await button('受理并建工单').click()
    await page.waitForURL(/pages\/task\/index\?id=/, { timeout: 30000 })
    const taskId = (await app.db.models.PublicCase.findById(unsure).lean())?.taskId as string
    expect((await app.db.models.Task.findById(taskId).lean())?.territory.code).toBe('GT-01')
  })

  it('a case intake placed shows where; 改属地 offers the same picker', async () => {
    await openPage(page, app, '/pages/intake/window/index')
    await codeInput().fill(placed)
    await button('查询').click()
    const box = page.locator('.window-preview:visible', { hasText: placed })
    await box.waitFor({ timeout: 30000 })
    await expect(box.innerText()).resolves.toMatch(/属地：新城社区[\s\S]*按地点自动确定/)
    await screenshot(page, 'window-case-placed')
    await button('改属地').click()
    await chip(box, '全街道').waitFor()
    await screenshot(page, 'window-case-change-territory')
  })
})
