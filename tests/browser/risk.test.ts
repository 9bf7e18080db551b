/**
 * 三色预警 in the H5 mini-app (headless Chromium, phone viewport): a progress note with a threat turns
 * the task red and its page says 「为什么是红色」 with every factor; the 派出所 sets a colour by hand
 * with a reason; the watch list (重点关注) shows the person with their cases, and 销号 waits for the
 * quiet period; a grid worker is told the list is not for them; the admin edits the risk rules in a
 * Chinese form and the preview names the cases that would change colour.
 */
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { as, baseTask, DISPATCHER, HEJUN, WANGLI } from '../integration/tasks-fixtures'
import { startTestApp, type TestApp } from '../support/app'
import { ARTIFACTS, launchPhone, screenshot } from '../support/browser'
import { chip, openPage, sheet } from '../support/miniapp'
import { signInPage } from '../support/session'

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]
let redTask: string
let familyTask: string

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  // 李女士 called twice; the second case is assigned to 王丽, who records what she heard
  const create = async (over: Parameters<typeof baseTask>[0]) =>
    (await as(app, DISPATCHER).post('/api/tasks', baseTask({ riskColour: 'green', ...over }))).body.task.id as string
  const parties = [{ name: '李女士', role: '报警人', phone: '13705749001' }]
  await create({ title: '夫妻争吵', category: 'family', sourceRef: '110-20261101-0001', parties })
  redTask = await create({
    title: '家庭纠纷（再次报警）',
    category: 'family',
    sourceRef: '12345-20261115-0002',
    parties,
    description: '李女士来电称丈夫酒后吵闹。',
  })
  await as(app, DISPATCHER).post(`/api/tasks/${redTask}/assign`, { userId: WANGLI })
  familyTask = await create({ title: '邻里漏水纠纷', category: 'neighbour', department: 'PCS', parties: [{ name: '周先生', phone: '13905740211' }] })
  ;({ ctx, page, errors } = await launchPhone())
}, 240_000)
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, 'screenshots', `${name}.png`) })

describe('为什么是红色', () => {
  it('a progress note with a threat turns the task red, and the task page says why', async () => {
    await signInPage(page, app, WANGLI)
    await openPage(page, app, `/pages/progress/index?id=${redTask}`)
    const note = page.locator('textarea[name="note"]:visible')
    await note.waitFor({ timeout: 30000 })
    await note.fill('上门走访，男方酒后扬言要报复岳父一家，情绪激动。')
    await page.locator('.btn--primary:visible').last().click()
    // the note's own answer already has the task red: the app goes back to the task
    await page.waitForFunction(() => !location.hash.includes('progress'), null, { timeout: 30000 }).catch(() => undefined)
    await openPage(page, app, `/pages/task/index?id=${redTask}`)
    const riskCard = page.locator('#risk-card:visible')
    await riskCard.waitFor({ timeout: 30000 })
    await expect(riskCard.locator('.risk-card__title').innerText()).resolves.toBe('为什么是红色')
    const text = await riskCard.innerText()
    expect(text).toContain('红色预警（')
    expect(text).toContain('进展记录含「扬言」')
    expect(text).toContain('进展记录含「报复」')
    expect(text).toContain('婚恋家庭纠纷')
    expect(text).toContain('近 30 天同一当事人（李女士）第 2 次报警')
    expect(text).toContain('前跟进处置')
    // a grid worker sees why, but not the other cases of the family, and may not set the colour
    expect(text).not.toContain('关联案件')
    expect(text).not.toContain('调整预警颜色')
    await riskCard.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await shot('risk-card-red')
  })

  it('the 派出所 sets a colour by hand with a reason, and the card says who and why', async () => {
    await signInPage(page, app, HEJUN)
    await openPage(page, app, `/pages/task/index?id=${familyTask}`)
    const riskCard = page.locator('#risk-card:visible')
    await riskCard.waitFor({ timeout: 30000 })
    await riskCard.locator('.btn', { hasText: '调整预警颜色' }).click()
    const s = sheet(page)
    await chip(s, '黄色预警').click()
    await s.locator('textarea').fill('双方多次争吵，所里研判需关注')
    await s.locator('.btn', { hasText: '确定' }).click()
    await page.locator('.risk-card__title:visible', { hasText: '为什么是黄色' }).waitFor()
    await expect(page.locator('#risk-card:visible').innerText()).resolves.toContain('何军于')
    await expect(page.locator('#risk-card:visible').innerText()).resolves.toContain('双方多次争吵，所里研判需关注')
    await page.locator('#risk-card:visible').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.waitForTimeout(1600) // the toast fades
    await shot('risk-card-manual')
  })
})

