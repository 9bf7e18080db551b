/** Helpers of the points-*.test.ts files: drive a task through the real task API, read points. */
import type { CreateTaskInput, PersonPointsView, PublishInput, TaskActionResponse } from '@jqtb/shared'
import { SETTLE_MS, WINDOW_MS } from '../../bff/src/kernel/windows'
import { type TaskDeps, taskDeps } from '../../bff/src/tasks/log'
import { forgetWindowEvents } from '../../bff/src/tasks/window-events'
import type { TestApp } from '../support/app'
import { as, createTask, DISPATCHER } from './tasks-fixtures'

export { as, DISPATCHER }
export const ADMIN = 'u-admin'

function ok(res: { status: number; body: unknown }, what: string, status = 200) {
  if (res.status !== status) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as TaskActionResponse
}

/** Creates, publishes and has `worker` claim a task; returns its id and number. */
export async function claimedTask(app: TestApp, worker: string, opts: { create?: Partial<CreateTaskInput>; publish?: Partial<PublishInput> } = {}) {
  const id = await createTask(app, opts.create)
  ok(await as(app, DISPATCHER).post(`/api/tasks/${id}/publish`, { claimMode: 'first_come', rewardPoints: 0, ...opts.publish }), 'publish')
  const claimed = ok(await as(app, worker).post(`/api/tasks/${id}/claim`), 'claim')
  return { id, taskNo: claimed.task.taskNo }
}

/** The whole loop: create → publish → claim → progress → submit → accept (as the centre). */
export async function acceptedTask(
  app: TestApp,
  worker: string,
  opts: { rating?: number; create?: Partial<CreateTaskInput>; publish?: Partial<PublishInput>; beforeSubmit?: () => void } = {},
) {
  const { id, taskNo } = await claimedTask(app, worker, opts)
  ok(await as(app, worker).post(`/api/tasks/${id}/progress`, { kind: 'visit', note: '已到现场，双方同意调解' }), 'progress')
  opts.beforeSubmit?.()
  ok(await as(app, worker).post(`/api/tasks/${id}/submit`, { note: '已调解，双方签订协议', overdueReason: '当事人外出，等待返回' }), 'submit')
  ok(await as(app, DISPATCHER).post(`/api/tasks/${id}/review`, { decision: 'accept', rating: opts.rating ?? 4 }), 'accept')
  return { id, taskNo }
}

export async function myPoints(app: TestApp, userId: string, period?: string): Promise<PersonPointsView> {
  const res = await as(app, userId).get(`/api/points/me${period ? `?period=${period}` : ''}`)
  if (res.status !== 200) throw new Error(`points failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as PersonPointsView
}

/**
 * Deps for the catch-up job as it runs once what just happened has settled (bff/src/kernel/windows.ts):
 * its clock 21 minutes on, and no window marked done yet, as if no run had read these windows.
 */
export async function settledJobDeps(app: TestApp): Promise<TaskDeps> {
  await app.db.models.ScoringCursor.deleteMany({})
  forgetWindowEvents(app.db)
  const ahead = WINDOW_MS + SETTLE_MS + 60_000
  return { ...taskDeps(app.deps), clock: { now: () => new Date(app.deps.clock.now().getTime() + ahead) } }
}
