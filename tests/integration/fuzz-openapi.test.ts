/**
 * The fuzzer (issue 8, item 6 / brief item 8): requests generated with fast-check from the BFF's own OpenAPI
 * document, for every operation — bodies that follow the schema and bodies that break it, query strings, path
 * values, logins of every role or none or forged, wrong content types, a Content-Encoding the body does not have,
 * bodies cut short and bodies over the limit. The BFF runs as its own process. Asserted: no 5xx, every error in the
 * JSON shape, the process alive, /readyz 200 at the end. Bounded to fit in `npm test` (about a minute); the seed
 * is fixed (FUZZ_SEED overrides it) and printed with the figures. Failures it found are kept as fixed cases in
 * fuzz-cases.ts and replayed first, every run.
 */
import zlib from 'node:zlib'
import fc from 'fast-check'
import { type BffProcess, startBffProcess } from '../support/bff-process'
import { testDbName, testMongoUri } from '../support/db'
import { photo } from '../support/images'
import { type Components, invalid, type Schema, valid } from '../support/openapi-arbitraries'
import { devToken, multipartFile, rawRequest } from '../support/raw-http'
import { startSimulator, type TestSimulator } from '../support/simulator'
import { FIXED_CASES, type FuzzRequest } from './fuzz-cases'

const SEED = Number(process.env.FUZZ_SEED ?? 20261203)
/** generated requests per operation, and the whole run's time budget */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 20)
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 100_000)

let sim: TestSimulator
let bff: BffProcess

beforeAll(async () => {
  sim = await startSimulator()
  bff = await startBffProcess({ mongoUri: testMongoUri(), dbName: testDbName(), simulatorUrl: sim.url })
}, 300_000)
afterAll(async () => {
  await bff?.stop()
  await sim?.close()
})

interface Operation {
  method: string
  path: string
  params: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }>
  body?: { type: string; schema: Schema }
}

interface Answer {
  status: number
  contentType: string
  body: string
}

const USERS = ['u-admin', 'u-zhaoyan', 'u-hejun', 'u-xuming', 'u-wangli', 'u-chenqiang', 'u-linfang', 'u-fengbo', 'u-departed']
const figures = { operations: 0, requests: 0, fixed: 0, byStatus: new Map<number, number>(), serverErrors: [] as string[] }

/** Sends one generated request; a body cut short goes over a raw socket (no HTTP client will send one). */
async function send(r: FuzzRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...(r.headers ?? {}) }
  if (r.auth === 'forged') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1LWFkbWluIn0.'
  else if (r.auth) headers.authorization = `Bearer ${devToken(r.auth)}`
  let body: Buffer | undefined =
    r.bodyBase64 !== undefined
      ? Buffer.from(r.bodyBase64, 'base64')
      : r.rawBody !== undefined
        ? Buffer.from(r.rawBody)
        : r.json !== undefined
          ? Buffer.from(JSON.stringify(r.json))
          : undefined
  if (/^(get|head)$/i.test(r.method)) body = undefined // (fetch sends no body with these)
  if (body && r.encoding === 'gzip-real') {
    body = zlib.gzipSync(body)
    headers['content-encoding'] = 'gzip'
  } else if (r.encoding) headers['content-encoding'] = r.encoding
  if (body && !headers['content-type']) headers['content-type'] = 'application/json'
  if (r.truncate && body) {
    const res = await rawRequest(bff.url, {
      method: r.method.toUpperCase(),
      path: r.url,
      headers: { ...headers, 'content-length': body.length + r.truncate },
      body,
      timeoutMs: 20_000,
    })
    return { status: res?.status ?? 0, contentType: res?.headers['content-type'] ?? '', body: res?.body ?? '' }
  }
  const res = await fetch(`${bff.url}${r.url}`, {
    method: r.method.toUpperCase(),
    headers,
    body: body ? new Uint8Array(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() }
}

/** What every answer must be: never a 5xx, and every error the JSON `{ error: { code, message } }`. */
function problemWith(a: Answer): string | null {
  if (a.status === 0) return 'no answer (connection closed)'
  if (a.status >= 500) return `HTTP ${a.status} ${a.body.slice(0, 200)}`
  if (a.status >= 400) {
    if (!a.contentType.includes('application/json')) return `HTTP ${a.status} is not JSON (${a.contentType}): ${a.body.slice(0, 100)}`
    const parsed = JSON.parse(a.body) as { error?: { code?: unknown; message?: unknown } }
    if (typeof parsed.error?.code !== 'string' || typeof parsed.error?.message !== 'string')
      return `HTTP ${a.status} without the error shape: ${a.body.slice(0, 200)}`
  }
  return null
}

async function check(r: FuzzRequest): Promise<boolean> {
  const a = await send(r)
  figures.requests++
  figures.byStatus.set(a.status, (figures.byStatus.get(a.status) ?? 0) + 1)
  const problem = problemWith(a)
  if (problem) figures.serverErrors.push(`${r.method.toUpperCase()} ${r.url}: ${problem}`)
  return problem === null
}

/** Values a path parameter can take: real ones (so handlers go past their 404) and junk. */
function pathValues(name: string, real: Record<string, string[]>): fc.Arbitrary<string> {
  const known = real[name] ?? []
  const junk = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('..', '%2e%2e', 'null', '0'.repeat(32), 'x'.repeat(300), '%00', '%E4%BD%A0', '$where', 'T99999999-9999'),
  )
  return (known.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: junk, weight: 1 }) : junk).map((v) =>
    /%/.test(v) ? v : encodeURIComponent(v),
  )
}

