import { randomBytes } from 'node:crypto'
import type Router from '@koa/router'
import { z } from 'zod'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { DingTalkCallbackCrypto } from '../dingtalk/callback-crypto'
import { GatewayError, PROVIDERS, type ProviderName } from '../dingtalk/gateway'
import { AppError, forbidden, isDuplicateKey } from '../infra/errors'
import { parse } from '../infra/validate'
import { describeRoute } from '../openapi/registry'
import { type DingTalkEvent, handleDingTalkEvent } from './events'
import { orgPolicy } from './policy'
import { pendingNewcomers, syncOrg } from './sync'

const syncSchema = z.object({ provider: z.enum(PROVIDERS as [ProviderName, ...ProviderName[]]).optional() }).strict()

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)

/** A push whose signed timestamp is further than this from our clock is refused (a replay, or a broken clock). */
const CALLBACK_SKEW_MS = 10 * 60_000
const RECEIPT_KEEP_MS = 24 * 3_600_000

export function orgRoutes(router: Router, deps: AppDeps) {
  const { config } = deps
  const { CallbackReceipt } = deps.db.models

  /** Pull the address book from DingTalk / 浙政钉 now (admins). */
  describeRoute(router, {
    method: 'post',
    path: '/api/admin/org/sync',
    tag: 'org',
    summary: '管理员：从钉钉/浙政钉同步通讯录（更新姓名职务手机号，停用已离开的人，列出新成员）；最后一位管理员不停用，列在 kept',
    body: syncSchema,
    bodyName: 'OrgSyncRequest',
    response: '{ provider, departments, members, updated[], deactivated[], kept[], newcomers[] }',
    errors: [400, 403],
  })
  router.post('/api/admin/org/sync', requireAuth(deps), async (ctx) => {
    const user = currentUser(ctx)
    if (!orgPolicy.canSync(user)) throw forbidden('只有管理员可以同步组织架构')
    const input = parse(syncSchema, ctx.request.body ?? {})
    try {
      ctx.body = await syncOrg(deps, input.provider, { id: user.id, name: user.name })
    } catch (err) {
      if (err instanceof GatewayError) throw new AppError('UPSTREAM_FAILED', `通讯录同步失败，未做任何更改：${err.message}`)
      throw err
    }
  })

  describeRoute(router, {
    method: 'get',
    path: '/api/admin/org/newcomers',
    tag: 'org',
    summary: '最近一次通讯录同步发现、尚未加入的新成员（管理员、社治中心）；管理员用 POST /api/admin/people 加入',
    response: '{ run: { at, provider, by } | null, items: [{ provider, externalId, name, title, departments[] }] }',
    errors: [403],
  })
  router.get('/api/admin/org/newcomers', requireAuth(deps), async (ctx) => {
    if (!orgPolicy.canReadNewcomers(currentUser(ctx))) throw forbidden('只有管理员和社治中心可以查看通讯录新成员')
    ctx.body = await pendingNewcomers(deps)
  })

  /**
   * DingTalk event subscription (HTTP push, docs/dingtalk.md#event-push): signed and encrypted address-book events.
   * Exists only when the callback token and AES key are configured.
   */
  const { callbackToken, callbackAesKey } = config.dingtalk
  if (callbackToken && callbackAesKey) {
    const crypto = new DingTalkCallbackCrypto(callbackToken, callbackAesKey, config.dingtalk.appKey)
    describeRoute(router, {
      method: 'post',
      path: '/api/dingtalk/events',
      tag: 'org',
      summary: '钉钉事件订阅回调（加密推送：人员入职、变更、离职）；应答为加密的 success',
      response: '{ msg_signature, timeStamp, nonce, encrypt }',
      errors: [400, 403],
      public: true,
    })
    router.post('/api/dingtalk/events', async (ctx) => {
      const signature = str(ctx.query.msg_signature) ?? str(ctx.query.signature)
      const timestamp = str(ctx.query.timeStamp) ?? str(ctx.query.timestamp)
      const nonce = str(ctx.query.nonce)
      const encrypt = str((ctx.request.body as { encrypt?: unknown } | undefined)?.encrypt)
      if (!signature || !timestamp || !nonce || !encrypt) throw new AppError('VALIDATION_FAILED', '回调缺少 msg_signature、timeStamp、nonce 或 encrypt')
      if (!crypto.verify(signature, timestamp, nonce, encrypt)) throw forbidden('回调签名不正确')
      const now = deps.clock.now()
      if (!(Math.abs(now.getTime() - Number(timestamp)) <= CALLBACK_SKEW_MS)) throw forbidden('回调时间戳超出允许范围（重放或服务器时钟不准）')
      const receiptId = `${nonce}:${signature}`
      const reply = () => crypto.successReply(String(now.getTime()), randomBytes(6).toString('hex'))
      if (await CallbackReceipt.exists({ _id: receiptId })) {
        ctx.body = reply() // already applied: a replay or the platform's retry, acknowledged and not applied again
        return
      }
      let event: DingTalkEvent
      try {
        event = JSON.parse(crypto.decrypt(encrypt))
      } catch {
        throw new AppError('VALIDATION_FAILED', '回调内容无法解密')
      }
      if (typeof event?.EventType !== 'string') throw new AppError('VALIDATION_FAILED', '回调内容缺少 EventType')
      try {
        await handleDingTalkEvent(deps, event)
      } catch (err) {
        // not "success": DingTalk pushes the event again later
        if (err instanceof GatewayError) throw new AppError('UPSTREAM_FAILED', `处理钉钉事件时无法连接钉钉：${err.message}`)
        throw err
      }
      // recorded after the change is applied, so a push that failed half-way is applied again on retry
      await CallbackReceipt.create({ _id: receiptId, eventType: event.EventType, at: now }).catch((err) => {
        if (!isDuplicateKey(err)) throw err
      })
      await CallbackReceipt.deleteMany({ at: { $lt: new Date(now.getTime() - RECEIPT_KEEP_MS) } })
      ctx.body = reply()
    })
  }
}
