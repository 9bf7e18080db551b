/**
 * Review: the test work notice is for watching one arrive. One account looping on it must not fill the
 * outbox with sends queued ahead of real task notices.
 */
import { startTestApp, type TestApp } from '../support/app'
import { as } from './tasks-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

it('a few test notices go out; a flood of them is refused with 429 and nothing more is queued', async () => {
  const statuses: number[] = []
  for (let i = 0; i < 8; i++) statuses.push((await as(app, 'u-wangli').post('/api/notifications/test')).status)
  expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429])
  const refused = await as(app, 'u-wangli').post('/api/notifications/test')
  expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' })
  expect(await app.db.models.Outbox.countDocuments({ template: 'test', recipients: 'u-wangli' })).toBe(5)
  // someone else is counted on their own
  expect((await as(app, 'u-chenqiang').post('/api/notifications/test')).status).toBe(202)
})