function requestsFor(op: Operation, components: Components, real: Record<string, string[]>, photoBytes: Buffer): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path')
  const queryParams = op.params.filter((p) => p.in === 'query')
  const path = fc
    .tuple(...pathParams.map((p) => pathValues(p.name, real)))
    .map((values) => pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, values[i]), op.path))
  const query = fc
    .tuple(
      ...queryParams.map((p) =>
        fc.option(fc.oneof({ arbitrary: valid(p.schema, components), weight: 3 }, { arbitrary: invalid(p.schema, components), weight: 1 }), { nil: undefined }),
      ),
      fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })), { nil: undefined, freq: 4 }),
    )
    .map((values) => {
      const q = new URLSearchParams()
      queryParams.forEach((p, i) => {
        const v = values[i]
        if (v !== undefined) q.set(p.name, typeof v === 'object' ? JSON.stringify(v) : String(v))
      })
      const extra = values[queryParams.length] as [string, string] | undefined
      if (extra) q.set(extra[0], extra[1])
      const s = q.toString()
      return s ? `?${s}` : ''
    })
  const auth = fc.constantFrom<FuzzRequest['auth']>(...USERS, undefined, 'forged')
  const schema = op.body?.schema
  const bodies: fc.Arbitrary<Partial<FuzzRequest>> =
    op.body?.type === 'multipart/form-data'
      ? fc.oneof(
          fc.constant(multipart(photoBytes)),
          fc.uint8Array({ maxLength: 2000 }).map((b) => multipart(Buffer.from(b))),
          fc.constant({ ...multipart(photoBytes.subarray(0, 40), true) }),
          fc.constant({ rawBody: 'not multipart', headers: { 'content-type': 'multipart/form-data' } }),
          fc.constant({ json: { file: 'x' } }),
        )
      : schema
        ? fc.oneof(
            { arbitrary: valid(schema, components).map((json) => ({ json })), weight: 4 },
            { arbitrary: invalid(schema, components).map((json) => ({ json })), weight: 3 },
            { arbitrary: fc.string({ maxLength: 50 }).map((rawBody) => ({ rawBody })), weight: 1 },
            { arbitrary: valid(schema, components).map((json) => ({ json, headers: { 'content-type': 'text/plain' } })), weight: 1 },
            {
              arbitrary: fc.tuple(valid(schema, components), fc.constantFrom('gzip', 'deflate', 'br', 'x-zip')).map(([json, encoding]) => ({ json, encoding })),
              weight: 1,
            },
            { arbitrary: valid(schema, components).map((json) => ({ json, encoding: 'gzip-real' as const })), weight: 1 },
            { arbitrary: valid(schema, components).map((json) => ({ json, truncate: 200 })), weight: 1 },
            { arbitrary: fc.constant({ rawBody: `{"x":"${'a'.repeat(1_100_000)}"}` }), weight: 1 },
          )
        : fc.oneof({ arbitrary: fc.constant({}), weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((json) => ({ json })), weight: 1 })
  return fc
    .record({ path, query, auth, body: bodies })
    .map(({ path: p, query: q, auth: a, body: b }) => ({ method: op.method, url: `${p}${q}`, auth: a, ...b }))
}

