import type { AppDeps } from '../deps'
import { type DingTalkGateway, GatewayError } from '../dingtalk/gateway'
import { isDuplicateKey } from '../infra/errors'
import { chinaTime } from '../kernel/notice'
import { messageLinks } from './links'
import type { OutboxDoc, OutboxPlanDoc } from './model'
import { renderMessage } from './templates'

/** What one attempt achieved. */
export type DeliveryOutcome =
  | { kind: 'sent'; unreachable: OutboxPlanDoc['unreachable'] }
  | { kind: 'retry'; error: string }
  | { kind: 'failed'; error: string }
  /** the lease ran out mid-way: stop touching it, another worker takes over */
  | { kind: 'lease_lost' }

/**
 * Who gets this entry on the platform: our user ids → DingTalk userids / 浙政钉 accountIds, in chunks
 * the platform accepts. Resolved once and stored (insert-once), so a retry sends the same chunks.
 */
async function loadOrCreatePlan(deps: AppDeps, entry: OutboxDoc, gateway: DingTalkGateway): Promise<OutboxPlanDoc> {
  const { OutboxPlan, User } = deps.db.models
  const existing = await OutboxPlan.findById(entry._id).lean()
  if (existing) return existing
  const users = await User.find({ _id: { $in: entry.recipients } }).lean()
  const byId = new Map(users.map((u) => [u._id, u]))
  const externalIds = new Set<string>()
  const unreachable: OutboxPlanDoc['unreachable'] = []
  for (const userId of [...new Set(entry.recipients)]) {
    const user = byId.get(userId)
    const external = gateway.provider === 'dingtalk' ? user?.dingtalk?.userid : user?.zzd?.accountId
    if (!user) unreachable.push({ userId, reason: '用户不存在' })
    else if (!user.active) unreachable.push({ userId, reason: '账号已停用' })
    else if (external === undefined || external === '') unreachable.push({ userId, reason: `没有${gateway.provider === 'dingtalk' ? '钉钉' : '浙政钉'}账号` })
    else externalIds.add(String(external))
  }
  const sorted = [...externalIds].sort()
  const chunks: OutboxPlanDoc['chunks'] = []
  for (let i = 0; i < sorted.length; i += gateway.maxRecipientsPerCall) {
    chunks.push({ index: chunks.length, recipients: sorted.slice(i, i + gateway.maxRecipientsPerCall) })
  }
  const plan: OutboxPlanDoc = { _id: entry._id, provider: gateway.provider, chunks, unreachable, createdAt: deps.clock.now() }
  try {
    await OutboxPlan.create(plan)
    return plan
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const winner = await OutboxPlan.findById(entry._id).lean()
    if (!winner) throw err
    return winner
  }
}

/**
 * The platform may have taken the message although no answer told us so: a timeout, a dropped
 * connection, a 5xx, an answer without a task id. Refusals the platform answered with are certain.
 */
function outcomeUnknown(err: unknown): boolean {
  if (!(err instanceof GatewayError) || err.kind !== 'retryable') return false
  const code = err.platformCode ?? ''
  return code === '' || code === 'timeout' || code === 'network' || /^5\d\d$/.test(code)
}

/** 2026-11-27: the day DingTalk's same-content dedup counts in. */
const chinaDay = (at: Date) => chinaTime(at).slice(0, 10)

/** 浙政钉's idempotency key for one chunk: stable across attempts, one per chunk. */
export const bizMsgIdFor = (outboxId: string, chunk: number) => `${outboxId}#c${chunk}`

/**
 * Sends the chunks of one entry that have not been accepted yet. Runs only while the caller holds the
 * entry's lease (`leaseUntil`): the send records it writes have that one writer.
 */
