import { ERROR_STATUS } from '@jqtb/shared'
import type Router from '@koa/router'
import { z } from 'zod'
import { describedRoutes, type RouteDescription } from './registry'
import type { Schema } from './schema'

type Json = Record<string, unknown>

const STATUS_TEXT: Record<number, string> = {
  400: '请求参数有误（VALIDATION_FAILED / BAD_JSON）',
  401: '未登录或登录已过期',
  403: '无权限（FORBIDDEN / OUT_OF_TERRITORY / NOT_ELIGIBLE / SELF_REVIEW_FORBIDDEN）',
  404: '不存在',
  409: '冲突（TASK_ALREADY_CLAIMED / INVALID_TRANSITION / CONFLICT）',
  413: '内容太大',
  415: '不支持的文件类型',
  422: '不符合业务规则（CLAIM_LIMIT_REACHED 等）',
}

function jsonSchemaOf(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json
  delete out.$schema
  return out
}

const openapiPath = (koaPath: string) => koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
const pathParams = (koaPath: string) => [...koaPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1])

function operation(d: RouteDescription | undefined, method: string, path: string, schemas: Json, responses: Record<string, Schema>): Json {
  const params: Json[] = pathParams(path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))
  if (!d) {
    return {
      summary: `${method.toUpperCase()} ${path}`,
      description: '（此接口尚未登记请求/响应结构）',
      ...(params.length ? { parameters: params } : {}),
      responses: { default: { description: '见接口实现' } },
    }
  }
  if (d.query) {
    const q = jsonSchemaOf(d.query) as { properties?: Record<string, Json>; required?: string[] }
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      params.push({
        name,
        in: 'query',
        required: q.required?.includes(name) ?? false,
        schema,
        ...(schema.description ? { description: schema.description } : {}),
      })
    }
  }
  let requestBody: Json | undefined
  if (d.body) {
    const name = d.bodyName ?? `${d.tag}${Object.keys(schemas).length}`
    schemas[name] = jsonSchemaOf(d.body)
    requestBody = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } }
  } else if (d.multipart) {
    requestBody = {
      required: true,
      content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } },
    }
  }
  const ok = String(d.status ?? 200)
  const success = d.binary
    ? {
        description: d.response,
        content: Object.fromEntries(d.binary.split(/,\s*|\s+or\s+/).map((t) => [t.trim(), { schema: { type: 'string', format: 'binary' } }])),
      }
    : responses[d.response]
      ? { description: d.response, content: { 'application/json': { schema: { $ref: `#/components/schemas/${d.response}` } } } }
      : { description: d.response }
  const errors = [...new Set([...(d.public ? [] : [401]), ...(d.errors ?? [])])].sort()
  return {
    summary: d.summary,
    tags: [d.tag],
    ...(d.public ? { security: [] } : d.audience === 'citizen' ? { security: [{ citizen: [] }] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      [ok]: success,
      ...Object.fromEntries(
        errors.map((s) => [
          String(s),
          { description: STATUS_TEXT[s] ?? 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  }
}

/** The OpenAPI 3.1 document: every route on the router, with schemas where the route was described. */
export function buildOpenApi(router: Router, info: { version: string }, responses: Record<string, Schema>): Json {
  const described = new Map(describedRoutes(router).map((d) => [`${d.method} ${d.path}`, d]))
  const schemas: Json = { ...responses }
  const paths: Record<string, Json> = {}
  for (const layer of router.stack) {
    if (typeof layer.path !== 'string') continue
    const koaPath = layer.path
    for (const m of layer.methods) {
      const method = m.toLowerCase()
      if (method === 'head' || method === 'options') continue
      const p = openapiPath(koaPath)
      paths[p] ??= {}
      paths[p][method] = operation(described.get(`${method} ${koaPath}`), method, koaPath, schemas, responses)
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '警情通办 BFF API',
      version: info.version,
      description: `错误统一为 { error: { code, message, details } }。错误码与状态：${Object.entries(ERROR_STATUS)
        .map(([c, s]) => `${c} ${s}`)
        .join('，')}`,
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '工作人员令牌（钉钉/浙政钉免登）' },
        citizen: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '公众令牌（短信验证码登录，/api/public/…）' },
      },
    },
  }
}
