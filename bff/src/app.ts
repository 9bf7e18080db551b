import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import Koa from 'koa'
import compress from 'koa-compress'
import serve from 'koa-static'
import type { AppDeps } from './deps'
import { DOMAINS } from './domains'
import { databaseDeadline } from './infra/db-availability'
import { httpMetrics } from './infra/metrics'
import { errorHandler, koaErrorListener, requestScope } from './infra/middleware'
import { securityHeaders } from './infra/security-headers'
import { answeringRequest } from './kernel/background'
import type { DomainModule } from './kernel/domain'

/** File names with a content hash (js/app.1a2b3c4d.js) never change: phones may keep them; index.html is always revalidated. */
function cacheHashedAssets(res: { setHeader(name: string, value: string): void }, path: string) {
  if (/\.[0-9a-f]{8}\.(js|css)$/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
}

/** The citizen's page (public-app) under /public/: nothing of the staff app is reachable from it. */
function servePublicApp(dir: string): Koa.Middleware {
  const files = serve(dir, { maxage: 0, gzip: false, setHeaders: cacheHashedAssets })
  return async (ctx, next) => {
    if (ctx.path === '/public') return ctx.redirect('/public/')
    if (!ctx.path.startsWith('/public/')) return next()
    const original = ctx.path
    ctx.path = ctx.path.slice('/public'.length)
    await files(ctx, async () => {})
    ctx.path = original
    if (ctx.body == null) {
      ctx.status = 404
      ctx.body = { error: { code: 'NOT_FOUND', message: '页面不存在' } }
    }
  }
}

/** Builds the HTTP app. Every middleware, in order, is in this one list. */
export function createApp(deps: AppDeps, domains: readonly DomainModule[] = DOMAINS): Koa {
  const app = new Koa({ proxy: deps.config.production })
  app.on('error', koaErrorListener(deps.logger))
  const router = new Router()
  for (const d of domains) d.routes?.(router, deps)

  app.use(requestScope(deps.logger))
  // deferred work (views, linking) yields to the requests being answered (kernel/background.ts)
  app.use(async (_ctx, next) => {
    const ended = answeringRequest()
    try {
      await next()
    } finally {
      ended()
    }
  })
  app.use(securityHeaders({ h5DistDir: deps.config.h5DistDir, frameAncestors: deps.config.frameAncestors }))
  app.use(httpMetrics(deps.metrics))
  // gzip JSON and the H5 bundle: a grid worker's first load on a weak village signal is mostly this
  app.use(compress({ threshold: 1024, br: false }))
  app.use(errorHandler(deps.logger))
  app.use(databaseDeadline(deps.db, deps.config.dbTimeoutMs, deps.logger))
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
  if (deps.config.publicAppDir) app.use(servePublicApp(deps.config.publicAppDir))
  if (deps.config.h5DistDir) app.use(serve(deps.config.h5DistDir, { maxage: 0, gzip: false, setHeaders: cacheHashedAssets }))
  return app
}
