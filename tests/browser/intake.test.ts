/**
 * 统一归口 in the H5 mini-app (phone viewport; dispatchers use it on PC too): records pushed by the
 * channel systems appear under 归口, cleaned, with what is unsure marked; a record's page shows the
 * cleaning next to what the channel sent (numbers masked); 窗口登记 shows the address's micro-grid while
 * typing and registers; 导入 runs a dry run with row-level problems, commits, and offers the error sheet.
 */
import fs from 'node:fs'
import { generateDemoMonth } from '@jqtb/shared/src/intake/demo/generator'
import type { Page } from 'playwright-core'
import type { TestApp } from '../support/app'
import { screenshot } from '../support/browser'
import { installKeys, pushOk } from '../support/intake'
import { xlsxFile } from '../support/intake-files'
import { chip, goToTab, openPage, toast } from '../support/miniapp'
import { type PhoneSession, startPhoneSession } from '../support/phone-session'
import { signInPage } from '../support/session'

let app: TestApp
let page: Page
let session: PhoneSession
const month = generateDemoMonth({ end: Date.now(), records: 200, seed: 31 })

beforeAll(async () => {
  session = await startPhoneSession()
  ;({ app, page } = session)
  await installKeys(app)
  const of = (c: string) =>
    month.records
      .filter((r) => r.channel === c && r.version === 1)
      .slice(0, 4)
      .map((r) => r.row)
  await pushOk(app, '110', of('110'))
  await pushOk(app, '12345', of('12345'))
  // one whose address pins nothing: it must show as a question
  await pushOk(app, '81890', [
    {
      服务单号: '81890-UNSURE-0001',
      受理时间: '2026年11月30日 09:30',
      求助人: '陈先生',
      联系电话: '13957482211',
      服务类别: '物业服务',
      求助内容: '电梯坏了',
      地址: '新城大道',
    },
  ])
})
afterAll(() => session?.close())

const button = (text: string) => page.locator('.btn:visible', { hasText: text })

describe('the centre sees every channel in one place', () => {
  it('归口 lists the records, unsure ones marked 待确认', async () => {
    await signInPage(page, app, 'u-zhaoyan')
    await openPage(page, app, '/pages/index/index')
    await goToTab(page, '归口')
    await page.locator('.intake-card:visible').first().waitFor({ timeout: 30000 })
    expect(await page.locator('.intake-card:visible').count()).toBeGreaterThanOrEqual(9)
    const unsure = page.locator('.intake-card:visible', { hasText: '81890-UNSURE-0001' })
    await expect(unsure.innerText()).resolves.toMatch(/新城社区（12 个可能的微网格）\s*待确认/)
    await screenshot(page, 'intake-records')
    await chip(page, '属地待确认').click()
    await page.locator('.intake-card:visible', { hasText: '81890-UNSURE-0001' }).waitFor()
    await screenshot(page, 'intake-records-unsure')
  })

  it("a record's page shows the cleaning, the candidates, the masked numbers and the raw fields", async () => {
    await page.locator('.intake-card:visible', { hasText: '81890-UNSURE-0001' }).click()
    await page.locator('.page-title:visible', { hasText: '电梯坏了' }).waitFor()
    const text = await page.locator('.shell__body:visible').innerText()
    expect(text).toContain('可能的属地')
    expect(text).toContain('139****2211')
    expect(text).not.toContain('13957482211')
    expect(text).toContain('（反映人电话，已加密保存）')
    await screenshot(page, 'intake-record')
  })
})

describe('窗口登记', () => {
  it('shows the micro-grid while the address is typed, and registers', async () => {
    await openPage(page, app, '/pages/intake/window/index')
    await page.locator('input[name="visitorName"]:visible').fill('吴美华')
    await page.locator('input[name="visitorPhone"]:visible').fill('139 0574 1122')
    await page.locator('input[name="address"]:visible').fill('南门小区7幢2单元502室')
    await page.locator('.window-preview:visible', { hasText: '南门社区' }).waitFor({ timeout: 15000 })
    await expect(page.locator('.window-preview:visible').innerText()).resolves.toContain('确定')
    await chip(page, '婚恋家庭').click()
    await chip(page, '家庭纠纷').click()
    await chip(page, '赡养抚养').click()
    await page.locator('.field__textarea:visible textarea, textarea:visible').first().fill('兄弟不承担母亲赡养费，要求调解')
    await screenshot(page, 'intake-window')
    await button('登记').click()
    await page.locator('.page-title:visible', { hasText: '已登记' }).waitFor()
    await expect(page.locator('.shell__body:visible').innerText()).resolves.toMatch(/登记编号 CK-[0-9A-F]{10}/)
    await screenshot(page, 'intake-window-done')
  })
})

describe('导入渠道文件', () => {
  it('dry run with row-level problems, then commit and the error sheet', async () => {
    const rows = month.records
      .filter((r) => r.channel === 'odr' && r.version === 1)
      .slice(0, 6)
      .map((r) => r.row as Record<string, unknown>)
    rows.push({ ...rows[0], 案件编号: '', 纠纷描述: "=cmd|' /C calc'!A0" })
    const file = `${app.config.dataDir}/odr-export.xlsx`
    fs.writeFileSync(file, await xlsxFile('odr', rows, { title: 'ODR 案件导出' }))
    await openPage(page, app, '/pages/intake/import/index')
    await chip(page, 'ODR / 解纷码').click()
    const chooser = page.waitForEvent('filechooser')
    await button('选择 .xlsx / .csv 文件').click()
    await (await chooser).setFiles(file)
    await button('确认导入 6 行').waitFor({ timeout: 60000 })
    const text = await page.locator('.shell__body:visible').innerText()
    expect(text).toContain('第 9 行 · 案件编号')
    expect(text).toContain('缺少「案件编号」')
    await screenshot(page, 'intake-import-dry-run')
    await button('确认导入 6 行').click()
    await page.locator('.tag:visible', { hasText: '导入完成' }).waitFor({ timeout: 60000 })
    const download = page.waitForEvent('download')
    await button('下载错误表').click()
    expect((await download).suggestedFilename()).toMatch(/^错误表-.*\.xlsx$/)
    await toast(page).getByText('错误表已下载').waitFor()
    await screenshot(page, 'intake-import-done')
  })
})
