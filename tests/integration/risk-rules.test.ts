/**
 * The risk rules are the admin's, like the points rules: a shipped version 1, drafts and
 * publications by number (two admins at once: one wins), a preview of the last 90 days under the
 * draft naming the cases that would change colour and why, and a published version scoring the
 * next events.
 */
import { DEFAULT_RISK_RULES, type RiskPreviewView, type RiskRuleSet, type RiskRulesOverview } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { as, baseTask, DISPATCHER, WANGLI } from './tasks-fixtures'

const ADMIN = 'u-admin'
const clock = new ManualClock(Date.parse('2026-11-27T01:00:00Z'))
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(() => app.close())

const create = async (over: Parameters<typeof baseTask>[0]) =>
  (await as(app, DISPATCHER).post('/api/tasks', baseTask({ riskColour: 'green', parties: [], ...over }))).body.task.id as string
const overview = async (who = ADMIN) => (await as(app, who).get('/api/risk/rules')).body as RiskRulesOverview

describe('the risk rules', () => {
  it('ship as version 1, read by everyone in sentences; only the admin gets the draft', async () => {
    const o = await overview(WANGLI)
    expect(o).toMatchObject({ canEdit: false, draft: null, inForce: { version: 1 } })
    expect(o.inForce.rules).toEqual(DEFAULT_RISK_RULES)
    expect(o.inForce.summary[0]).toBe('得分达到 30 分为黄色预警，达到 60 分为红色预警；标为「直接红色」的关键词一出现即为红色。')
    expect((await overview()).canEdit).toBe(true)
  })

  it('a bad value is a 400 that names it in Chinese; non-admins may not save, preview or publish', async () => {
    const bad: RiskRuleSet = { ...DEFAULT_RISK_RULES, thresholds: { yellow: 50, red: 40 } }
    const res = await as(app, ADMIN).put('/api/risk/rules/draft', { baseRevision: 0, rules: bad })
    expect([res.status, res.body.error.message]).toEqual([400, '预警规则有误：红色预警分数线须高于黄色预警分数线'])
    for (const [method, path] of [
      ['put', '/api/risk/rules/draft'],
      ['post', '/api/risk/rules/preview'],
      ['post', '/api/risk/rules/publish'],
    ] as const) {
      const r = await as(app, DISPATCHER)[method](path, { baseRevision: 0, expectedVersion: 1, rules: DEFAULT_RISK_RULES })
      expect([path, r.status]).toEqual([path, 403])
    }
  })

  it('the preview names the cases the draft would turn another colour, with the factors that make it', async () => {
    const threat = await create({ title: '邻里纠纷（扬言）', category: 'neighbour', description: '一方扬言报复' }) // 5 + 25 + 25 = 55: yellow
    await create({ title: '普通噪音', category: 'noise' })
    const draft: RiskRuleSet = {
      ...DEFAULT_RISK_RULES,
      thresholds: { yellow: 30, red: 50 },
      phrases: DEFAULT_RISK_RULES.phrases.map((p) => (p.phrase === '报复' ? { ...p, points: 30 } : p)),
    }
    const res = await as(app, ADMIN).post('/api/risk/rules/preview', { rules: draft })
    expect(res.status).toBe(200)
    const p = res.body as RiskPreviewView
    expect(p.days).toBe(90)
    expect(p.cases).toBeGreaterThanOrEqual(2)
    const change = p.changes.find((c) => c.taskId === threat)
    expect(change).toMatchObject({ from: 'yellow', to: 'red', scoreBefore: 55, scoreAfter: 60, gained: ['描述含「报复」 +30'], lost: ['描述含「报复」 +25'] })
    expect(p.after.red - p.before.red).toBe(p.changes.filter((c) => c.to === 'red').length - p.changes.filter((c) => c.from === 'red').length)
    expect(p.ruleChanges.map((c) => c.label)).toEqual(['预警分数线 · 红色预警分数线', '关键词 · 「报复」'])
    // nothing changed by a preview
    expect((await as(app, DISPATCHER).get(`/api/tasks/${threat}`)).body.riskColour).toBe('yellow')
  })

  it('a draft is saved by revision; publishing makes version 2 (one of two admins at once), which scores what comes next', async () => {
    const draft: RiskRuleSet = { ...DEFAULT_RISK_RULES, thresholds: { yellow: 20, red: 50 } }
    const saved = await as(app, ADMIN).put('/api/risk/rules/draft', { baseRevision: 0, rules: draft, note: '调低分数线' })
    expect(saved.body).toMatchObject({ revision: 1, changes: [{ label: '预警分数线 · 黄色预警分数线' }, { label: '预警分数线 · 红色预警分数线' }] })
    const stale = await as(app, ADMIN).put('/api/risk/rules/draft', { baseRevision: 0, rules: draft })
    expect(stale.status).toBe(409)
    const [a, b] = await Promise.all([
      as(app, ADMIN).post('/api/risk/rules/publish', { expectedVersion: 1, rules: draft }),
      as(app, ADMIN).post('/api/risk/rules/publish', { expectedVersion: 1, rules: draft }),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    clock.advance(2 * 60_000) // past the minute of grace
    const id = await create({ title: '邻里纠纷（再扬言）', category: 'neighbour', description: '一方扬言报复' })
    const card = (await as(app, DISPATCHER).get(`/api/risk/tasks/${id}`)).body
    expect(card).toMatchObject({ colour: 'red', ruleVersion: 2, thresholds: { yellow: 20, red: 50 } })
    const versions = (await as(app, WANGLI).get('/api/risk/rules/versions')).body.items
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
  })
})
