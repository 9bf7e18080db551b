/**
 * GET /api/openapi.json: a well-formed OpenAPI 3.1 document that covers every route the app serves,
 * with request schemas generated from the very zod schemas that validate the requests.
 */
import { claimBody, createTaskBody, progressBody, reviewBody } from '@jqtb/shared'
import type Router from '@koa/router'
import request from 'supertest'
import { z } from 'zod'
import { createApp } from '../../bff/src/app'
import { startTestApp, type TestApp } from '../support/app'

type Json = Record<string, unknown>
let app: TestApp
let doc: Json

beforeAll(async () => {
  app = await startTestApp({ seed: false })
  const res = await request(app.url).get('/api/openapi.json')
  expect(res.status).toBe(200)
  doc = res.body
})
afterAll(async () => app.close())

/** The router inside the app (koa-router's middleware carries it). */
function routerOf(): Router {
  const mw = createApp(app.deps).middleware.find((m) => (m as unknown as { router?: Router }).router) as unknown as { router: Router }
  return mw.router
}

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else refs(v, out)
    }
  }
  return out
}

const paths = () => doc.paths as Record<string, Record<string, Json>>
const schemas = () => (doc.components as { schemas: Record<string, Json> }).schemas

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, paths, bearer security and an Error schema', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect((doc.info as Json).title).toEqual(expect.any(String))
    expect((doc.components as Json).securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: expect.any(String) },
      citizen: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: expect.any(String) },
    })
    expect(schemas().Error).toBeDefined()
  })

  it('covers every route on the router, with each of its methods', () => {
    const router = routerOf()
    const expected = router.stack.flatMap((layer) =>
      layer.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS').map((m) => `${m.toLowerCase()} ${String(layer.path).replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    )
    const documented = Object.entries(paths()).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
    expect(expected.length).toBeGreaterThan(20)
    expect(documented.sort()).toEqual([...new Set(expected)].sort())
  })

  it('lists every task verb of the issue, each with a JSON request body', () => {
    const verbs = [
      'route',
      'publish',
      'claim',
      'approve-claim',
      'release',
      'extend',
      'assign',
      'sign',
      'bounce',
      'progress',
      'submit',
      'review',
      'escalate',
      'reopen',
      'cancel',
    ]
    for (const v of verbs) {
      const op = paths()[`/api/tasks/{id}/${v}`]?.post as Json
      expect(op).toBeDefined()
      expect((op.requestBody as Json).content).toHaveProperty('application/json')
      expect(op.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }])
      expect(Object.keys(op.responses as Json)).toEqual(expect.arrayContaining(['200', '401', '409']))
    }
    expect(paths()['/api/tasks'].get).toBeDefined()
    expect(paths()['/api/tasks'].post).toBeDefined()
    expect(paths()['/api/tasks/{id}'].get).toBeDefined()
    expect(paths()['/api/files'].post).toBeDefined()
    expect(paths()['/api/reports'].post).toBeDefined()
  })

  it('request schemas are the zod schemas that validate the requests', () => {
    const gen = (s: z.ZodType) => {
      const j = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json
      delete j.$schema
      return j
    }
    expect(schemas().CreateTaskBody).toEqual(gen(createTaskBody))
    expect(schemas().ClaimBody).toEqual(gen(claimBody))
    expect(schemas().ProgressBody).toEqual(gen(progressBody))
    expect(schemas().ReviewBody).toEqual(gen(reviewBody))
    // strict objects: unknown keys are refused, and the document says so
    expect(schemas().ClaimBody.additionalProperties).toBe(false)
    const list = paths()['/api/tasks'].get.parameters as Array<{ name: string; in: string }>
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['view', 'state', 'cursor', 'limit']))
  })

  it('every $ref resolves, every path parameter is declared, every operation has responses', () => {
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//)
      expect(schemas()[ref.split('/').at(-1) as string]).toBeDefined()
    }
    for (const [p, ops] of Object.entries(paths())) {
      const params = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
      for (const op of Object.values(ops)) {
        const declared = ((op.parameters as Array<{ name: string; in: string }>) ?? []).filter((x) => x.in === 'path').map((x) => x.name)
        expect(declared.sort()).toEqual(params.sort())
        expect(Object.keys(op.responses as Json).length).toBeGreaterThan(0)
      }
    }
  })

  it('documents the error codes', () => {
    const codes = ((schemas().Error.properties as Json).error as { properties: { code: { enum: string[] } } }).properties.code.enum
    expect(codes).toEqual(
      expect.arrayContaining([
        'VALIDATION_FAILED',
        'OUT_OF_TERRITORY',
        'TASK_ALREADY_CLAIMED',
        'INVALID_TRANSITION',
        'CLAIM_LIMIT_REACHED',
        'PAYLOAD_TOO_LARGE',
      ]),
    )
  })
})
