/** Admin-editable task settings: versioned, concurrency-safe, and applied to the next action. */
import { DEFAULT_TASK_SETTINGS } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { as, createTask, detail } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => app.close())

describe('GET/PUT /api/settings/tasks', () => {
  it('starts at version 0 with the defaults (SLA 1/7/20 days, cap 3)', async () => {
    const res = await as(app, 'u-wangli').get('/api/settings/tasks')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ version: 0, settings: DEFAULT_TASK_SETTINGS, updatedBy: null })
    expect(res.body.settings.slaDays).toEqual({ simple: 1, general: 7, complex: 20 })
  })

  it('only an admin saves; a save is a new version; a stale base version is 409; history keeps every version', async () => {
    const settings = { ...DEFAULT_TASK_SETTINGS, slaDays: { simple: 2, general: 5, complex: 15 }, activeClaimCap: 2 }
    expect((await as(app, 'u-zhaoyan').put('/api/settings/tasks', { baseVersion: 0, settings })).status).toBe(403)
    const saved = await as(app, 'u-admin').put('/api/settings/tasks', { baseVersion: 0, settings, note: '按考核办法调整时限' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ version: 1, updatedBy: { id: 'u-admin', name: '钱晓' }, note: '按考核办法调整时限' })
    const stale = await as(app, 'u-admin').put('/api/settings/tasks', { baseVersion: 0, settings })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('CONFLICT')
    const history = await as(app, 'u-admin').get('/api/settings/tasks/history')
    expect(history.body.items.map((v: { version: number }) => v.version)).toEqual([1])
    expect((await as(app, 'u-wangli').get('/api/settings/tasks/history')).status).toBe(403)
  })

  it('two admins saving from the same version at once: exactly one wins', async () => {
    const current = (await as(app, 'u-admin').get('/api/settings/tasks')).body
    const results = await Promise.all(
      [3, 4, 5, 6].map((cap) =>
        as(app, 'u-admin').put('/api/settings/tasks', { baseVersion: current.version, settings: { ...current.settings, activeClaimCap: cap } }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409])
    expect((await as(app, 'u-admin').get('/api/settings/tasks/history')).body.items).toHaveLength(current.version + 1)
  })

  it('validates: unknown keys and out-of-range values are 400', async () => {
    const current = (await as(app, 'u-admin').get('/api/settings/tasks')).body
    expect((await as(app, 'u-admin').put('/api/settings/tasks', { baseVersion: current.version, settings: { ...current.settings, foo: 1 } })).status).toBe(400)
    expect(
      (await as(app, 'u-admin').put('/api/settings/tasks', { baseVersion: current.version, settings: { ...current.settings, activeClaimCap: 0 } })).status,
    ).toBe(400)
  })

  it('a new SLA applies to the next task created', async () => {
    const current = (await as(app, 'u-admin').get('/api/settings/tasks')).body
    await as(app, 'u-admin').put('/api/settings/tasks', {
      baseVersion: current.version,
      settings: { ...current.settings, slaDays: { simple: 3, general: 7, complex: 20 } },
    })
    const t = await detail(app, await createTask(app, { tier: 'simple' }))
    expect(Date.parse(t.dueAt) - Date.parse(t.createdAt)).toBe(3 * 24 * 3_600_000)
  })
})
