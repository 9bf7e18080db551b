/**
 * A publication ends when the centre takes the task back (re-routes it after an escalation, or
 * reopens it): a later release must not drop the task into the hall again under that old pool.
 */
import type { TaskDetailView } from '@jqtb/shared'
import { startTestApp, type TestApp } from '../support/app'
import { as, CHENQIANG, DISPATCHER, detail, HEJUN, publishedTask, WANGLI, XUMING } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(async () => app.close())

const post = (user: string, id: string, verb: string, body: unknown = {}) => as(app, user).post(`/api/tasks/${id}/${verb}`, body)
const ok = async (user: string, id: string, verb: string, body: unknown = {}) => {
  const res = await post(user, id, verb, body)
  if (res.status !== 200) throw new Error(`${verb} by ${user}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.task as TaskDetailView
}
const hallIds = async (user: string) => ((await as(app, user).get('/api/tasks?view=hall')).body.items as { id: string }[]).map((t) => t.id)

it('re-routed after an escalation, signed and assigned: a release returns it to the department, not to the old hall', async () => {
  const id = await publishedTask(app, { eligibility: { territory: 'GT-01' } })
  await ok(WANGLI, id, 'claim')
  await ok(WANGLI, id, 'escalate', { reason: '涉及治安，需派出所处理' })
  await ok(DISPATCHER, id, 'route', { department: 'PCS' })
  await ok(HEJUN, id, 'sign')
  await ok(HEJUN, id, 'assign', { userId: XUMING })
  const after = await ok(XUMING, id, 'release', { reason: '另有任务' })
  expect(after.state).toBe('signed')
  expect(after.claimMode).toBeNull()
  expect(await hallIds(CHENQIANG)).not.toContain(id)
  // the department can publish it afresh
  expect((await ok(HEJUN, id, 'publish', { claimMode: 'first_come' })).state).toBe('published')
})

it('reopened and assigned by the centre: a release returns it to the centre, which can still route or publish it', async () => {
  const id = await publishedTask(app, { claimDeadline: new Date(Date.now() + 3_600_000).toISOString() })
  await ok(WANGLI, id, 'claim')
  await ok(WANGLI, id, 'progress', { note: '已上门' })
  await ok(WANGLI, id, 'submit', { note: '已调解' })
  await ok(DISPATCHER, id, 'review', { decision: 'accept', rating: 5 })
  await ok(DISPATCHER, id, 'reopen', { reason: '纠纷再起' })
  await ok(DISPATCHER, id, 'assign', { userId: WANGLI })
  const after = await ok(WANGLI, id, 'release', { reason: '另有任务' })
  expect(after.state).toBe('draft')
  expect(after.actions).toBeDefined()
  expect((await detail(app, id)).actions).toEqual(expect.arrayContaining(['route', 'publish']))
})
