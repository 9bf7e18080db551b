/**
 * An admin changes a rule: the draft is validated in Chinese, the preview replays last month under
 * the draft (who gains, who loses), publishing makes version 2 (two admins at once: one 201, one
 * 409), and the next accepted task is scored by it — while the months before keep their version.
 */
import { DEFAULT_RULE_SET, type RulePreviewView, type RuleSet, type RulesOverview, type RuleVersionView, setRulePath } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { ADMIN, acceptedTask, as, myPoints } from './points-fixtures'

const clock = new ManualClock(Date.UTC(2026, 10, 10, 2)) // 2026-11-10 10:00 China time
let app: TestApp
const WANGLI = 'u-wangli'
const richer: RuleSet = setRulePath(DEFAULT_RULE_SET, 'base.byTier.general', 8)

beforeAll(async () => {
  app = await startTestApp({ clock })
  await acceptedTask(app, WANGLI) // November: general task, 4 stars, early → 5 + 1 + 3
  clock.set(Date.UTC(2026, 11, 5, 2)) // 2026-12-05: November is "last period"
})
afterAll(() => app.close())

describe('the rule set as the admin edits it', () => {
  it('everyone reads the rules in force; only admins get the draft and may edit', async () => {
    const worker = (await as(app, WANGLI).get('/api/rules')).body as RulesOverview
    expect(worker).toMatchObject({ canEdit: false, draft: null, inForce: { version: 1, inForce: true } })
    expect(worker.inForce.summary[0]).toBe('考核周期：按月，每期从 100 分起算。')
    const denied = await as(app, WANGLI).put('/api/rules/draft', { baseRevision: 0, rules: richer })
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toBe('只有管理员可以修改考核规则')
    expect((await as(app, WANGLI).post('/api/rules/preview', { rules: richer })).status).toBe(403)
  })

  it('a wrong value is refused with a message naming the field', async () => {
    const res = await as(app, ADMIN).put('/api/rules/draft', { baseRevision: 0, rules: setRulePath(DEFAULT_RULE_SET, 'timeliness.overduePerDay', -1) })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toBe('规则有误：超期每天扣分不能为负数')
    expect(res.body.error.details.fields[0].path).toBe('rules.timeliness.overduePerDay')
  })

  it('saves a draft; a save from a stale revision is a 409', async () => {
    const saved = await as(app, ADMIN).put('/api/rules/draft', { baseRevision: 0, rules: richer, note: '一般工单基础分提高到 8 分' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ revision: 1, basedOnVersion: 1, changes: [{ label: '办结基础分 · 一般工单', from: '5 分', to: '8 分' }] })
    const stale = await as(app, ADMIN).put('/api/rules/draft', { baseRevision: 0, rules: DEFAULT_RULE_SET })
    expect(stale.status).toBe(409)
    const overview = (await as(app, ADMIN).get('/api/rules')).body as RulesOverview
    expect(overview.draft?.rules.base.byTier.general).toBe(8)
  })
})

describe('the preview replays last month under the draft', () => {
  it('shows who gains and who loses against the published version', async () => {
    const res = await as(app, ADMIN).post('/api/rules/preview', { rules: richer })
    expect(res.status).toBe(200)
    const p = res.body as RulePreviewView
    expect(p.period).toMatchObject({ key: '2026-11', label: '2026年11月' })
    expect(p).toMatchObject({ tasks: 1, gainers: 1, losers: 0, currentVersions: [1] })
    expect(p.rows).toEqual(
      expect.arrayContaining([
        { board: 'people', id: WANGLI, name: '王丽', current: 109, draft: 112, diff: 3 },
        { board: 'grids', id: 'GT-01-01', name: '新城社区第1网格', current: 110, draft: 113, diff: 3 },
      ]),
    )
    expect(p.byReason.find((r) => r.code === 'task_base')).toMatchObject({ current: 5, draft: 8 })
  })

  it('a harsher draft shows losers', async () => {
    const harsh = setRulePath(setRulePath(DEFAULT_RULE_SET, 'timeliness.onTimeBonus', 0), 'timeliness.earlyBonusPerDay', 0)
    const p = (await as(app, ADMIN).post('/api/rules/preview', { rules: harsh })).body as RulePreviewView
    expect(p.rows.find((r) => r.board === 'people' && r.id === WANGLI)).toMatchObject({ diff: -4 })
    expect(p.losers).toBe(1)
  })
})

describe('publishing', () => {
  let published: RuleVersionView

  it('two admins publishing at once make one version 2; the other is told to refresh', async () => {
    const [a, b] = await Promise.all([
      as(app, ADMIN).post('/api/rules/publish', { expectedVersion: 1, rules: richer, note: '一般工单基础分提高到 8 分' }),
      as(app, ADMIN).post('/api/rules/publish', { expectedVersion: 1, rules: richer, note: '同一草稿，另一个窗口' }),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.error.code).toBe('CONFLICT')
    published = (a.status === 201 ? a : b).body as RuleVersionView
    expect(published.version).toBe(2)
    expect(await app.db.models.RuleVersion.countDocuments({})).toBe(2)
    // takes effect in a minute, never retroactively
    expect(new Date(published.effectiveFrom).getTime()).toBe(clock.now().getTime() + 60_000)
  })

  it('an effective date of today or earlier is refused: rules never reach back', async () => {
    const res = await as(app, ADMIN).post('/api/rules/publish', { expectedVersion: 2, rules: richer, effectiveFrom: '2026-12-05' })
    expect(res.status).toBe(422)
    expect(res.body.error.message).toContain('生效日期须晚于今天')
  })

  it('the next accepted task is scored by the new version; one accepted before it takes effect is not', async () => {
    const before = await acceptedTask(app, WANGLI)
    clock.advance(2 * 60_000)
    const after = await acceptedTask(app, WANGLI)
    const me = await myPoints(app, WANGLI)
    const base = (taskId: string) => me.entries.find((e) => e.taskId === taskId && e.reasonCode === 'task_base')
    expect(base(before.id)).toMatchObject({ delta: 5, ruleVersion: 1 })
    expect(base(after.id)).toMatchObject({ delta: 8, ruleVersion: 2, reason: `办结 邻里噪音纠纷（${after.taskNo}），一般工单基础分 +8` })
    // November stays as it was scored
    const november = await myPoints(app, WANGLI, '2026-11')
    expect(november.total.total).toBe(109)
  })

  it('the history lists both versions, newest first, with what changed', async () => {
    const res = await as(app, WANGLI).get('/api/rules/versions')
    const items = res.body.items as RuleVersionView[]
    expect(items.map((v) => [v.version, v.inForce])).toEqual([
      [2, true],
      [1, false],
    ])
    expect(items[0].changes).toEqual([{ path: 'base.byTier.general', label: '办结基础分 · 一般工单', from: '5 分', to: '8 分' }])
    expect(items[0].publishedBy.name).toBe('钱晓')
    const overview = (await as(app, ADMIN).get('/api/rules')).body as RulesOverview
    expect(overview.draft).toBeNull() // the published draft is done with
  })
})
