import type { BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { buildPool, familyCase, formTeam } from '../integration/mediators-fixtures'
import { citizen, loginCitizen } from '../integration/public-fixtures'
import { as, createTask } from '../integration/tasks-fixtures'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { expectAccessible } from '../support/axe'
import { launchPhone, screenshot } from '../support/browser'
import { installKeys, pushOk } from '../support/intake'
import { openPage, settled } from '../support/miniapp'
import { signInPage } from '../support/session'

/*
 * 适老化 on every page (ISSUE 15 item 5): axe-core finds nothing critical or serious; body text is at least 16 px
 * and nothing readable is under 14 px; every control is at least 44 × 44 px; zoom is allowed; and in 大字模式 the
 * same page is larger and still fits the phone's width. Screenshots of each page in both modes:
 * .artifacts/screenshots/a11y-<page>.png and large-<page>.png.
 */

let app: TestApp
let ctx: BrowserContext
let page: Page
let errors: string[]
let heldTask = ''
const mediation = { task: '', pendingTeam: '', zhang: '', invited: '' }
let leadId = ''
/** the party of that task, on the watch list (a yellow case) */
let watchSubject = ''
let consultId = ''

beforeAll(async () => {
  app = await startTestApp({ serveH5: true })
  const centre = authHeader(app, 'u-zhaoyan')
  const created = await request(app.url)
    .post('/api/tasks')
    .set(centre)
    .send({
      title: '新城社区楼道堆物纠纷',
      description: '3幢2单元楼道长期堆放杂物，邻居多次投诉。',
      category: 'neighbour',
      tier: 'general',
      territory: 'GT-01-01',
      riskColour: 'yellow',
      parties: [{ name: '张三', role: '投诉人', phone: '13812345678' }],
    })
  heldTask = created.body.task.id
  expect((await request(app.url).post(`/api/tasks/${heldTask}/assign`).set(centre).send({ userId: 'u-wangli' })).status).toBe(200)
  // the party of the yellow task is on the watch list
  const watch = await request(app.url).get('/api/risk/watch').set(authHeader(app, 'u-hejun'))
  expect(watch.body.items?.length).toBeGreaterThan(0)
  watchSubject = watch.body.items[0].id
  // 多元化解: a pool, a team that has accepted (its record page), and one still waiting for answers
  mediation.zhang = (await buildPool(app)).zhangjianping
  mediation.task = await createTask(app, familyCase())
  const team = await formTeam(app, mediation.task)
  for (const id of ['u-xuming', 'u-majie', 'u-linfang']) await as(app, id).post(`/api/mediation/teams/${encodeURIComponent(team)}/answer`, { answer: 'accept' })
  const pendingTask = await createTask(app, familyCase({ parties: [{ name: '甲', role: '申请人' }] }))
  mediation.pendingTeam = await formTeam(app, pendingTask)
  // the invitation page as one of its invited members who has DingTalk (the others get an SMS link)
  const pending = await as(app, 'u-liugang').get(`/api/mediation/tasks/${pendingTask}`)
  mediation.invited = pending.body.team.members.find((m: { status: string; channel: string }) => m.status === 'invited' && m.channel === 'dingtalk').mediatorId
  await installKeys(app)
  await pushOk(app, '110', [
    {
      警情编号: 'J33028220261120000001',
      报警时间: '2026/11/20 9:05',
      报警人: '王建国',
      报警电话: '138 0574 0101',
      发生地址: '新城花苑5幢2单元301室',
      警情类别: '纠纷-邻里纠纷',
      简要警情: '楼上装修噪音大，双方发生争吵',
      是否非警务: '是',
    },
  ])
  leadId = (await app.db.models.IntakeSource.findById('110:J33028220261120000001').lean())?.leadId ?? ''
  // 法律咨询: a citizen's question for the answerers' pages
  const asked = await citizen(app, await loginCitizen(app, '13905748888')).post('/api/public/consultations', {
    requestId: '7d0f3c2e-1b4a-4c5d-8e6f-0a1b2c3d4e5f',
    topic: 'labour',
    question: '老板拖了我两个月工资，我能去哪里讨？',
  })
  consultId = asked.body.consultation.id
  ;({ ctx, page, errors } = await launchPhone())
})
afterAll(async () => {
  await ctx?.close()
  await app?.close()
})

/** Who opens which page (every page of app.config.ts), by a name for the screenshots. */
const PAGES: Array<{ name: string; user: string | null | (() => string); path: () => string }> = [
  { name: 'login', user: null, path: () => '/pages/login/index' },
  { name: 'hall', user: 'u-wangli', path: () => '/pages/hall/index' },
  { name: 'mine', user: 'u-wangli', path: () => '/pages/mine/index' },
  { name: 'report', user: 'u-wangli', path: () => '/pages/report/index' },
  { name: 'task', user: 'u-wangli', path: () => `/pages/task/index?id=${heldTask}` },
  { name: 'progress', user: 'u-wangli', path: () => `/pages/progress/index?id=${heldTask}` },
  { name: 'me', user: 'u-wangli', path: () => '/pages/me/index' },
  { name: 'points', user: 'u-wangli', path: () => '/pages/points/index' },
  { name: 'leaderboard', user: 'u-wangli', path: () => '/pages/leaderboard/index' },
  { name: 'rules', user: 'u-wangli', path: () => '/pages/rules/index' },
  { name: 'appeal', user: 'u-wangli', path: () => '/pages/appeal/index' },
  { name: 'department', user: 'u-hejun', path: () => '/pages/department/index' },
  { name: 'summary', user: 'u-hejun', path: () => '/pages/summary/index' },
  { name: 'review', user: 'u-hejun', path: () => '/pages/review/index' },
  { name: 'home', user: 'u-zhaoyan', path: () => '/pages/index/index' },
  { name: 'all', user: 'u-zhaoyan', path: () => '/pages/all/index' },
  { name: 'create', user: 'u-zhaoyan', path: () => '/pages/create/index' },
  { name: 'people', user: 'u-admin', path: () => '/pages/people/index' },
  { name: 'person', user: 'u-admin', path: () => '/pages/people/person/index?id=u-wangli' },
  { name: 'people-add', user: 'u-admin', path: () => '/pages/people/add/index' },
  { name: 'newcomers', user: 'u-admin', path: () => '/pages/people/newcomers/index' },
  { name: 'rules-edit', user: 'u-admin', path: () => '/pages/rules/index?edit=1' },
  { name: 'rules-history', user: 'u-admin', path: () => '/pages/rules/history/index' },
  { name: 'appeal-review', user: 'u-admin', path: () => '/pages/appeal/index?review=1' },
  { name: 'mediators', user: 'u-admin', path: () => '/pages/mediators/index' },
  { name: 'mediator-profile', user: 'u-admin', path: () => `/pages/mediators/profile/index?id=${mediation.zhang}` },
  { name: 'mediator-add', user: 'u-admin', path: () => '/pages/mediators/edit/index' },
  { name: 'mediator-rules', user: 'u-admin', path: () => '/pages/mediators/rules/index' },
  { name: 'mediation-team', user: 'u-liugang', path: () => `/pages/mediators/team/index?task=${mediation.task}` },
  { name: 'mediation-record', user: 'u-majie', path: () => `/pages/mediators/record/index?task=${mediation.task}&kind=outcome` },
  { name: 'mediation-invite', user: () => mediation.invited, path: () => `/pages/mediators/invite/index?team=${encodeURIComponent(mediation.pendingTeam)}` },
  { name: 'intake', user: 'u-zhaoyan', path: () => '/pages/intake/index' },
  { name: 'intake-record', user: 'u-zhaoyan', path: () => `/pages/intake/record/index?key=${encodeURIComponent('110:J33028220261120000001')}` },
  { name: 'intake-window', user: 'u-zhaoyan', path: () => '/pages/intake/window/index' },
  { name: 'intake-import', user: 'u-zhaoyan', path: () => '/pages/intake/import/index' },
  { name: 'leads', user: 'u-zhaoyan', path: () => '/pages/leads/index' },
  { name: 'lead', user: 'u-zhaoyan', path: () => `/pages/leads/lead/index?id=${leadId}` },
  { name: 'leads-routing', user: 'u-admin', path: () => '/pages/leads/routing/index' },
  { name: 'risk-watch', user: 'u-hejun', path: () => '/pages/risk/watch/index' },
  { name: 'risk-subject', user: 'u-hejun', path: () => `/pages/risk/subject/index?id=${watchSubject}` },
  { name: 'risk-rules', user: 'u-hejun', path: () => '/pages/risk/rules/index' },
  { name: 'risk-rules-edit', user: 'u-admin', path: () => '/pages/risk/rules/index' },
  { name: 'consult-queue', user: 'u-zhaoyan', path: () => '/pages/consult/index' },
  { name: 'consult-question', user: 'u-zhaoyan', path: () => `/pages/consult/question/index?id=${consultId}` },
]

const setTextSize = (size: 'normal' | 'large') => page.evaluate((v) => localStorage.setItem('jqtb.textSize', JSON.stringify({ data: v })), size)

/** Sizes on the page shown now, in CSS px. */
function measure() {
  return page.evaluate(() => {
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none')
    const root = shown[shown.length - 1] ?? document.body
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    const label = (el: Element) => `${el.className || el.tagName} "${(el.textContent ?? '').trim().slice(0, 20)}"`
    const small: string[] = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      if (!el || !(n.textContent ?? '').trim() || !visible(el) || el.closest('[aria-hidden=true]')) continue
      if (Number.parseFloat(getComputedStyle(el).fontSize) < 13.9) small.push(`${label(el)} ${getComputedStyle(el).fontSize}`)
    }
    const controls = Array.from(
      document.querySelectorAll('[role=button], [role=link], [role=radio], [role=checkbox], .btn, .chip, input:not([type=hidden]), textarea'),
    ).filter((el) => visible(el) && !el.closest('.taro_page[style*="display: none"]'))
    const tiny = controls
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 43.5 || r.width < 43.5)
      .map(({ el, r }) => `${label(el)} ${Math.round(r.width)}×${Math.round(r.height)}`)
    return {
      bodyFont: Number.parseFloat(getComputedStyle(root).fontSize),
      rootFont: Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
      overflow: root.scrollWidth - root.clientWidth,
      small,
      tiny,
    }
  })
}

