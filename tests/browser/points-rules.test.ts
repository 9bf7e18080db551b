/**
 * The admin's rule form in the H5 mini-app (headless Chromium): a wrong value is refused in Chinese as
 * it is typed, a change shows what it changes, the preview replays last month (王丽 gains), publishing
 * makes version 2. Then a grid worker reads her points with every reason, the leaderboard and the rules;
 * community staff open a person of their community from the leaderboard;
 * two workers appeal their deductions (from 我的积分 and from the task page's 积分 card), the admin
 * decides both, and each step shows in the task's timeline.
 */
import path from 'node:path'
import { DAY_MS, parsePeriod, periodKeyOf, previousPeriodKey } from '@jqtb/shared'
import type { BrowserContext, Page } from 'playwright-core'
import { ManualClock } from '../../bff/src/infra/clock'
import { acceptedTask, as, claimedTask } from '../integration/points-fixtures'
import { startTestApp, type TestApp } from '../support/app'
import { ARTIFACTS, launchPhone, screenshot } from '../support/browser'
import { openPage, sheet, toast } from '../support/miniapp'
import { signInPage } from '../support/session'

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]
/** the tasks whose deductions 陈强 and 王丽 appeal */
let chenTask: string
let wangliTask: string
// last month's 15th: the preview replays last month
const lastMonth = parsePeriod(previousPeriodKey(periodKeyOf(Date.now(), 'month')))!
const clock = new ManualClock(lastMonth.start + 14 * DAY_MS + 2 * 3_600_000)

beforeAll(async () => {
  app = await startTestApp({ serveH5: true, clock })
  await acceptedTask(app, 'u-wangli', { rating: 5 })
  clock.set(Date.now())
  // this month: 陈强 and 王丽 each let a claimed task go (−2), which they will appeal
  chenTask = (await claimedTask(app, 'u-chenqiang', { create: { territory: 'GT-01-02', title: '楼道堆物纠纷' } })).id
  await as(app, 'u-chenqiang').post(`/api/tasks/${chenTask}/release`, { reason: '被临时抽调防汛' })
  wangliTask = (await claimedTask(app, 'u-wangli', { create: { territory: 'GT-01-01', title: '车库占用纠纷' } })).id
  await as(app, 'u-wangli').post(`/api/tasks/${wangliTask}/release`, { reason: '家中老人住院' })
  ;({ ctx, page, errors } = await launchPhone())
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

/** What fits on the phone's screen (the full-page shots of this long form are hard to read). */
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, 'screenshots', `${name}.png`) })

const input = (p: string) => page.locator(`input[name="${p}"]`)
const fieldOf = (p: string) => page.locator(`#rule-${p.replace(/\./g, '-')}`)

describe('the admin edits, previews and publishes the rules', () => {
  it('shows the rule set as a form in Chinese', async () => {
    await signInPage(page, app, 'u-admin')
    await openPage(page, app, '/pages/rules/index')
    await page.locator('.rule-form').waitFor({ timeout: 30000 })
    await expect(page.locator('.rule-version').innerText()).resolves.toContain('现行规则：第 1 版')
    await expect(page.locator('.rule-section__title').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['考核周期', '办结基础分', '时效', '验收评分系数', '扣分', '加分封顶', '网格/社区考核', '部门考核', '按纠纷类型调整基础分']),
    )
    await expect(input('base.byTier.general').inputValue()).resolves.toBe('5')
    await screenshot(page, 'points-rules-form')
    await shot('points-rules-form-top')
  })

  it('refuses a wrong value as it is typed, with a message naming the field', async () => {
    await input('timeliness.overduePerDay').fill('-1')
    await expect(fieldOf('timeliness.overduePerDay').locator('.error-text').innerText()).resolves.toBe('超期每天扣分不能为负数')
    await input('timeliness.overduePerDay').fill('1.25')
    await expect(fieldOf('timeliness.overduePerDay').locator('.error-text').innerText()).resolves.toBe('超期每天扣分最多保留一位小数')
    await fieldOf('timeliness.overduePerDay').evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await shot('points-rules-invalid')
    await input('timeliness.overduePerDay').fill('1')
    await expect(fieldOf('timeliness.overduePerDay').locator('.error-text').count()).resolves.toBe(0)
  })

  it('a change is listed against the published version, and the preview shows who gains', async () => {
    await input('base.byTier.general').fill('8')
    await expect(page.locator('.rule-changes').innerText()).resolves.toContain('办结基础分 · 一般工单：5 分 → 8 分')
    await page.locator('.btn', { hasText: '预览影响' }).click()
    const preview = page.locator('.rule-preview')
    await preview.waitFor()
    const text = await preview.innerText()
    expect(text).toContain(`预览：按草稿重算${lastMonth.label}`)
    expect(text).toContain('1 人得分增加')
    await expect(preview.locator('.rule-preview__row', { hasText: '王丽' }).innerText()).resolves.toMatch(/110\s*→\s*113[\s\S]*\+3/)
    await preview.screenshot({ path: path.join(ARTIFACTS, 'screenshots', 'points-rules-preview.png') })
  })

  it('saves the draft and publishes it as version 2', async () => {
    await page.locator('.btn', { hasText: '保存草稿' }).click()
    await toast(page).getByText('草稿已保存').waitFor()
    expect(await app.db.models.RuleDraft.countDocuments({})).toBe(1)
    await page.locator('.bottom-bar .btn:visible', { hasText: /^发布$/ }).click()
    await sheet(page).waitFor()
    await expect(sheet(page).innerText()).resolves.toContain('发布为第 2 版')
    await sheet(page).locator('textarea[name=publish-note]').fill('提高一般工单基础分，鼓励揭榜')
    await shot('points-rules-publish')
    await sheet(page).locator('.btn', { hasText: '确认发布' }).click()
    await page.locator('.rule-version', { hasText: '第 2 版将于' }).waitFor()
    const v2 = await app.db.models.RuleVersion.findById(2).lean()
    expect(v2?.rules.base.byTier.general).toBe(8)
    expect(v2?.note).toBe('提高一般工单基础分，鼓励揭榜')
    await shot('points-rules-published')
  })

  it('the history shows both versions and what changed', async () => {
    await openPage(page, app, '/pages/rules/history/index')
    await page.locator('.rule-history__item').nth(1).waitFor()
    await expect(page.locator('.rule-history__item').first().innerText()).resolves.toContain('办结基础分 · 一般工单：5 分 → 8 分')
    await screenshot(page, 'points-rules-history')
  })
})