describe('重点关注', () => {
  it('the centre sees the person with both cases, the channels and a masked phone', async () => {
    await signInPage(page, app, DISPATCHER)
    await openPage(page, app, '/pages/risk/watch/index')
    const card = page.locator('.watch-card:visible', { hasText: '李女士' })
    await card.waitFor({ timeout: 30000 })
    const text = await card.innerText()
    expect(text).toContain('137****9001')
    expect(text).toContain('红色预警')
    expect(text).toContain('近 90 天有 1 件红色预警案件')
    expect(text).toContain('110、12345')
    expect(text).not.toContain('13705749001')
    await screenshot(page, 'risk-watch-list')
    await card.click()
    await page.locator('.subject__case:visible').first().waitFor()
    await expect(page.locator('.subject__case:visible').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('家庭纠纷（再次报警）'),
      expect.stringContaining('夫妻争吵'),
    ])
    // 销号 waits: the red case is open
    await expect(page.locator('.subject__hint:visible').innerText()).resolves.toContain('仍为红色预警且未办结')
    await screenshot(page, 'risk-watch-subject')
  })

  it('a grid worker is told the list is for the centre and the 派出所, with a way back', async () => {
    await signInPage(page, app, WANGLI)
    await openPage(page, app, '/pages/risk/watch/index')
    await page.getByText('重点关注名单仅社治中心和派出所可见').waitFor({ timeout: 30000 })
    await expect(page.locator('.btn:visible', { hasText: '返回' }).count()).resolves.toBe(1)
    await shot('risk-watch-denied')
  })
})

describe('预警规则', () => {
  it('the admin edits the rules in a Chinese form; the preview names the cases that would change colour and why', async () => {
    await signInPage(page, app, 'u-admin')
    await openPage(page, app, '/pages/risk/rules/index')
    await page.locator('.rule-form').waitFor({ timeout: 30000 })
    await page.locator('#claim-modes').waitFor()
    await expect(page.locator('.rule-section__title:visible').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['预警分数线', '重复报警', '关键词', '弱势当事人', '红色预警处置', '重点关注（民转刑）', '按预警颜色限制认领方式']),
    )
    await shot('risk-rules-form')
    // a wrong value, refused as typed
    const red = page.locator('input[name="thresholds.red"]')
    await red.fill('20')
    await expect(page.locator('#risk-thresholds-red .error-text').innerText()).resolves.toBe('红色预警分数线须高于黄色预警分数线')
    // the threshold that turns the neighbours' dispute red
    await red.fill('35')
    await expect(page.locator('.rule-changes').innerText()).resolves.toContain('预警分数线 · 红色预警分数线：60 分 → 35 分')
    await page.locator('.btn:visible', { hasText: '预览影响' }).click()
    const preview = page.locator('#risk-preview')
    await preview.waitFor({ timeout: 30000 })
    const text = await preview.innerText()
    expect(text).toMatch(/\d+ 件案件会改变颜色/)
    expect(text).toContain('夫妻争吵')
    await preview.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await shot('risk-rules-preview')
    expect(errors).toEqual([])
  })
})
