/**
 * 个人信息保护法: parties of tasks closed more than PARTY_RETENTION_DAYS ago are anonymised by the retention job
 * (bff/src/tasks/retention.ts) — in the projection, in every stored event, in what the task page shows — with
 * one audit line per task; open tasks and recently closed ones keep theirs; a second pass changes nothing.
 */
import type { AuditListView, TaskDetailView } from '@jqtb/shared'
import { ANONYMISED_NAME } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { archiveTasks } from '../../bff/src/tasks/archive'
import { taskDeps } from '../../bff/src/tasks/log'
import { anonymiseExpiredParties } from '../../bff/src/tasks/retention'
import { startTestApp, type TestApp } from '../support/app'
import { as, createTask, DISPATCHER } from './tasks-fixtures'

const DAY = 86_400_000
const clock = new ManualClock(Date.UTC(2024, 0, 10, 2))
let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ clock })
})
afterAll(() => app.close())

const cancel = (id: string) => as(app, DISPATCHER).post(`/api/tasks/${id}/cancel`, { closureCode: 'withdrawn', reason: '当事人撤回' })
const detail = async (id: string) => (await as(app, DISPATCHER).get(`/api/tasks/${id}`)).body as TaskDetailView

it('anonymises the parties of tasks closed longer ago than the retention, everywhere they are stored, once', async () => {
  const old = await createTask(app, {
    parties: [
      { name: '张三', role: '报警人', phone: '13812345678' },
      { name: '李四', role: '被反映人', phone: '13987654321' },
    ],
  })
  // a reveal puts the party's name into the log too
  expect((await as(app, DISPATCHER).post(`/api/tasks/${old}/reveal-phone`, { party: 1 })).status).toBe(200)
  expect((await cancel(old)).status).toBe(200)
  clock.advance(400 * DAY)
  const recent = await createTask(app, { parties: [{ name: '王五', role: '报警人', phone: '13700001111' }] })
  expect((await cancel(recent)).status).toBe(200)
  const open = await createTask(app, { parties: [{ name: '赵六', role: '报警人', phone: '13600002222' }] })
  clock.advance(331 * DAY) // old: closed 731 days ago; recent: 331 days

  expect(await anonymiseExpiredParties(app.deps, 730)).toBe(1)

  const page = await detail(old)
  expect(page.parties.map((p) => [p.name, p.role, p.phone ?? null])).toEqual([
    [ANONYMISED_NAME, '报警人', null],
    [ANONYMISED_NAME, '被反映人', null],
  ])
  const stored = JSON.stringify(await app.db.models.TaskEvent.find({ taskId: old }).lean()) + JSON.stringify(await app.db.models.Task.findById(old).lean())
  for (const gone of ['张三', '李四', '13812345678', '138****5678', 'phoneEnc', 'phoneHash']) expect([gone, stored.includes(gone)]).toEqual([gone, false])
  const reveal = await as(app, DISPATCHER).post(`/api/tasks/${old}/reveal-phone`, { party: 0 })
  expect(reveal.status).toBeGreaterThanOrEqual(400)
  expect(reveal.status).toBeLessThan(500)

  // the others keep their parties
  expect((await detail(recent)).parties[0].name).toBe('王五')
  expect((await detail(open)).parties[0].name).toBe('赵六')

  // one audit line, and a second pass finds nothing
  const audit = (await as(app, 'u-admin').get('/api/admin/audit?group=retention')).body as AuditListView
  expect(audit.items.map((e) => [e.subject.id, e.actor.id])).toEqual([[old, 'system:retention']])
  expect(audit.items[0].summary).toContain('2 名当事人')
  expect(await anonymiseExpiredParties(app.deps, 730)).toBe(0)

  // the recent one is due 400 days later
  clock.advance(400 * DAY)
  expect(await anonymiseExpiredParties(app.deps, 730)).toBe(1)
  expect((await detail(recent)).parties[0].name).toBe(ANONYMISED_NAME)
})

it('anonymises archived tasks too (tasks_archive keeps the projection and the whole log in one document)', async () => {
  const id = await createTask(app, { parties: [{ name: '孙七', role: '报警人', phone: '13500003333' }] })
  expect((await cancel(id)).status).toBe(200)
  clock.advance(200 * DAY)
  expect((await archiveTasks(taskDeps(app.deps))).archived).toBeGreaterThanOrEqual(1)
  expect(await app.db.models.Task.exists({ _id: id })).toBeNull()
  expect(JSON.stringify(await app.db.models.TaskArchive.findById(id).lean())).toContain('孙七')
  clock.advance(531 * DAY)
  expect(await anonymiseExpiredParties(app.deps, 730)).toBeGreaterThanOrEqual(1)
  const archived = JSON.stringify(await app.db.models.TaskArchive.findById(id).lean())
  for (const gone of ['孙七', '13500003333', 'phoneEnc', 'phoneHash']) expect([gone, archived.includes(gone)]).toEqual([gone, false])
  expect((await detail(id)).parties.map((p) => p.name)).toEqual([ANONYMISED_NAME])
})

it('PARTY_RETENTION_DAYS below 30 days is refused at start', async () => {
  await expect(startTestApp({ env: { PARTY_RETENTION_DAYS: '7' } })).rejects.toThrow(/PARTY_RETENTION_DAYS/)
})
