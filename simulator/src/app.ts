import Router from '@koa/router'
import Koa from 'koa'

/** The DingTalk / 浙政钉 simulator (DINGTALK.md §4). */
export function createSimulatorApp(): Koa {
  const app = new Koa()
  const router = new Router()
  router.get('/__sim/health', (ctx) => {
    ctx.body = { status: 'ok' }
  })
  app.use(router.routes())
  app.use(router.allowedMethods())
  return app
}
