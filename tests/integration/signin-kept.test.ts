/**
 * The sign-in check kept under the people stamp (docs/database.md#people-stamp): a person's second request
 * costs one read of the login check — the stamp — and a burst shares that read; a deactivation, a role
 * change or an ended session on one instance takes effect on the other's very next request.
 */
import request from 'supertest'
import { signToken } from '../../bff/src/auth/tokens'
import { DOMAINS } from '../../bff/src/domains'
import { openDb } from '../../bff/src/infra/db'
import { peopleChanged, stampOwed } from '../../bff/src/users/people-stamp'
import { endSessions } from '../../bff/src/users/store'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { commandsDuring } from '../support/commands'
import { testMongoUri } from '../support/db'
import { addGridWorkers, as, CHENQIANG, WANGLI } from './tasks-fixtures'

let a: TestApp
let b: TestApp
beforeAll(async () => {
  a = await startTestApp()
  b = await startTestApp({ sameDatabaseAs: a })
})
afterAll(async () => {
  await b.close()
  await a.close()
})

const ADMIN = 'u-admin'
const collectionOf = (e: { commandName: string; command: Record<string, unknown> }) => String(e.command[e.commandName] ?? '')
const me = (app: TestApp, userId: string) => request(app.url).get('/api/me').set(authHeader(app, userId))

describe('what the login check reads', () => {
  it("a person's first request reads them; the next ones read only the stamp", async () => {
    const first = await commandsDuring(a.db, async () => expect((await me(a, WANGLI)).status).toBe(200))
    expect(first.map(collectionOf)).toEqual(expect.arrayContaining(['people_stamps', 'users', 'user_departures', 'session_cutoffs']))
    const next = await commandsDuring(a.db, async () => expect((await me(a, WANGLI)).status).toBe(200))
    const count = (seen: typeof first, c: string) => seen.filter((e) => collectionOf(e) === c).length
    expect(count(next, 'people_stamps')).toBe(1)
    expect(count(next, 'user_departures') + count(next, 'session_cutoffs')).toBe(0)
    // /api/me itself reads the person for its answer: one read of them fewer than the first time
    expect(count(next, 'users')).toBe(count(first, 'users') - 1)
  })

  it('a burst of requests by kept people reads the stamp at most once each, and nothing else of the login check', async () => {
    const people = Array.from({ length: 40 }, (_, i) => `u-kept-${i}`)
    await addGridWorkers(a, people)
    for (const p of people) expect((await me(a, p)).status).toBe(200)
    const burst = await commandsDuring(a.db, async () => {
      const answers = await Promise.all(people.map((p) => me(a, p)))
      expect(answers.map((r) => r.status)).toEqual(people.map(() => 200))
    })
    const stampReads = burst.filter((e) => collectionOf(e) === 'people_stamps').length
    expect(stampReads).toBeGreaterThanOrEqual(1)
    expect(stampReads).toBeLessThanOrEqual(people.length)
    expect(burst.filter((e) => ['user_departures', 'session_cutoffs'].includes(collectionOf(e)))).toEqual([])
  })
})

describe('a change on one instance, the next request on the other', () => {
  it('a deactivation on A refuses the person on B at once; a reactivation lets them back at once', async () => {
    expect((await me(b, CHENQIANG)).status).toBe(200)
    expect((await me(b, CHENQIANG)).status).toBe(200) // kept on B
    expect((await as(a, ADMIN).post(`/api/admin/people/${CHENQIANG}/deactivate`, { reason: '调离' })).status).toBe(200)
    const refused = await me(b, CHENQIANG)
    expect([refused.status, refused.body.error.code]).toEqual([403, 'USER_NOT_IN_ORG'])
    expect((await as(a, ADMIN).post(`/api/admin/people/${CHENQIANG}/reactivate`, {})).status).toBe(200)
    expect((await me(b, CHENQIANG)).status).toBe(200)
  })

  it('a role change on A is what B answers with on the next request', async () => {
    const id = 'u-kept-role'
    await addGridWorkers(a, [id])
    expect((await me(b, id)).body.roles).toEqual(['grid_worker'])
    const changed = await as(a, ADMIN).patch(`/api/admin/people/${id}`, { roles: ['dept_staff'], territory: 'GT', department: 'SFS' })
    expect(changed.status).toBe(200)
    const after = await me(b, id)
    expect(after.body.roles).toEqual(['dept_staff'])
    expect(after.body.department.code).toBe('SFS')
  })

  it("sessions ended on A (an account unlinked) are refused on B's next request", async () => {
    const id = 'u-kept-unlinked'
    await addGridWorkers(a, [id])
    const token = { authorization: `Bearer ${signToken(b.config, { sub: id, via: 'test' }, new Date(Date.now() - 5000)).token}` }
    expect((await request(b.url).get('/api/me').set(token)).status).toBe(200)
    await endSessions({ db: a.db, clock: a.deps.clock }, id)
    const ended = await request(b.url).get('/api/me').set(token)
    expect([ended.status, ended.body.error.code]).toEqual([401, 'SESSION_ENDED'])
  })
})

describe('when the stamp cannot be written after a change', () => {
  it('the change is not reported as failed; this process stops keeping answers and says so in the log', async () => {
    const closed = await openDb(testMongoUri(), a.db.conn.name, DOMAINS)
    await closed.close()
    const logged: string[] = []
    await expect(peopleChanged(closed, new Date(), { error: (_o: object, msg: string) => void logged.push(msg) })).resolves.toBeUndefined()
    expect(stampOwed(closed)).toBe(true)
    expect(logged).toHaveLength(1)
    expect(stampOwed(a.db)).toBe(false)
  })
})
