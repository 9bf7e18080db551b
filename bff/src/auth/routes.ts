import type Router from '@koa/router'
import { z } from 'zod'
import type { AppDeps } from '../deps'
import { PROVIDERS, type ProviderName } from '../dingtalk'
import { AppError, notFound } from '../infra/errors'
import { rateLimit } from '../infra/rate-limit'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { readPerson } from '../users/store'
import { loginWithAuthCode } from './login'
import { currentUser, requireAuth } from './middleware'
import { presentMe } from './presenter'

const providerSchema = z.enum(PROVIDERS as [ProviderName, ...ProviderName[]])

const loginSchema = z.object({ authCode: z.string().trim().min(1, '缺少授权码').max(512), provider: providerSchema.optional() }).strict()

const devAuthCodeSchema = z.object({ userId: z.string().min(1).max(64), provider: providerSchema.optional() }).strict()

export function authRoutes(router: Router, deps: AppDeps) {
  const { config, db } = deps

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
    const dingtalk = config.dingtalk.provider === 'dingtalk'
    ctx.body = {
      provider: config.dingtalk.provider,
      simulator: config.dingtalk.simulator,
      corpId: dingtalk ? config.dingtalk.corpId : config.zzd.tenantId,
      clientId: dingtalk ? config.dingtalk.appKey : config.zzd.appKey,
    }
  })

  describeRoute(router, {
    method: 'post',
    path: '/api/auth/login',
    tag: 'auth',
    summary: '免登：用钉钉/浙政钉临时授权码换取登录令牌（401 AUTH_CODE_INVALID，403 USER_NOT_IN_ORG，502 UPSTREAM_FAILED）',
    body: loginSchema,
    bodyName: 'LoginRequest',
    response: '{ token, expiresAt, user: { id, name, roles, roleLabels, title, territory: { code, name }, department: { code, name } | null } }',
    errors: [400, 403, 429],
    public: true,
  })
  // auth codes are single-use and short-lived, but a flood of guesses still costs platform calls
  const loginLimit = rateLimit({ name: 'login', max: 30, windowMs: 60_000, key: (ctx) => `ip:${ctx.ip}`, message: '登录尝试过于频繁，请一分钟后再试' }, deps)
  router.post('/api/auth/login', loginLimit, async (ctx) => {
    const input = parse(loginSchema, ctx.request.body ?? {})
    ctx.body = await loginWithAuthCode(deps, input)
  })

  describeRoute(router, { method: 'get', path: '/api/me', tag: 'auth', summary: '当前登录用户', response: '与登录返回的 user 相同', errors: [403] })
  router.get('/api/me', requireAuth(deps), async (ctx) => {
    const user = (await readPerson(db, currentUser(ctx).id))?.user
    if (!user) throw new AppError('USER_NOT_IN_ORG', '您的账号已停用或不在本单位通讯录中，请联系管理员')
    ctx.body = await presentMe(db, user)
  })

  /**
   * Simulator mode only: stands in for `dd.getAuthCode` in a plain browser. The simulator mints a real
   * auth code for the user's DingTalk or 浙政钉 identity; logging in with it is the real path.
   */
  if (config.dingtalk.simulator) {
    describeRoute(router, {
      method: 'post',
      path: '/api/dev/auth-code',
      tag: 'auth',
      summary: '仅模拟器模式：向钉钉模拟器为某个演示用户申请临时授权码（代替浏览器里的 dd.getAuthCode）',
      body: devAuthCodeSchema,
      bodyName: 'DevAuthCodeRequest',
      response: '{ authCode }',
      errors: [400, 404],
      public: true,
    })
    router.post('/api/dev/auth-code', async (ctx) => {
      const input = parse(devAuthCodeSchema, ctx.request.body ?? {})
      const provider = input.provider ?? config.dingtalk.provider
      const user = await db.models.User.findById(input.userId).lean()
      if (!user) throw notFound('用户')
      const identity = provider === 'dingtalk' ? { userid: user.dingtalk?.userid } : { accountId: user.zzd?.accountId }
      if (!Object.values(identity)[0]) throw new AppError('VALIDATION_FAILED', `${user.name}没有${provider === 'dingtalk' ? '钉钉' : '浙政钉'}账号`)
      let res: Response
      try {
        res = await fetch(`${config.dingtalk.simulatorUrl}/__sim/authcode`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ platform: provider, ...identity }),
          signal: AbortSignal.timeout(config.dingtalk.timeoutMs),
        })
      } catch {
        throw new AppError('UPSTREAM_FAILED', '钉钉模拟器没有响应，请确认它已启动（npm start 会启动它）')
      }
      const body = (await res.json().catch(() => ({}))) as { authCode?: string }
      if (!res.ok || !body.authCode) throw new AppError('UPSTREAM_FAILED', `钉钉模拟器拒绝签发授权码（HTTP ${res.status}）`)
      ctx.body = { authCode: body.authCode }
    })
  }
}
