/**
 * `GET /api/tasks/counts` (ISSUE 15 item 4): the numbers on a list's chips are the list itself, counted — the same
 * view, visibility and filters — so a chip never promises what its list does not show.
 */
import type { TaskCountsView, TaskListResponse } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { as, CHENQIANG, createTask, DISPATCHER, HEJUN, publishedTask, WANGLI } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  // 派出所: two waiting to be signed for, one signed, one published; the centre: one draft; 王丽's grid: a red one in the hall
  await createTask(app, { department: 'PCS' })
  await createTask(app, { department: 'PCS', riskColour: 'red' })
  const signed = await createTask(app, { department: 'PCS' })
  expect((await as(app, HEJUN).post(`/api/tasks/${signed}/sign`)).status).toBe(200)
  const published = await createTask(app, { department: 'PCS' })
  expect((await as(app, HEJUN).post(`/api/tasks/${published}/sign`)).status).toBe(200)
  expect((await as(app, HEJUN).post(`/api/tasks/${published}/publish`, { claimMode: 'first_come' })).status).toBe(200)
  await createTask(app)
  await publishedTask(app, { claimMode: 'apply' }, { riskColour: 'red' })
})
afterAll(() => app.close())

const counts = async (user: string, query: string) => {
  const res = await as(app, user).get(`/api/tasks/counts?${query}`)
  expect(res.status).toBe(200)
  return res.body as TaskCountsView
}
const listed = async (user: string, query: string) => ((await as(app, user).get(`/api/tasks?${query}&limit=50`)).body as TaskListResponse).items.length

describe('counts per chip', () => {
  it('部门工单 by state: the department lead sees 2 待签收, 1 待分派, 1 揭榜中 — each what its list shows', async () => {
    const c = await counts(HEJUN, 'view=department&by=state')
    expect(c).toMatchObject({ by: 'state', counts: { routed: 2, signed: 1, published: 1 }, total: 4 })
    for (const state of ['routed', 'signed', 'published']) expect(await listed(HEJUN, `view=department&state=${state}`)).toBe(c.counts[state])
  })

  it('the same filters narrow the counts (risk colour, search)', async () => {
    expect((await counts(HEJUN, 'view=department&by=state&riskColour=red')).counts).toEqual({ routed: 1 })
    expect((await counts(DISPATCHER, 'view=all&by=riskColour&q=不存在的词')).total).toBe(0)
  })

  it('揭榜大厅 by risk colour for 王丽; the centre sees the whole street in 全部工单', async () => {
    const hall = await counts(WANGLI, 'view=hall&by=riskColour')
    expect(hall.total).toBe(await listed(WANGLI, 'view=hall'))
    expect(hall.counts.red).toBe(1)
    const all = await counts(DISPATCHER, 'view=all&by=state')
    expect(all.counts.draft).toBeGreaterThanOrEqual(1)
    expect(all.total).toBe(Object.values(all.counts).reduce((a, b) => a + b, 0))
  })

  it('counts only what the caller may see: a grid worker may not count a department, another grid sees less', async () => {
    const refused = await as(app, WANGLI).get('/api/tasks/counts?view=department')
    expect(refused.status).toBe(403)
    expect((await counts(CHENQIANG, 'view=all&by=state')).total).toBe(await listed(CHENQIANG, 'view=all'))
    expect((await counts(CHENQIANG, 'view=all&by=state')).total).toBeLessThan((await counts(DISPATCHER, 'view=all&by=state')).total)
  })

  it('bad input is a 400 in words', async () => {
    const res = await as(app, HEJUN).get('/api/tasks/counts?view=department&by=holder')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })
})
