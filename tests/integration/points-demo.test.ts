/**
 * The demo `npm start` shows: demo tasks are made through the real task commands, so the work done in
 * them is already in the ledger, with reasons, when the app opens — and the catch-up job finds
 * nothing left to score.
 */
import type { PersonPointsView } from '@jqtb/shared'
import { catchUpScoring } from '../../bff/src/points/scoring'
import { seedDemoTasks } from '../../bff/src/tasks/demo'
import { startTestApp, type TestApp } from '../support/app'
import { as, settledJobDeps } from './points-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
  await seedDemoTasks(app.deps, new Date())
}, 240_000)
afterAll(() => app.close())

const pointsOf = async (userId: string, month: string) => (await as(app, userId).get(`/api/points/me?period=${month}`)).body as PersonPointsView

describe('demo points', () => {
  it('王丽’s accepted demo task (悬赏 10 分) is in 我的积分 with its reasons', async () => {
    const line = await app.db.models.LedgerEntry.findOne({ subjectId: 'u-wangli', reasonCode: 'task_reward' }).lean()
    expect(line).not.toBeNull()
    const me = await pointsOf('u-wangli', line!.month)
    const lines = me.entries.filter((e) => e.taskId === line!.taskId)
    expect(lines.map((e) => e.reasonCode)).toEqual(expect.arrayContaining(['task_reward', 'quality']))
    expect(lines.every((e) => e.reason.includes(line!.taskNo))).toBe(true)
    expect(me.total.total).toBeGreaterThan(100)
  })

  it('周敏’s returned demo task cost her a point, and she may appeal it', async () => {
    const line = await app.db.models.LedgerEntry.findOne({ subjectId: 'u-zhoumin', reasonCode: 'returned' }).lean()
    expect(line).toMatchObject({ delta: -1 })
    const me = await pointsOf('u-zhoumin', line!.month)
    expect(me.entries.find((e) => e.id === line!._id)).toMatchObject({ appealable: true })
    expect(me.entries.find((e) => e.id === line!._id)?.reason).toContain('缺少退费方案书面材料')
  })

  it('nothing is left for the catch-up job', async () => {
    expect((await catchUpScoring(await settledJobDeps(app))).inserted).toBe(0)
  })
})
