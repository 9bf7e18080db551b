/**
 * On a phone (390 px): a citizen logs in with 浙里办一键登录 (through the simulator's 浙里办 page and back
 * with a ticket), files a dispute with two photos — a large camera photo is shrunk in the browser before it
 * is sent (long side 1600 px, no EXIF), a photo whose upload is cut off shows 重试 without touching the rest
 * of the form, and is sent again — and sees the photos on the case; the centre sees them on the 研判 lead.
 * Screenshots into .artifacts/screenshots/public-photos-*.png.
 */
import zlib from 'node:zlib'
import type { BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { ZLB_RESIDENTS } from '../../simulator/src/zlb'
import { as, DISPATCHER } from '../integration/tasks-fixtures'
import { startAppWithSimulator } from '../support/app'
import { expectAccessible } from '../support/axe'
import { launchPhone, screenshot } from '../support/browser'
import { photo } from '../support/images'
import { leadsWaitForCentre } from '../support/intake'
import { openPage } from '../support/miniapp'
import { signInPage } from '../support/session'

let env: Awaited<ReturnType<typeof startAppWithSimulator>>
let ctx: BrowserContext
let page: Page
let errors: string[]
const jsBytes: number[] = []
const uploads: number[] = []

beforeAll(async () => {
  env = await startAppWithSimulator({ serveH5: true })
  await leadsWaitForCentre(env.app)
  ;({ ctx, page, errors } = await launchPhone())
  page.on('response', async (res) => {
    if (res.url().endsWith('.js') && res.url().includes('/public/')) jsBytes.push(zlib.gzipSync(await res.body()).length)
  })
  page.on('request', (req) => {
    if (req.url().endsWith('/api/public/photos') && req.method() === 'POST') uploads.push(req.postDataBuffer()?.length ?? 0)
  })
}, 60_000)
afterAll(async () => {
  await ctx?.close()
  await env?.close()
})

const shot = (name: string) => screenshot(page, `public-photos-${name}`)

describe('photos on a filing, on a phone', () => {
  let code = ''
  let leadId_ = ''
  let big: Buffer

  it('logs in with 浙里办一键登录; the first page stays small', async () => {
    await page.goto(`${env.app.url}/public/`)
    const button = page.getByRole('button', { name: '浙里办一键登录' })
    await button.waitFor()
    expect(jsBytes.reduce((a, b) => a + b, 0)).toBeLessThan(100 * 1024)
    await shot('1-login')
    await expectAccessible(page, 'public login with 浙里办')
    await button.click()
    await page.getByText('浙里办（模拟）').waitFor()
    await shot('2-zlb')
    await page.getByRole('link', { name: new RegExp(ZLB_RESIDENTS[1].name) }).click()
    await page.getByText('还没有反映过事情').waitFor()
    // the ticket is gone from the address bar (it works once)
    expect(new URL(page.url()).searchParams.get('ticket')).toBeNull()
  })

  it('a large camera photo is shrunk in the browser before it is sent', async () => {
    await page.getByRole('link', { name: '我要反映一件事' }).click()
    await page.getByRole('button', { name: /邻居之间的矛盾/ }).click()
    await page.getByLabel('发生了什么？').fill('楼上空调外机漏水，滴在我家窗台上，已经泡坏了墙面')
    await page.getByLabel('村 / 社区').selectOption({ index: 1 })
    big = await photo({ width: 3200, height: 2400, exif: true })
    await page.getByLabel('选择照片').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: big })
    await page.getByText('已上传').waitFor()
    expect(uploads).toHaveLength(1)
    expect(uploads[0]).toBeLessThan(big.length)
    const stored = await env.app.db.models.StoredFile.find({ ownerId: { $regex: '^citizen:' } }).lean()
    expect(stored).toHaveLength(1)
    expect(Math.max(stored[0].width ?? 0, stored[0].height ?? 0)).toBe(1600)
  })

  it('a photo whose upload is cut off shows 重试, keeps the form, and goes through when tried again', async () => {
    let cut = 1
    await page.route('**/api/public/photos', (route) => (cut-- > 0 ? route.abort('connectionreset') : route.continue()))
    const second = await sharp(await photo({ width: 800, height: 600, format: 'png' }))
      .png()
      .toBuffer()
    await page.getByLabel('选择照片').setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: second })
    await page.getByRole('button', { name: '重试' }).waitFor()
    await page.getByText('网络不好，这张没传上去').waitFor()
    await page.getByRole('button', { name: '提交' }).click()
    await page.getByText('有照片没传上去').waitFor()
    expect(await page.getByLabel('发生了什么？').inputValue()).toContain('空调外机漏水')
    await shot('3-photo-failed')
    await expectAccessible(page, 'public form with a failed photo')
    await page.getByRole('button', { name: '重试' }).click()
    await page.locator('.thumb.done').nth(1).waitFor()
    expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0)
    await shot('4-photos-ready')
    await page.unroute('**/api/public/photos')
  })

  it('files the dispute; the photos are on the case, and on the centre’s 研判 lead', async () => {
    await page.getByRole('button', { name: '提交' }).click()
    await page.getByText('办理进度').waitFor()
    code = (await page.locator('.code').innerText()).trim()
    await page.locator('.thumbs img').nth(1).waitFor()
    // the images load (signed links)
    const loaded = await page.locator('.thumbs img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0))
    expect(loaded).toEqual([true, true])
    await shot('5-case-with-photos')
    await expectAccessible(page, 'public case with photos')
    const leadId = (await env.app.db.models.IntakeSource.findById(`public:${code}`).lean())?.leadId
    const lead = await as(env.app, DISPATCHER).get(`/api/intake/leads/${leadId}`)
    expect(lead.body.sources[0].photos).toHaveLength(2)
    leadId_ = leadId as string
    expect(errors.filter((e) => !e.includes('ERR_CONNECTION_RESET') && !e.includes('Failed to load resource'))).toEqual([])
  })

  it('the centre sees the photos under the citizen’s record on the 研判 lead page', async () => {
    await signInPage(page, env.app, DISPATCHER)
    await openPage(page, env.app, `/pages/leads/lead/index?id=${encodeURIComponent(leadId_)}`)
    const photos = page.locator('.lead-source__photo:visible img, img.lead-source__photo:visible')
    await photos.nth(1).waitFor({ timeout: 30000 })
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.lead-source__photo img, img.lead-source__photo')).every((i) => (i as HTMLImageElement).naturalWidth > 0),
    )
    await screenshot(page, 'public-photos-6-lead-page')
  })
})
