/** The demo tasks `npm start` shows: populated views for the demo people, consistent and idempotent. */
import type { TaskListResponse, TaskView } from '@jqtb/shared'
import { seedDemoTasks } from '../../bff/src/tasks/demo'
import { readLog, taskDeps } from '../../bff/src/tasks/log'
import { startTestApp, type TestApp } from '../support/app'
import { as } from './tasks-fixtures'

let app: TestApp
let report: { inserted: number }

beforeAll(async () => {
  app = await startTestApp()
  report = await seedDemoTasks(app.deps, new Date())
}, 240_000)
afterAll(async () => app.close())

const list = async (user: string, query: string): Promise<TaskView[]> =>
  ((await as(app, user).get(`/api/tasks?${query}&limit=50`)).body as TaskListResponse).items

describe('demo tasks', () => {
  it('fill 王丽’s hall, 何军’s inbox and review queue, and show every kind of state and colour', async () => {
    expect(report.inserted).toBeGreaterThanOrEqual(18)
    const hall = (await list('u-wangli', 'view=hall')).map((t) => t.title)
    expect(hall).toEqual(expect.arrayContaining(['邻里噪音纠纷', '楼道堆物占用消防通道', '宅基地边界纠纷', '拖欠工资']))
    const inbox = await list('u-hejun', 'view=department')
    expect(inbox.map((t) => t.state)).toEqual(expect.arrayContaining(['routed', 'signed', 'in_progress', 'submitted', 'claimed', 'closed']))
    expect((await list('u-hejun', 'view=review')).map((t) => t.title)).toEqual(['广场舞噪音扰民'])
    expect((await list('u-linfang', 'view=review')).map((t) => t.title)).toEqual(['占道经营已劝离'])
    const mine = (await list('u-wangli', 'view=mine')).map((t) => t.title)
    expect(mine).toEqual(expect.arrayContaining(['邻里漏水纠纷', '物业费纠纷', '违章搭建整改', '车位纠纷', '违章搭建', '占道经营已劝离']))
    const all = await list('u-zhaoyan', 'view=all')
    expect(new Set(all.map((t) => t.state)).size).toBeGreaterThanOrEqual(10)
    expect(new Set(all.map((t) => t.riskColour))).toEqual(new Set(['red', 'yellow', 'green']))
    expect(all.some((t) => t.overdue)).toBe(true)
  })

  it('leave 王丽 room to claim one more (two claims count against her cap of 3)', async () => {
    expect(await app.db.models.ClaimSlot.countDocuments({ userId: 'u-wangli' })).toBe(2)
    const noise = (await list('u-wangli', 'view=hall')).find((t) => t.title === '邻里噪音纠纷') as TaskView
    expect((await as(app, 'u-wangli').post(`/api/tasks/${noise.id}/claim`)).status).toBe(200)
  })

  it('have every projection up to date with its log', async () => {
    const deps = taskDeps(app.deps)
    for (const t of await app.db.models.Task.find({}, { _id: 1 }).lean()) expect((await readLog(deps, t._id)).tail).toEqual([])
  })

  it('are seeded once: a second run adds nothing', async () => {
    const before = await app.db.models.Task.countDocuments()
    expect(await seedDemoTasks(app.deps, new Date())).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
    expect(await app.db.models.Task.countDocuments()).toBe(before)
  })
})
