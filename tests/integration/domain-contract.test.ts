/**
 * The domain contract (docs/architecture.md#domains): a domain added by one line in the domain list
 * gets its models (collections and indexes), routes (and their OpenAPI entries), jobs, listeners,
 * notice templates and seed wired, with nothing else touched.
 */
import type Router from '@koa/router'
import { type Connection, Schema } from 'mongoose'
import request from 'supertest'
import { startDomainJobs } from '../../bff/src/compose'
import { DOMAINS } from '../../bff/src/domains'
import { isFerretDb } from '../../bff/src/infra/db'
import { defineDomain } from '../../bff/src/kernel/domain'
import type { EventBus } from '../../bff/src/kernel/events'
import { describeRoute } from '../../bff/src/openapi/registry'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { createTask, DISPATCHER } from './tasks-fixtures'

interface EchoDoc {
  _id: string
  seen: string
  at: Date
}

const heard: string[] = []
let jobRuns = 0
/** the bus as the domain saw it while its listeners were built (a listener may keep it, e.g. in taskDeps) */
let keptBus: EventBus | null = null

/** A throw-away domain using every part of the contract. */
const echoDomain = defineDomain({
  name: 'echo',
  models: (conn: Connection) => {
    const schema = new Schema<EchoDoc>({ _id: String, seen: { type: String, required: true }, at: Date }, { versionKey: false, collection: 'echo_seen' })
    schema.index({ seen: 1, at: -1 })
    schema.index({ seen: 1, at: 1, _id: 1 }, { unique: true })
    return { EchoSeen: conn.model<EchoDoc>('EchoSeen', schema) }
  },
  routes: (router: Router) => {
    describeRoute(router, { method: 'get', path: '/api/echo', tag: 'echo', summary: '回声', response: 'EchoView', public: true })
    router.get('/api/echo', (ctx) => {
      ctx.body = { echo: 'ok' }
    })
  },
  jobs: () => [{ name: 'echo-job', intervalMs: 60_000, run: async () => void jobRuns++ }],
  listeners: (deps) => {
    keptBus = deps.events
    return [
      {
        topic: 'task.appended',
        name: 'echo.remember',
        handle: async ({ event }) => {
          heard.push(`${event.taskId}:${event.seq}:${event.type}`)
          await deps.db.conn
            .collection('echo_seen')
            .insertOne({ _id: `${event.taskId}:${event.seq}` as never, seen: event.type, at: new Date(event.at) })
            .catch(() => {})
        },
      },
    ]
  },
  responses: { EchoView: { type: 'object', properties: { echo: { type: 'string' } }, required: ['echo'] } },
  templates: { echo_notice: (d) => ({ kind: 'form', head: '回声', tone: 'info', form: [['内容', String(d.text ?? '')]], content: '测试' }) },
  seed: async ({ db }) => {
    await db.conn.collection('echo_seen').updateOne({ _id: 'seeded' as never }, { $set: { seen: 'seed', at: new Date(0) } }, { upsert: true })
    return { echo: { inserted: 1, updated: 0, unchanged: 0 } }
  },
})

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ domains: [...DOMAINS, echoDomain] })
})
afterAll(() => app.close())

describe('a domain registered by one line in the list', () => {
  it('gets its collection and declared indexes created at start (on FerretDB the unique ones: docs/database.md#indexes)', async () => {
    const keys = (await app.db.conn.collection('echo_seen').indexes()).map((i) => Object.keys(i.key).join(','))
    expect(keys).toContain('seen,at,_id')
    if (await isFerretDb(app.db)) expect(keys).not.toContain('seen,at')
    else expect(keys).toContain('seen,at')
    expect('EchoSeen' in app.db.models).toBe(true)
  })

  it('gets its seed run with the others', async () => {
    expect(await app.db.conn.collection('echo_seen').findOne({ _id: 'seeded' as never })).toMatchObject({ seen: 'seed' })
  })

  it('gets its routes mounted, and described in the OpenAPI document with its response component', async () => {
    expect((await request(app.url).get('/api/echo')).body).toEqual({ echo: 'ok' })
    const doc = (await request(app.url).get('/api/openapi.json')).body
    expect(doc.paths['/api/echo'].get.summary).toBe('回声')
    expect(doc.components.schemas.EchoView.required).toEqual(['echo'])
  })

  it('hears every task event through its listener', async () => {
    const id = await createTask(app)
    expect(heard.filter((h) => h.startsWith(`${id}:`)).length).toBeGreaterThan(0)
    expect(await app.db.conn.collection('echo_seen').countDocuments({ _id: { $regex: `^${id}:` } as never })).toBe(
      heard.filter((h) => h.startsWith(`${id}:`)).length,
    )
    // after every listener of the listed domains, in list order
    const listed = app.deps.events.listenersOf('task.appended')
    expect(listed).toContain('points.score')
    expect(listed.at(-1)).toBe('echo.remember')
    // what a listener kept from deps while the listeners were being built publishes to all of them
    expect(keptBus?.listenersOf('task.appended')).toEqual(listed)
  })

  it('gets its notice templates into the outbox, and an undeclared template is refused', async () => {
    await expect(app.deps.notifier.enqueue({ key: 'echo:1', recipients: [DISPATCHER], template: 'echo_notice', data: { text: 'hi' } })).resolves.toEqual({
      queued: true,
    })
    await expect(app.deps.notifier.enqueue({ key: 'echo:2', recipients: [DISPATCHER], template: 'nobody_declares_this', data: {} })).rejects.toThrow(
      /no domain declares/,
    )
  })

  it('gets its jobs started with every other domain’s', async () => {
    const jobs = startDomainJobs(app.deps, [echoDomain])
    await new Promise((r) => setTimeout(r, 200))
    await jobs.stop()
    expect(jobRuns).toBe(1)
  })

  it('is refused at start when it declares a template or response another domain declares', async () => {
    const clash = defineDomain({ name: 'clash', templates: { task_routed: echoDomain.templates?.echo_notice as never } })
    const { composeDeps } = await import('../../bff/src/compose')
    expect(() => composeDeps({ ...app.deps, domains: [...DOMAINS, clash] })).toThrow(/task_routed.*two domains.*clash/)
    expect((await request(app.url).get('/api/tasks').set(authHeader(app, DISPATCHER))).status).toBe(200)
  })
})
