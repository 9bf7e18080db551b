import type Router from '@koa/router'
import type { z } from 'zod'

/**
 * What a route takes and returns, declared next to the route so the OpenAPI document is generated
 * from the very zod schemas that validate the requests (GET /api/openapi.json).
 */
export interface RouteDescription {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch'
  /** koa-style path: /api/tasks/:id/claim */
  path: string
  tag: string
  summary: string
  /** JSON body schema and the component name it is published under */
  body?: z.ZodType
  bodyName?: string
  query?: z.ZodType
  /** multipart/form-data upload with one `file` part */
  multipart?: boolean
  /** name of a response component (openapi/components.ts), or a plain description */
  response: string
  status?: number
  /** error statuses besides 401 that this route can answer */
  errors?: number[]
  /** no login needed */
  public?: boolean
  /** signed-in citizens (bff/src/public), with the citizen token, not staff */
  audience?: 'citizen'
  /** binary answer (e.g. an image) */
  binary?: string
}

const registry = new WeakMap<Router, RouteDescription[]>()

export function describeRoute(router: Router, description: RouteDescription): void {
  const list = registry.get(router) ?? []
  list.push(description)
  registry.set(router, list)
}

export function describedRoutes(router: Router): RouteDescription[] {
  return registry.get(router) ?? []
}