export async function deliver(deps: AppDeps, entry: OutboxDoc, leaseUntil: Date): Promise<DeliveryOutcome> {
  const { OutboxSend } = deps.db.models
  const gateway = deps.gateway.primary
  const plan = await loadOrCreatePlan(deps, entry, gateway)
  if (plan.provider !== gateway.provider) return { kind: 'failed', error: `planned for ${plan.provider}, but the BFF now sends through ${gateway.provider}` }
  if (plan.chunks.length === 0) {
    return { kind: 'failed', error: `没有可送达的接收人：${plan.unreachable.map((u) => `${u.userId}（${u.reason}）`).join('、') || '接收人为空'}` }
  }

  let message: ReturnType<typeof renderMessage>
  try {
    message = renderMessage(
      {
        template: entry.template,
        data: entry.data,
        key: entry._id,
        queuedAt: entry.createdAt,
        links: messageLinks(deps.config, gateway.provider, entry.page),
      },
      deps.notices,
    )
  } catch (err) {
    return { kind: 'failed', error: (err as Error).message }
  }

  for (const chunk of plan.chunks) {
    if (deps.clock.now() >= leaseUntil) return { kind: 'lease_lost' }
    const id = bizMsgIdFor(entry._id, chunk.index)
    const record = await OutboxSend.findById(id).lean()
    if (record?.state === 'accepted') {
      // accepted by an attempt that was interrupted before it finished: check what became of it
      if (record.taskId && !record.delivery) await recordDelivery(deps, gateway, id, record.taskId)
      continue
    }
    const now = deps.clock.now()
    if (record && !record.lastTryRefused && gateway.provider === 'dingtalk' && chinaDay(record.startedAt) !== chinaDay(now)) {
      // The last try may have reached DingTalk, and its dedup of identical content has ended with the day:
      // a resend could show the notice twice. Better once (probably) than twice (certainly); it is recorded.
      const note = `上次发送（${chinaTime(record.startedAt)}）结果未知且已跨日，为避免重复不再重发`
      await OutboxSend.updateOne({ _id: id }, { $set: { state: 'accepted', acceptedAt: now, lastError: note } })
      deps.logger.warn({ sendId: id }, 'outbox: unknown outcome across midnight, not resent')
      continue
    }
    if (record) {
      await OutboxSend.updateOne({ _id: id }, { $set: { startedAt: now, lastTryRefused: false }, $inc: { tries: 1 } })
    } else {
      try {
        await OutboxSend.create({
          _id: id,
          outboxId: entry._id,
          chunk: chunk.index,
          provider: gateway.provider,
          bizMsgId: id,
          state: 'sending',
          tries: 1,
          startedAt: now,
        })
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
        // an earlier owner of this entry wrote it an instant ago: resend is safe (platform dedup)
      }
    }
    try {
      const { taskId } = await gateway.sendWorkNotification({ recipients: chunk.recipients, message, bizMsgId: id })
      await OutboxSend.updateOne({ _id: id }, { $set: { state: 'accepted', taskId, acceptedAt: deps.clock.now() }, $unset: { lastError: 1 } })
    } catch (err) {
      if (err instanceof GatewayError && err.kind === 'duplicate') {
        // 浙政钉 already has this bizMsgId: an earlier try got through and its answer was lost
        await OutboxSend.updateOne({ _id: id }, { $set: { state: 'accepted', acceptedAt: deps.clock.now(), lastError: err.message } })
        continue
      }
      const error = err instanceof Error ? err.message : String(err)
      await OutboxSend.updateOne({ _id: id }, { $set: { lastError: error, lastTryRefused: !outcomeUnknown(err) } })
      if (err instanceof GatewayError && !err.retryable) return { kind: 'failed', error: `第 ${chunk.index + 1} 批：${error}` }
      return { kind: 'retry', error }
    }
  }
  return { kind: 'sent', unreachable: plan.unreachable }
}

/** DingTalk getsendresult for an accepted chunk (浙政钉 has no such query): kept for the record. */
async function recordDelivery(deps: AppDeps, gateway: DingTalkGateway, sendId: string, taskId: string): Promise<void> {
  try {
    const result = await gateway.getSendResult(taskId)
    if (!result) return
    await deps.db.models.OutboxSend.updateOne(
      { _id: sendId },
      {
        $set: {
          delivery: {
            read: result.read.length,
            unread: result.unread.length,
            forbidden: result.forbidden.length,
            invalid: result.invalid.length,
            failed: result.failed.length,
            checkedAt: deps.clock.now(),
          },
        },
      },
    )
  } catch (err) {
    // the send itself was accepted; not knowing the per-user result is not a reason to resend
    deps.logger.warn({ sendId, err: (err as Error).message }, 'outbox: getsendresult failed')
  }
}