describe('a grid worker reads her points', () => {
  it('我的积分 lists every line with its reason', async () => {
    await signInPage(page, app, 'u-wangli')
    await openPage(page, app, `/pages/points/index?period=${lastMonth.key}`)
    await page.locator('.points-entry').first().waitFor({ timeout: 30000 })
    await expect(page.locator('.points-total__score').innerText()).resolves.toBe('110')
    const reasons = await page.locator('.points-entry__reason').allInnerTexts()
    expect(reasons.some((r) => /^办结 邻里噪音纠纷（JQ\d{8}-\d{4}），一般工单基础分 \+5$/.test(r))).toBe(true)
    expect(reasons.some((r) => r.startsWith('按时办结 邻里噪音纠纷'))).toBe(true)
    await screenshot(page, 'points-my-points')
  })

  it('the leaderboard and the rules in plain sentences', async () => {
    await openPage(page, app, `/pages/leaderboard/index?period=${lastMonth.key}`)
    await page.locator('.leaderboard__row').first().waitFor()
    await expect(page.locator('.leaderboard__row').first().innerText()).resolves.toContain('王丽')
    await expect(page.locator('.leaderboard__export').count()).resolves.toBe(0)
    await screenshot(page, 'points-leaderboard')
    await openPage(page, app, '/pages/rules/index')
    await page.locator('.rule-summary').waitFor()
    await expect(page.locator('.rule-summary').innerText()).resolves.toContain('考核周期：按月，每期从 100 分起算。')
    await expect(page.locator('.rule-form').count()).resolves.toBe(0)
    await screenshot(page, 'points-rules-readonly')
    expect(errors).toEqual([])
  })
})

describe('the leaderboard opens the lines the viewer may see', () => {
  it('community staff open a person of their community; one of another community stays closed', async () => {
    await signInPage(page, app, 'u-linfang')
    await openPage(page, app, `/pages/leaderboard/index?period=${lastMonth.key}`)
    const wangli = page.locator('.leaderboard__row', { hasText: '王丽' })
    await wangli.waitFor({ timeout: 30000 })
    await expect(page.locator('.leaderboard__row', { hasText: '孙浩' }).count()).resolves.toBe(1)
    await expect(page.locator('.leaderboard__row--open', { hasText: '孙浩' }).count()).resolves.toBe(0)
    await wangli.click()
    await page.locator('.points-total', { hasText: '王丽' }).waitFor({ timeout: 30000 })
    await expect(page.locator('.points-total__score:visible').innerText()).resolves.toBe('110')
    expect(errors).toEqual([])
  })
})

/** The timeline entry of the task page shown now whose label is `label`. */
const timelineEntry = (label: string) => page.locator('.timeline__entry:visible').filter({ has: page.locator('.timeline__label', { hasText: label }) })

