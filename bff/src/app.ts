import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import Koa from 'koa'
import serve from 'koa-static'
import { authRoutes } from './auth/routes'
import type { AppDeps } from './deps'
import { fileRoutes } from './files/routes'
import { healthRoutes } from './health/routes'
import { errorHandler, requestScope } from './infra/middleware'
import { notificationRoutes } from './notifications/routes'
import { openapiRoutes } from './openapi/routes'
import { orgRoutes } from './org/routes'
import { pointsRoutes } from './points/routes'
import { settingsRoutes } from './settings/routes'
import { taskRoutes } from './tasks/routes'
import { territoryRoutes } from './territory/routes'
import { userRoutes } from './users/routes'

/** Builds the HTTP app. Every middleware, in order, is in this one list. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: deps.config.production })
  const router = new Router()
  healthRoutes(router, deps)
  territoryRoutes(router, deps)
  userRoutes(router, deps)
  authRoutes(router, deps)
  notificationRoutes(router, deps)
  orgRoutes(router, deps)
  taskRoutes(router, deps)
  fileRoutes(router, deps)
  settingsRoutes(router, deps)
  pointsRoutes(router, deps)
  openapiRoutes(router, deps)

  app.use(requestScope(deps.logger))
  app.use(errorHandler(deps.logger))
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: '1mb',
      onError: (err) => {
        throw err
      },
    }),
  )
  app.use(router.routes())
  app.use(router.allowedMethods())
  if (deps.config.h5DistDir) app.use(serve(deps.config.h5DistDir, { maxage: 0, gzip: false }))
  return app
}
