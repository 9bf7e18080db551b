/**
 * The SMS worker: the notification outbox's design (docs/database.md#outbox-leases) applied to an SMS
 * provider. Each entry's attempts are an append-only log (`sms_attempts`, `<key>#<n>`): a worker may
 * send only after inserting attempt n+1, which one worker can do. The send record (`sms_sends`) is
 * written before the provider is called; a try whose answer was lost is looked up in the provider's
 * records by its OutId before anything is sent again, so a message goes out once (docs/sms.md).
 * A second job collects delivery receipts for accepted messages.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { PeriodicJob } from '../infra/scheduler'
import { chinaTime } from '../kernel/notice'
import { decryptPhone } from '../kernel/phone'
import { aliyunSmsGateway } from './aliyun'
import { OFF_GATEWAY, type SmsGateway, SmsGatewayError } from './gateway'
import type { SmsAttemptDoc, SmsOutboxDoc } from './model'
import { renderSms, type SmsTemplates } from './templates'

export const SMS_POLICY = {
  /** first retry after about 10 s, doubling, at most 30 min apart, given up after 12 attempts (about 4 h) */
  baseDelayMs: 10_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 12,
  leaseMs: 5 * 60_000,
  /** a try whose answer was lost is looked up this long before it may be sent again (provider records lag) */
  reconcileAfterMs: 60_000,
  batchSize: 50,
  intervalMs: 2_000,
  /** receipts are asked for this long after a send */
  receiptWindowMs: 72 * 3_600_000,
  receiptIntervalMs: 30_000,
}

const attemptId = (smsId: string, n: number) => `${smsId}#${String(n).padStart(4, '0')}`
/** The OutId the provider echoes back: stable for an entry, short enough for every provider. */
export const outIdFor = (key: string) => createHash('sha1').update(key).digest('hex').slice(0, 32)
const chinaDay = (at: Date) => chinaTime(at).slice(0, 10).replace(/-/g, '')

export function retryDelayMs(smsId: string, attempt: number): number {
  const base = Math.min(SMS_POLICY.baseDelayMs * 2 ** (attempt - 1), SMS_POLICY.maxDelayMs)
  const jitter = createHash('sha1').update(`${smsId}#${attempt}`).digest().readUInt16BE(0) / 0xffff
  return Math.round(base * (0.8 + 0.4 * jitter))
}

export function smsGatewayFor(deps: Pick<AppDeps, 'config' | 'clock'>): SmsGateway {
  const c = deps.config.sms
  return c.provider === 'aliyun' ? aliyunSmsGateway(c, deps.clock) : OFF_GATEWAY
}

/** The provider's code for one of our templates; the simulator takes `SMS_SIM_<NAME>` when none is configured. */
export function templateCode(config: AppDeps['config'], template: string): string | undefined {
  return config.sms.templateCodes[template] ?? (config.sms.simulator ? `SMS_SIM_${template.toUpperCase()}` : undefined)
}

/** Simulator only: tells it the text of every template (a real provider has them approved in its console). */
const registered = new Map<string, Promise<void>>()
function registerWithSimulator(deps: AppDeps, templates: SmsTemplates): Promise<void> {
  const url = `${deps.config.dingtalk.simulatorUrl}/__sim/sms/templates`
  let p = registered.get(url)
  if (!p) {
    const items = Object.entries(templates).map(([name, t]) => ({ code: templateCode(deps.config, name), text: t.text }))
    p = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }), signal: AbortSignal.timeout(5000) })
      .then((r) => {
        if (!r.ok) throw new Error(`simulator refused the SMS templates (HTTP ${r.status})`)
      })
      .catch((err) => {
        registered.delete(url)
        throw err
      })
    registered.set(url, p)
  }
  return p
}

type Outcome = { kind: 'sent' } | { kind: 'retry'; error: string } | { kind: 'failed'; error: string }