describe('every page, normal and large text', () => {
  it('zoom is not disabled', async () => {
    await page.goto(`${app.url}/`)
    const viewport = await page.locator('meta[name=viewport]').getAttribute('content')
    expect(viewport).not.toMatch(/user-scalable\s*=\s*no|maximum-scale\s*=\s*1(\.0)?\b/)
  })

  for (const p of PAGES) {
    it(`${p.name}: axe clean, readable sizes, big enough controls; 大字模式 larger and still fitting`, async () => {
      if (p.user) await signInPage(page, app, typeof p.user === 'function' ? p.user() : p.user)
      else {
        await page.goto(`${app.url}/healthz`)
        await page.evaluate(() => localStorage.clear())
      }
      await setTextSize('normal')
      await openPage(page, app, p.path())
      await settled(page)
      await expectAccessible(page, p.name)
      const normal = await measure()
      expect(normal.bodyFont).toBeGreaterThanOrEqual(16)
      expect(normal.small).toEqual([])
      expect(normal.tiny).toEqual([])
      expect(normal.overflow).toBeLessThanOrEqual(0)
      await screenshot(page, `a11y-${p.name}`)

      await setTextSize('large')
      await openPage(page, app, p.path())
      await settled(page)
      const large = await measure()
      expect(large.rootFont).toBeCloseTo(normal.rootFont * 1.25, 1)
      expect(large.bodyFont).toBeGreaterThanOrEqual(20)
      expect(large.overflow).toBeLessThanOrEqual(0)
      await screenshot(page, `large-${p.name}`)
      await expectAccessible(page, `${p.name} (大字)`)
    })
  }

  it('the setting in 我的 switches 大字模式 on at once, and it stays on after a restart', async () => {
    await signInPage(page, app, 'u-wangli')
    await setTextSize('normal')
    await openPage(page, app, '/pages/me/index')
    await settled(page)
    const before = (await measure()).rootFont
    await page.locator('.me__text-size .chip', { hasText: '大字' }).click()
    await page.waitForFunction((px) => Number.parseFloat(getComputedStyle(document.documentElement).fontSize) > px, before)
    await expect(measure().then((m) => m.rootFont)).resolves.toBeCloseTo(before * 1.25, 1)
    await openPage(page, app, '/pages/hall/index')
    await settled(page)
    await expect(measure().then((m) => m.rootFont)).resolves.toBeCloseTo(before * 1.25, 1)
    await setTextSize('normal')
    expect(errors).toEqual([])
  })
})
