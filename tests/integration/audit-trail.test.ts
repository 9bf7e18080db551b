/**
 * 等保 gaps closed (issue 16, item 8): the audit trail records every administrative change to a person and every
 * reveal of a party's number, once, with who/when/whom and never the number; admins read it with filters, nobody
 * else can; unlinking an account (or deactivating the person) ends the sessions signed before it.
 */
import { type AuditListView, DEFAULT_RULE_SET, DEFAULT_TASK_SETTINGS } from '@jqtb/shared'
import { signToken } from '../../bff/src/auth/tokens'
import { startTestApp, type TestApp } from '../support/app'
import { as, createTask, DISPATCHER } from './tasks-fixtures'

let app: TestApp
const ADMIN = 'u-admin'
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const audit = async (query: string, user = ADMIN) => {
  const res = await as(app, user).get(`/api/admin/audit${query}`)
  expect([res.status, res.body.error]).toEqual([200, undefined])
  return res.body as AuditListView
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const tokenSignedNow = (userId: string) => signToken(app.config, { sub: userId, via: 'dingtalk' }, new Date()).token
const secondLater = () => new Promise((r) => setTimeout(r, 1100))

it('adding, changing and unlinking a person are audit lines naming the admin, the person and the fields', async () => {
  const added = await as(app, ADMIN).post('/api/admin/people', {
    name: '审计甲',
    roles: ['grid_worker'],
    territory: 'GT-01-01',
    mobile: '13900001111',
    identities: { dingtalk: 'dt_audit_a', zhezhengding: 900900 },
  })
  expect(added.status).toBe(201)
  const id = added.body.id as string
  expect((await as(app, ADMIN).patch(`/api/admin/people/${id}`, { title: '专职网格员', mobile: '13900002222' })).status).toBe(200)
  expect((await as(app, ADMIN).delete(`/api/admin/people/${id}/identities/dingtalk`)).status).toBe(200)

  const { items } = await audit(`?subject=${id}`)
  expect(items.map((e) => e.kind)).toEqual(['person.identity_unlinked', 'person.updated', 'person.created'])
  expect(items.every((e) => e.actor.id === ADMIN && e.actor.name === '钱晓' && e.subject.label === '审计甲')).toBe(true)
  expect(items[1].fields.sort()).toEqual(['手机号', '职务'].sort())
  expect(items[1].summary).toContain('钱晓修改了人员资料「审计甲」')
  // numbers never in the trail
  expect(JSON.stringify(items)).not.toMatch(/1390000(1111|2222)/)
  // the group filter and the actor filter
  expect((await audit('?group=people&limit=100')).items.map((e) => e.id)).toEqual(expect.arrayContaining(items.map((e) => e.id)))
  expect((await audit('?group=reveals')).items.some((e) => e.subject.id === id)).toBe(false)
})

it('a phone reveal is one audit line (the task, the party, who) without the number', async () => {
  const taskId = await createTask(app)
  const res = await as(app, DISPATCHER).post(`/api/tasks/${taskId}/reveal-phone`, { party: 0 })
  expect([res.status, res.body.phone]).toEqual([200, '13812345678'])
  const { items } = await audit(`?kind=phone.revealed&actor=${DISPATCHER}`)
  const mine = items.filter((e) => e.subject.id === taskId)
  expect(mine).toHaveLength(1)
  expect(mine[0]).toMatchObject({ kindLabel: '查看当事人号码', actor: { id: DISPATCHER }, fields: ['当事人号码'] })
  expect(mine[0].summary).toContain('「张三」')
  expect(JSON.stringify(mine)).not.toContain('13812345678')
})

it('only admins read the trail; a bad filter is a 400 saying why', async () => {
  const res = await as(app, DISPATCHER).get('/api/admin/audit')
  expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
  const bad = await as(app, ADMIN).get('/api/admin/audit?from=2026-12-03&to=2026-12-01')
  expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  const page1 = await audit('?limit=1')
  expect(page1.items).toHaveLength(1)
  const page2 = await audit(`?limit=1&cursor=${encodeURIComponent(page1.nextCursor as string)}`)
  expect(page2.items[0].id).not.toBe(page1.items[0].id)
})

it('unlinking an account ends the sessions signed before it; a new sign-in works', async () => {
  const added = await as(app, ADMIN).post('/api/admin/people', {
    name: '审计乙',
    roles: ['grid_worker'],
    territory: 'GT-01-01',
    identities: { dingtalk: 'dt_audit_b', zhezhengding: 900901 },
  })
  const id = added.body.id as string
  const before = tokenSignedNow(id)
  await secondLater()
  expect((await as(app, ADMIN).get('/api/tasks').set(bearer(before))).status).toBe(200)
  expect((await as(app, ADMIN).delete(`/api/admin/people/${id}/identities/dingtalk`)).status).toBe(200)
  const refused = await as(app, ADMIN).get('/api/tasks').set(bearer(before))
  expect([refused.status, refused.body.error.code]).toEqual([401, 'SESSION_ENDED'])
  await secondLater()
  expect(
    (
      await as(app, ADMIN)
        .get('/api/tasks')
        .set(bearer(tokenSignedNow(id)))
    ).status,
  ).toBe(200)
})

it('停用 and 恢复 are audit lines; while deactivated the old token is refused by the departure record', async () => {
  const added = await as(app, ADMIN).post('/api/admin/people', {
    name: '审计丙',
    roles: ['grid_worker'],
    territory: 'GT-01-01',
    identities: { dingtalk: 'dt_audit_c' },
  })
  const id = added.body.id as string
  const before = tokenSignedNow(id)
  expect((await as(app, ADMIN).post(`/api/admin/people/${id}/deactivate`, { reason: '调离' })).status).toBe(200)
  const refused = await as(app, ADMIN).get('/api/tasks').set(bearer(before))
  expect([refused.status, refused.body.error.code]).toEqual([403, 'USER_NOT_IN_ORG'])
  expect((await as(app, ADMIN).post(`/api/admin/people/${id}/reactivate`, {})).status).toBe(200)
  const kinds = (await audit(`?subject=${id}`)).items.map((e) => e.kind)
  expect(kinds).toEqual(['person.reactivated', 'person.deactivated', 'person.created'])
})

it('saving the task settings and publishing rules are audit lines of the settings group', async () => {
  const settings = { ...DEFAULT_TASK_SETTINGS, activeClaimCap: 4 }
  expect((await as(app, ADMIN).put('/api/settings/tasks', { baseVersion: 0, settings, note: '放宽上限' })).status).toBe(200)
  expect((await as(app, ADMIN).post('/api/rules/publish', { expectedVersion: 1, rules: DEFAULT_RULE_SET, note: '重新发布' })).status).toBe(201)
  const { items } = await audit('?group=settings')
  expect(items.map((e) => [e.kind, e.actor.id])).toEqual([
    ['rules.published', ADMIN],
    ['settings.saved', ADMIN],
  ])
  expect(items[1].summary).toBe('钱晓保存了工单设置第 1 版：放宽上限')
  expect(items[0].summary).toContain('钱晓发布了考核规则第 2 版')
})