function multipart(bytes: Buffer, truncate = false): Partial<FuzzRequest> {
  const { body, contentType } = multipartFile(bytes, { truncate })
  return { bodyBase64: body.toString('base64'), headers: { 'content-type': contentType } }
}

it('every operation of the OpenAPI document, fuzzed: no 5xx, every error in the JSON shape, the process alive, /readyz 200', async () => {
  const started = Date.now()
  const doc = (await (await fetch(`${bff.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: Schema }> } }>>
    components: { schemas: Components }
  }
  const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const [type, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? []
      return { method, path, params: op.parameters ?? [], body: type ? { type, schema: content.schema } : undefined }
    }),
  )
  expect(operations.length).toBeGreaterThan(50)

  // real values for path parameters, so the handlers get past "not found"
  const photoBytes = await photo()
  const asDispatcher = { authorization: `Bearer ${devToken('u-zhaoyan')}` }
  const tasks = (await (await fetch(`${bff.url}/api/tasks?view=all&limit=20`, { headers: asDispatcher })).json()) as { items: Array<{ id: string }> }
  const up = multipartFile(photoBytes)
  const file = (await (
    await fetch(`${bff.url}/api/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${devToken('u-wangli')}`, 'content-type': up.contentType },
      body: up.body,
    })
  ).json()) as { id: string }
  const real: Record<string, string[]> = {
    id: [...tasks.items.map((t) => t.id), ...USERS, file.id],
    taskId: tasks.items.map((t) => t.id),
    userId: USERS,
    entryId: tasks.items.slice(0, 3).map((t) => `${t.id}:0000000001:claimed`),
    code: ['GT', 'GT-01', 'GT-01-01', 'XX'],
    provider: ['dingtalk', 'zhezhengding'],
  }

  // the failures found so far, replayed first
  for (const c of FIXED_CASES) {
    figures.fixed++
    expect([c.why, await check(c)]).toEqual([c.why, true])
  }

  // every operation gets its share of what is left of the budget: on a busy machine fewer requests each (at least
  // five), never fewer operations
  const fuzzStart = Date.now()
  for (const [i, op] of operations.entries()) {
    const share = (BUDGET_MS - (Date.now() - started)) / (operations.length - i)
    const msPerRequest = figures.requests > figures.fixed ? (Date.now() - fuzzStart) / (figures.requests - figures.fixed) : 50
    const numRuns = Math.max(5, Math.min(RUNS_PER_OPERATION, Math.floor(share / msPerRequest)))
    figures.operations++
    await fc.assert(
      fc.asyncProperty(requestsFor(op, doc.components.schemas, real, photoBytes), (r) => check(r)),
      { seed: SEED + i, numRuns, endOnFailure: true },
    )
  }
  expect(figures.serverErrors).toEqual([])
  expect(bff.alive()).toBe(true)
  expect((await fetch(`${bff.url}/readyz`)).status).toBe(200)
  const statuses = [...figures.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`)
  const fivexx = [...figures.byStatus.entries()].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0)
  process.stdout.write(
    `fuzz: ${figures.operations} operations, ${figures.requests} requests (${figures.fixed} fixed cases), ${fivexx} × 5xx, seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s; statuses ${statuses.join(' ')}\n`,
  )
}, 240_000)
