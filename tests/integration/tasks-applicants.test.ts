/**
 * 申请→审批: who applied is for the approvers and the applicant. The task's `applicants` already hides
 * the others from a pool member; the timeline must not tell them either.
 */
import type { TaskDetailView } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { as, CHENQIANG, createTask, DISPATCHER, detail, HEJUN, WANGLI } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => app.close())

it('a pool member sees neither in the task nor in its timeline who else applied, or with what note', async () => {
  const id = await createTask(app, { territory: 'GT-01-02', department: 'PCS' })
  expect((await as(app, HEJUN).post(`/api/tasks/${id}/sign`, {})).status).toBe(200)
  const publish = { claimMode: 'apply', eligibility: { territory: 'GT-01' } }
  expect((await as(app, HEJUN).post(`/api/tasks/${id}/publish`, publish)).status).toBe(200)
  expect((await as(app, WANGLI).post(`/api/tasks/${id}/claim`, { note: '我认识双方，家住隔壁' })).status).toBe(200)

  const other: TaskDetailView = await detail(app, id, CHENQIANG)
  expect(other.applicants).toEqual([])
  expect(JSON.stringify(other.timeline)).not.toContain('我认识双方')
  expect(other.timeline.map((e) => e.type)).not.toContain('claim_applied')

  for (const user of [WANGLI, DISPATCHER, HEJUN]) {
    const d = await detail(app, id, user)
    expect(d.timeline.find((e) => e.type === 'claim_applied')?.note).toBe('我认识双方，家住隔壁')
  }
})
