import { devAuthCodeBody, loginBody } from '@jqtb/shared'
import type Router from '@koa/router'
import type { AppDeps } from '../deps'
import { rateLimit } from '../infra/rate-limit'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { devAuthCode, loginWithAuthCode } from './commands'
import { currentUser, requireAuth } from './middleware'
import { presentAuthConfig } from './presenter'
import { me } from './queries'

export function authRoutes(router: Router, deps: AppDeps) {
  const { config } = deps

  /** What the mini-app needs before login: which platform's JSAPI to call and with which ids. */
  describeRoute(router, {
    method: 'get',
    path: '/api/auth/config',
    tag: 'auth',
    summary: '登录前的平台信息：provider（dingtalk | zhezhengding）、simulator、corpId、clientId',
    response: '{ provider, simulator, corpId, clientId }',
    public: true,
  })
  router.get('/api/auth/config', (ctx) => {
    ctx.body = presentAuthConfig(config)
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/auth/login',
    tag: 'auth',
    summary: '免登：用钉钉/浙政钉临时授权码换取登录令牌（401 AUTH_CODE_INVALID，403 USER_NOT_IN_ORG，502 UPSTREAM_FAILED）',
    body: loginBody,
    bodyName: 'LoginRequest',
    response: '{ token, expiresAt, user: { id, name, roles, roleLabels, title, territory: { code, name }, department: { code, name } | null } }',
    errors: [400, 403, 429],
    public: true,
  })
  // auth codes are single-use and short-lived, but a flood of guesses still costs platform calls
  const loginLimit = rateLimit({ name: 'login', max: 30, windowMs: 60_000, key: (ctx) => `ip:${ctx.ip}`, message: '登录尝试过于频繁，请一分钟后再试' }, deps)
  router.post('/api/auth/login', loginLimit, async (ctx) => {
    const input = parse(loginBody, ctx.request.body ?? {})
    ctx.body = await loginWithAuthCode(deps, input)
  })

  describeRoute(router, { method: 'get', path: '/api/me', tag: 'auth', summary: '当前登录用户', response: '与登录返回的 user 相同', errors: [403] })
  router.get('/api/me', requireAuth(deps), async (ctx) => {
    ctx.body = await me(deps, currentUser(ctx).id)
  })

  /** Simulator mode only: stands in for `dd.getAuthCode` in a plain browser (commands.ts devAuthCode). */
  if (config.dingtalk.simulator) {
    describeRoute(router, {
      method: 'post',
      path: '/api/dev/auth-code',
      tag: 'auth',
      summary: '仅模拟器模式：向钉钉模拟器为某个演示用户申请临时授权码（代替浏览器里的 dd.getAuthCode）',
      body: devAuthCodeBody,
      bodyName: 'DevAuthCodeRequest',
      response: '{ authCode }',
      errors: [400, 404],
      public: true,
    })
    router.post('/api/dev/auth-code', async (ctx) => {
      ctx.body = await devAuthCode(deps, parse(devAuthCodeBody, ctx.request.body ?? {}))
    })
  }
}
