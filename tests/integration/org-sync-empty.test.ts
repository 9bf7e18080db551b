/**
 * Review: an org sync that reads an empty address book (the app's contact scope narrowed to nothing,
 * a platform answering "ok" with no people) must not deactivate the whole organisation.
 */
import type { DingTalkGateway } from '../../bff/src/dingtalk'
import { syncOrg } from '../../bff/src/org/commands'
import { signInState } from '../../bff/src/users/store'
import { startTestApp, type TestApp } from '../support/app'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

/** A platform that answers every call successfully, with one empty root department. */
const emptyAddressBook = {
  provider: 'dingtalk',
  maxRecipientsPerCall: 100,
  rootDepartmentIds: async () => ['1'],
  listSubDepartments: async () => [],
  listDepartmentUsers: async () => [],
} as unknown as DingTalkGateway

it('an empty address book changes nobody and says why', async () => {
  const deps = { ...app.deps, gateway: { ...app.deps.gateway, get: () => emptyAddressBook } }
  await expect(syncOrg(deps, 'dingtalk', { id: 'u-admin', name: '钱晓' })).rejects.toMatchObject({ code: 'UPSTREAM_FAILED' })
  for (const id of ['u-wangli', 'u-chenqiang', 'u-hejun', 'u-zhaoyan']) expect((await signInState(app.db, id)).allowed).toBe(true)
  expect(await app.db.models.UserDeparture.countDocuments({})).toBe(0)
})