async function deliver(deps: AppDeps, gateway: SmsGateway, entry: SmsOutboxDoc, templates: SmsTemplates): Promise<Outcome> {
  const { SmsSend } = deps.db.models
  const record = await SmsSend.findById(entry._id).lean()
  if (record?.state === 'accepted') return { kind: 'sent' }
  let phone: string
  try {
    phone = decryptPhone(deps.config.piiKey, entry.phoneEnc)
  } catch (err) {
    return { kind: 'failed', error: err instanceof AppError ? err.message : String(err) }
  }
  const code = templateCode(deps.config, entry.template)
  if (!code && gateway.provider !== 'off') return { kind: 'failed', error: `未配置短信模板代码：请在 SMS_TEMPLATE_CODES 中填写 ${entry.template}` }
  const now = deps.clock.now()
  const outId = outIdFor(entry._id)

  if (record?.uncertainDays?.length) {
    // an earlier try may have gone through without our hearing of it: the provider's records decide
    try {
      for (const day of record.uncertainDays) {
        const found = (await gateway.query(phone, day)).find((r) => r.outId === outId)
        if (found) {
          await SmsSend.updateOne(
            { _id: entry._id },
            { $set: { state: 'accepted', bizId: found.bizId, acceptedAt: now, uncertainDays: [], lastError: '上次发送的应答丢失，已在服务商记录中找到' } },
          )
          return { kind: 'sent' }
        }
      }
    } catch (err) {
      return { kind: 'retry', error: `无法核对上次发送结果：${(err as Error).message}` }
    }
    if (now.getTime() - new Date(record.startedAt).getTime() < SMS_POLICY.reconcileAfterMs) {
      return { kind: 'retry', error: '上次发送结果未知，稍后核对服务商记录后再决定是否重发' }
    }
  }

  if (deps.config.sms.simulator && gateway.provider === 'aliyun') {
    try {
      await registerWithSimulator(deps, templates)
    } catch (err) {
      return { kind: 'retry', error: (err as Error).message }
    }
  }
  const day = chinaDay(now)
  if (record) {
    await SmsSend.updateOne({ _id: entry._id }, { $set: { startedAt: now, day, lastTryRefused: false, uncertainDays: [] }, $inc: { tries: 1 } })
  } else {
    try {
      await SmsSend.create({ _id: entry._id, outId, provider: gateway.provider, state: 'sending', tries: 1, startedAt: now, day, uncertainDays: [] })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  try {
    const { bizId } = await gateway.send({ phone, signName: deps.config.sms.signName, templateCode: code ?? '', params: entry.data, outId })
    await SmsSend.updateOne(
      { _id: entry._id },
      { $set: { state: 'accepted', bizId, acceptedAt: deps.clock.now(), uncertainDays: [] }, $unset: { lastError: 1 } },
    )
    return { kind: 'sent' }
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err)
    const unknown = err instanceof SmsGatewayError ? err.outcomeUnknown : true
    await SmsSend.updateOne({ _id: entry._id }, { $set: { lastError: error, lastTryRefused: !unknown, uncertainDays: unknown ? [day] : [] } })
    if (err instanceof SmsGatewayError && err.kind === 'permanent') return { kind: 'failed', error }
    return { kind: 'retry', error }
  }
}

/** The outbox entry is a cache of the attempt log. */
async function project(deps: AppDeps, id: string, fields: Partial<SmsOutboxDoc>) {
  await deps.db.models.SmsOutbox.updateOne({ _id: id }, { $set: { ...fields, updatedAt: deps.clock.now() } })
}

function stateOf(last: SmsAttemptDoc | undefined, now: Date): 'send' | 'leased' | 'waiting' | 'sent' | 'failed' {
  if (!last) return 'send'
  if (last.outcome === 'sent' || last.outcome === 'failed') return last.outcome
  if (last.outcome === 'retry') return last.nextAttemptAt && last.nextAttemptAt > now ? 'waiting' : 'send'
  return last.leaseUntil > now ? 'leased' : 'send'
}

export interface SmsRunReport {
  sent: number
  retried: number
  failed: number
  skipped: number
}

const PROCESS_WORKER_ID = `bff-${process.pid}-${randomUUID().slice(0, 8)}`

async function processEntry(deps: AppDeps, gateway: SmsGateway, templates: SmsTemplates, entry: SmsOutboxDoc, workerId: string, report: SmsRunReport) {
  const { SmsAttempt } = deps.db.models
  const now = deps.clock.now()
  const log = await SmsAttempt.find({ smsId: entry._id }).sort({ n: 1 }).lean()
  const last = log.at(-1)
  const state = stateOf(last, now)
  if (state !== 'send') {
    if (state === 'sent' || state === 'failed')
      await project(deps, entry._id, { status: state, attempts: log.length, nextAttemptAt: now, lastError: last?.error })
    else if (state === 'waiting') await project(deps, entry._id, { status: 'pending', attempts: log.length, nextAttemptAt: last!.nextAttemptAt! })
    report.skipped++
    return
  }
  const n = (last?.n ?? 0) + 1
  const leaseUntil = new Date(now.getTime() + SMS_POLICY.leaseMs)
  try {
    await SmsAttempt.create({ _id: attemptId(entry._id, n), smsId: entry._id, n, owner: workerId, startedAt: now, leaseUntil })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    report.skipped++
    return
  }
  await project(deps, entry._id, { status: 'pending', attempts: n, nextAttemptAt: leaseUntil })
  const outcome = await deliver(deps, gateway, entry, templates)
  const finishedAt = deps.clock.now()
  const own = attemptId(entry._id, n)
  if (outcome.kind === 'sent') {
    await SmsAttempt.updateOne({ _id: own }, { $set: { outcome: 'sent', finishedAt } })
    await project(deps, entry._id, { status: 'sent', attempts: n, nextAttemptAt: finishedAt, sentAt: finishedAt })
    report.sent++
    return
  }
  if (outcome.kind === 'failed' || n >= SMS_POLICY.maxAttempts) {
    const error = outcome.kind === 'failed' ? outcome.error : `重试 ${n} 次后放弃：${outcome.error}`
    await SmsAttempt.updateOne({ _id: own }, { $set: { outcome: 'failed', error, finishedAt } })
    await project(deps, entry._id, { status: 'failed', attempts: n, nextAttemptAt: finishedAt, lastError: error })
    deps.logger.warn({ smsId: entry._id, template: entry.template, attempts: n, error }, 'sms given up')
    report.failed++
    return
  }
  const nextAttemptAt = new Date(finishedAt.getTime() + retryDelayMs(entry._id, n))
  await SmsAttempt.updateOne({ _id: own }, { $set: { outcome: 'retry', error: outcome.error, nextAttemptAt, finishedAt } })
  await project(deps, entry._id, { status: 'pending', attempts: n, nextAttemptAt, lastError: outcome.error })
  report.retried++
}

/** One pass over the due entries, oldest first, one at a time. Safe on several instances at once. */
export async function runSmsOnce(
  deps: AppDeps,
  templates: SmsTemplates,
  opts: { workerId?: string; limit?: number; gateway?: SmsGateway } = {},
): Promise<SmsRunReport> {
  const gateway = opts.gateway ?? smsGatewayFor(deps)
  const report: SmsRunReport = { sent: 0, retried: 0, failed: 0, skipped: 0 }
  const due = await deps.db.models.SmsOutbox.find({ status: 'pending', nextAttemptAt: { $lte: deps.clock.now() } })
    .sort({ nextAttemptAt: 1, _id: 1 })
    .limit(opts.limit ?? SMS_POLICY.batchSize)
    .lean()
  for (const entry of due) {
    try {
      await processEntry(deps, gateway, templates, entry, opts.workerId ?? PROCESS_WORKER_ID, report)
    } catch (err) {
      deps.logger.error({ err, smsId: entry._id }, 'sms entry failed unexpectedly')
      report.skipped++
    }
  }
  return report
}

/** Delivery receipts: accepted messages of the last 72 h whose fate the carrier has not reported yet. */
export async function collectReceipts(deps: AppDeps, opts: { gateway?: SmsGateway } = {}): Promise<number> {
  const gateway = opts.gateway ?? smsGatewayFor(deps)
  const { SmsSend, SmsOutbox } = deps.db.models
  const now = deps.clock.now()
  const open = await SmsSend.find({ state: 'accepted', acceptedAt: { $gte: new Date(now.getTime() - SMS_POLICY.receiptWindowMs) } })
    .sort({ acceptedAt: 1, _id: 1 })
    .limit(200)
    .lean()
  let updated = 0
  for (const send of open) {
    if (send.receipt?.status === 'delivered' || send.receipt?.status === 'failed') continue
    const entry = await SmsOutbox.findById(send._id).lean()
    if (!entry) continue
    try {
      const phone = decryptPhone(deps.config.piiKey, entry.phoneEnc)
      const found = (await gateway.query(phone, send.day, send.bizId)).find((r) => r.outId === send.outId || (send.bizId && r.bizId === send.bizId))
      if (!found) continue
      await SmsSend.updateOne({ _id: send._id }, { $set: { receipt: { status: found.status, errCode: found.errCode, at: found.at, checkedAt: now } } })
      updated++
    } catch (err) {
      deps.logger.warn({ smsId: send._id, err: (err as Error).message }, 'sms receipt query failed')
    }
  }
  return updated
}

export function smsJobs(deps: AppDeps, templates: SmsTemplates): PeriodicJob[] {
  return [
    { name: 'sms-outbox', intervalMs: SMS_POLICY.intervalMs, run: () => runSmsOnce(deps, templates) },
    { name: 'sms-receipts', intervalMs: SMS_POLICY.receiptIntervalMs, run: () => collectReceipts(deps) },
  ]
}

export { renderSms }
