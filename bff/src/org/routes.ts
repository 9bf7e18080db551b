import { orgSyncBody } from '@jqtb/shared'
import type Router from '@koa/router'
import { currentUser, requireAuth } from '../auth/middleware'
import type { AppDeps } from '../deps'
import { DingTalkCallbackCrypto } from '../dingtalk/callback-crypto'
import { AppError } from '../infra/errors'
import { parse } from '../infra/validate'
import { actorOf } from '../kernel/actor'
import { describeRoute } from '../openapi/registry'
import { receiveDingTalkPush, syncOrg } from './commands'
import { assertCanReadNewcomers, assertCanSync } from './policy'
import { pendingNewcomers } from './queries'

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)

export function orgRoutes(router: Router, deps: AppDeps) {
  const { config } = deps

  /** Pull the address book from DingTalk / 浙政钉 now (admins). */
  describeRoute(router, {
    method: 'post',
    path: '/api/admin/org/sync',
    tag: 'org',
    summary: '管理员：从钉钉/浙政钉同步通讯录（更新姓名职务手机号，停用已离开的人，列出新成员）；最后一位管理员不停用，列在 kept',
    body: orgSyncBody,
    bodyName: 'OrgSyncRequest',
    response: '{ provider, departments, members, updated[], deactivated[], kept[], newcomers[] }',
    errors: [400, 403],
  })
  router.post('/api/admin/org/sync', requireAuth(deps), async (ctx) => {
    const user = currentUser(ctx)
    assertCanSync(user)
    const input = parse(orgSyncBody, ctx.request.body ?? {})
    ctx.body = await syncOrg(deps, input.provider, actorOf(user))
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
    assertCanReadNewcomers(currentUser(ctx))
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
      ctx.body = await receiveDingTalkPush(deps, crypto, { signature, timestamp, nonce, encrypt })
    })
  }
}