describe('an appeal through the pages', () => {
  it('陈强 appeals his deduction from 我的积分; the task page shows the step in its timeline', async () => {
    await signInPage(page, app, 'u-chenqiang')
    await openPage(page, app, '/pages/points/index')
    const line = page.locator('.points-entry', { hasText: '认领后放弃' })
    await line.waitFor({ timeout: 30000 })
    await line.locator('.points-entry__appeal').click()
    await page.locator('textarea[name=appeal-reason]').fill('当天被社治中心临时抽调参加防汛，已向网格长报备。')
    await shot('points-appeal-file')
    await page.locator('.btn', { hasText: '提交申诉' }).click()
    const appealed = page.locator('.points-entry:visible', { hasText: '认领后放弃' })
    await appealed.locator('.tag', { hasText: '申诉处理中' }).waitFor()

    await appealed.locator('.points-link', { hasText: '查看工单' }).click()
    await timelineEntry('提出积分申诉').waitFor({ timeout: 30000 })
    await expect(timelineEntry('提出积分申诉').locator('.timeline__note').innerText()).resolves.toBe(
      `陈强对「认领后放弃 楼道堆物纠纷（${(await app.db.models.Task.findById(chenTask).lean())?.taskNo}） −2」提出申诉：当天被社治中心临时抽调参加防汛，已向网格长报备。`,
    )
    await expect(page.locator('.task-points:visible').innerText()).resolves.toContain('申诉处理中')
  })

  it('王丽 appeals from the 积分 card of the task page', async () => {
    await signInPage(page, app, 'u-wangli')
    await openPage(page, app, `/pages/task/index?id=${wangliTask}`)
    const line = page.locator('.task-points:visible .task-points__line', { hasText: '认领后放弃' })
    await line.waitFor({ timeout: 30000 })
    await expect(line.innerText()).resolves.toContain('−2')
    await page.locator('.task-points:visible').evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await shot('task-points-card')
    await line.locator('.task-points__appeal').click()
    await page.locator('textarea[name=appeal-reason]:visible').fill('家中老人突发疾病住院，已向社区报备。')
    await page.locator('.btn:visible', { hasText: '提交申诉' }).click()
    // back on the task page: the step is in its timeline, the link is gone
    await timelineEntry('提出积分申诉').waitFor({ timeout: 30000 })
    await expect(page.locator('.task-points:visible').innerText()).resolves.toContain('申诉处理中')
    await expect(page.locator('.task-points:visible .task-points__appeal').count()).resolves.toBe(0)
  })

  it('the admin grants one and upholds the other; both outcomes are in the task timelines', async () => {
    await signInPage(page, app, 'u-admin')
    await openPage(page, app, '/pages/appeal/index?review=1')
    const item = page.locator('.appeal__item', { hasText: '陈强' })
    await item.waitFor({ timeout: 30000 })
    await item.locator('.chip', { hasText: '申诉成立，冲正' }).click()
    await item.locator('textarea').fill('已核实抽调通知')
    await shot('points-appeal-decide')
    await item.locator('.btn', { hasText: '确认' }).click()
    await item.waitFor({ state: 'detached' })
    const other = page.locator('.appeal__item', { hasText: '王丽' })
    await other.locator('.chip', { hasText: '维持原扣分' }).click()
    await other.locator('textarea').fill('未见社区报备记录')
    await other.locator('.btn', { hasText: '确认' }).click()
    await page.locator('.state--empty', { hasText: '没有待处理的申诉' }).waitFor()

    await signInPage(page, app, 'u-chenqiang')
    await openPage(page, app, '/pages/points/index')
    await page.locator('.points-entry', { hasText: '申诉成立，冲正「认领后放弃' }).waitFor({ timeout: 30000 })
    await expect(page.locator('.points-total__score').innerText()).resolves.toBe('100')
    await expect(
      page
        .locator('.points-entry', { hasText: /^认领后放弃/ })
        .locator('.tag', { hasText: /^已冲正$/ })
        .count(),
    ).resolves.toBe(1)
    await screenshot(page, 'points-appeal-granted')

    await openPage(page, app, `/pages/task/index?id=${chenTask}`)
    await timelineEntry('申诉已处理：已更正').waitFor({ timeout: 30000 })
    await expect(timelineEntry('申诉已处理：已更正').locator('.timeline__note').innerText()).resolves.toContain('申诉成立，冲正 +2。已核实抽调通知')
    await expect(page.locator('.task-points:visible').innerText()).resolves.toMatch(/已冲正[\s\S]*申诉成立，冲正「认领后放弃/)
    await screenshot(page, 'task-appeal-timeline')

    await signInPage(page, app, 'u-wangli')
    await openPage(page, app, `/pages/task/index?id=${wangliTask}`)
    await timelineEntry('申诉已处理：维持').waitFor({ timeout: 30000 })
    await expect(timelineEntry('申诉已处理：维持').locator('.timeline__note').innerText()).resolves.toContain('维持原扣分 −2。未见社区报备记录')
    expect(errors).toEqual([])
  })
})
