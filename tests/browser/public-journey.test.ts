/**
 * The citizen's whole journey on a phone (390 px): log in with an SMS code, tell us about a dispute
 * with the address picker, get a case code with its QR code, follow the public timeline while the
 * centre handles the task, rate it; the large-text setting; a legal question; axe on every page (0 serious/critical);
 * screenshots into .artifacts/screenshots/public-*.png. The first page's JS stays under 100 KB gzip.
 */
import zlib from 'node:zlib'
import type { BrowserContext, Page } from 'playwright-core'
import { settleDeferred } from '../../bff/src/kernel/background'
import { lastCodeFor } from '../integration/public-fixtures'
import { as, DISPATCHER, WANGLI } from '../integration/tasks-fixtures'
import { startTestApp, type TestApp } from '../support/app'
import { expectAccessible } from '../support/axe'
import { launchPhone, screenshot } from '../support/browser'

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]
const jsBytes: number[] = []

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  ;({ ctx, page, errors } = await launchPhone())
  page.on('response', async (res) => {
    if (res.url().endsWith('.js') && res.url().includes('/public/')) jsBytes.push(zlib.gzipSync(await res.body()).length)
  })
}, 60_000)
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

const shot = (name: string) => screenshot(page, `public-${name}`)
const PHONE = '13905747777'

describe('the citizen’s page', () => {
  let code = ''

  it('logs in with the SMS code; the first page is small', async () => {
    await page.goto(`${app.url}/public/`)
    await page.getByLabel('手机号').fill(PHONE)
    expect(jsBytes.reduce((a, b) => a + b, 0)).toBeLessThan(100 * 1024)
    await shot('1-login')
    await expectAccessible(page, 'public login')
    await page.getByRole('button', { name: '获取验证码' }).click()
    await page.getByText('验证码已发送').waitFor()
    const smsCode = (await lastCodeFor(app, PHONE))!
    await page.getByLabel('短信验证码').fill(smsCode)
    await page.getByRole('button', { name: '登录', exact: true }).click()
    await page.getByText('还没有反映过事情').waitFor()
    await shot('2-empty')
    await expectAccessible(page, 'public cases (empty)')
  })

  it('files a dispute with the address picker and gets a case code with a QR code', async () => {
    await page.getByRole('link', { name: '我要反映一件事' }).click()
    await page.getByRole('button', { name: /邻居之间的矛盾/ }).click()
    await page.getByLabel('发生了什么？').fill('楼上卫生间漏水到我家天花板，沟通多次没有处理')
    await page.getByLabel('村 / 社区').selectOption({ index: 1 })
    const place = page.getByLabel('小区 / 道路 / 村组')
    await place.locator('option').nth(1).waitFor({ state: 'attached' })
    await place.selectOption({ index: 1 })
    const number = page.getByLabel(/门牌/)
    if (await number.count()) await number.fill('5')
    await page.getByLabel('对方是谁？（可不填）').fill('楼上住户')
    await shot('3-form')
    await expectAccessible(page, 'public form')
    await page.getByRole('button', { name: '提交' }).click()
    await page.getByText('办理进度').waitFor()
    code = (await page.locator('.code').innerText()).trim()
    expect(code).toMatch(/^GZ[2-9A-Z]{8}$/)
    expect(await page.locator('.qr svg').count()).toBe(1)
    await page.getByText('已提交', { exact: true }).waitFor()
    await shot('4-case-filed')
    await expectAccessible(page, 'public case')
  })

  it('follows the case while the centre handles it, then rates it', async () => {
    const accepted = await as(app, DISPATCHER).post(`/api/public-cases/${code}/accept`, {})
    expect(accepted.status).toBe(200)
    const taskId = accepted.body.taskId
    await as(app, DISPATCHER).post(`/api/tasks/${taskId}/assign`, { userId: WANGLI })
    await as(app, WANGLI).post(`/api/tasks/${taskId}/progress`, { kind: 'mediation', note: '约双方到社区调解室' })
    await as(app, WANGLI).post(`/api/tasks/${taskId}/submit`, { note: '楼上已修好防水' })
    expect((await as(app, DISPATCHER).post(`/api/tasks/${taskId}/review`, { decision: 'accept', rating: 5, closureCode: 'mediated' })).status).toBe(200)
    await settleDeferred(app.db) // the citizen's milestones are recorded just after each answer
    await page.reload()
    await page.getByText('已办结', { exact: true }).waitFor()
    await page.getByText('这件事办得怎么样？').waitFor()
    await shot('5-case-closed')
    await expectAccessible(page, 'public case closed')
    await page.getByRole('button', { name: '满意', exact: true }).click()
    await page.getByRole('button', { name: '提交评价' }).click()
    await page.getByText('您的评价：').waitFor()
    await shot('6-rated')
    const desk = await as(app, DISPATCHER).get(`/api/public-cases/${code}`)
    expect(desk.body.rating).toMatchObject({ rating: 'satisfied', via: 'app' })
  })

  it('the large-text setting enlarges the text and stays accessible', async () => {
    await page.getByRole('link', { name: '返回我反映的事' }).click()
    await page.getByRole('button', { name: '大字' }).click()
    // the page applies the setting after the click's render: wait for it (a few seconds at most), then check
    const rootSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)
    await page.waitForFunction(() => getComputedStyle(document.documentElement).fontSize === '22px', undefined, { timeout: 5000 }).catch(() => undefined)
    expect(await rootSize()).toBe('22px')
    await shot('7-large-text')
    await expectAccessible(page, 'public cases (large text)')
  })

  it('asks a legal question (法律咨询)', async () => {
    await page.getByRole('link', { name: '法律咨询' }).click()
    await page.getByLabel('咨询方向').selectOption('labour')
    await page.getByLabel('您的问题').fill('老板拖了我两个月工资，我能去哪里讨？')
    await page.getByRole('button', { name: '提交咨询' }).click()
    await page.getByText('等待解答').waitFor()
    await shot('8-ask')
    await expectAccessible(page, 'public 法律咨询')
    expect(errors).toEqual([])
  })
})
