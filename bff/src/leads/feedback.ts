/**
 * 非警务警情流转闭环: feedback to the channel a record came from (docs/intake.md#feedback-to-the-source-channel). A move of a
 * lead (converted, attached, returned, transferred, refused, resolved) or of its task (signed, closed,
 * cancelled) queues one feedback per record of a channel that wants it — an insert keyed by the record
 * and the move, so a repair or a second instance queues nothing twice. The worker sends with the
 * outbox's guarantees (docs/database.md#outbox-leases): an attempt is sent only by whoever inserted
 * `<id>#<n>`, retried with backoff, given up after 12 tries; the receiver keeps the first copy of a
 * `feedbackId` (a lost answer is sent again and answered as a duplicate), so the channel applies it once.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { type FeedbackMove, feedbackRecord, feedbackTargets, type LeadEvent, type LeadState, type TaskEvent, type TaskState } from '@jqtb/shared'
import { isDuplicateKey } from '../infra/errors'
import type { PeriodicJob } from '../infra/scheduler'
import type { ChannelKeyDoc } from '../intake/model'
import { sign, stringToSign } from '../intake/signing'
import { decryptValue } from '../kernel/pii'
import { retryDelayMs } from '../notifications/worker'
import type { LeadFeedbackAttemptDoc, LeadFeedbackDoc } from './model'
import type { LeadDeps } from './store'

export const FEEDBACK_POLICY = { maxAttempts: 12, leaseMs: 2 * 60_000, batchSize: 50, intervalMs: 3000, timeoutMs: 10_000 }
const WORKER_ID = `bff-${process.pid}-${randomUUID().slice(0, 8)}`
const attemptId = (id: string, n: number) => `${id}#${String(n).padStart(4, '0')}`

type Cause = Parameters<typeof feedbackRecord>[0]['cause']

/** Queues the feedback of one move for the records that want it (idempotent). */
export async function queueFeedback(
  deps: LeadDeps,
  p: { sourceKeys: readonly string[]; cause: Cause; move: FeedbackMove; at: Date; leadId: string; taskNo?: string },
): Promise<number> {
  let queued = 0
  for (const t of feedbackTargets(p.sourceKeys)) {
    const record = feedbackRecord({ sourceKey: t.sourceKey, cause: p.cause, move: p.move, at: p.at, leadId: p.leadId, taskNo: p.taskNo })
    const doc: LeadFeedbackDoc = {
      _id: record.feedbackId,
      channel: t.channel,
      record,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: deps.clock.now(),
      createdAt: deps.clock.now(),
    }
    try {
      await deps.db.models.LeadFeedback.collection.insertOne(doc as never)
      queued++
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  return queued
}

/** The move a lead event tells its channels, if any. */
export function leadMove(e: LeadEvent): FeedbackMove | null {
  switch (e.type) {
    case 'converted':
      return { kind: 'lead', type: 'converted', taskNo: e.data.taskNo, ...(e.data.routedTo ? { routedTo: e.data.routedTo } : {}) }
    case 'attached':
      return { kind: 'lead', type: 'attached', taskNo: e.data.taskNo }
    case 'returned':
    case 'transferred':
      return { kind: 'lead', type: e.type, to: e.data.to, reason: e.data.reason }
    case 'refused':
    case 'resolved':
      return { kind: 'lead', type: e.type, reason: e.data.reason }
    default:
      return null
  }
}

/** Called when a lead event settles (before its projection is written, so a repair queues it again). */
export async function queueLeadFeedback(deps: LeadDeps, state: LeadState, e: LeadEvent): Promise<void> {
  const move = leadMove(e)
  if (!move) return
  const taskNo = 'taskNo' in e.data ? (e.data.taskNo as string) : state.taskNo
  await queueFeedback(deps, {
    sourceKeys: state.sourceKeys,
    cause: { eventId: `${e.leadId}:${e.seq}` },
    move,
    at: new Date(e.at),
    leadId: e.leadId,
    ...(taskNo ? { taskNo } : {}),
  })
}

interface Outcome {
  ok: boolean
  error?: string
}

async function activeKey(deps: LeadDeps, channel: string): Promise<{ id: string; secret: string } | null> {
  const keys = await deps.db.models.ChannelKey.find({ channel: channel as ChannelKeyDoc['channel'] })
    .sort({ createdAt: -1, _id: -1 })
    .lean<ChannelKeyDoc[]>()
  for (const k of keys) {
    if (k.revokedAt) continue
    const secret = decryptValue(deps.piiKey, 'channel-key', k.secretEnc)
    if (secret) return { id: k._id, secret }
  }
  return null
}

/** POSTs one feedback to its channel, signed like the channel's own pushes (same key, same headers). */
async function post(deps: LeadDeps, doc: LeadFeedbackDoc): Promise<Outcome> {
  if (!deps.feedbackUrl) return { ok: false, error: '未配置 INTAKE_FEEDBACK_URL' }
  const key = await activeKey(deps, doc.channel)
  if (!key) return { ok: false, error: `渠道 ${doc.channel} 没有可用的接口密钥` }
  const url = new URL(`${deps.feedbackUrl}/${doc.channel}/feedback`)
  const body = JSON.stringify(doc.record)
  const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000))
  const nonce = randomBytes(16).toString('hex')
  const signature = sign(key.secret, stringToSign({ timestamp, nonce, method: 'POST', path: url.pathname, body }))
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': doc._id,
        'x-jqtb-key': key.id,
        'x-jqtb-timestamp': timestamp,
        'x-jqtb-nonce': nonce,
        'x-jqtb-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(FEEDBACK_POLICY.timeoutMs),
    })
    if (res.ok) return { ok: true }
    return { ok: false, error: `HTTP ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}` }
  } catch (err) {
    return { ok: false, error: (err as Error).message }
  }
}

async function lastAttempt(deps: LeadDeps, id: string): Promise<LeadFeedbackAttemptDoc | null> {
  let last: LeadFeedbackAttemptDoc | null = null
  for (let n = 1; n <= FEEDBACK_POLICY.maxAttempts + 2; n++) {
    const a = await deps.db.models.LeadFeedbackAttempt.findById(attemptId(id, n)).lean<LeadFeedbackAttemptDoc>()
    if (!a) break
    last = a
  }
  return last
}

async function cache(deps: LeadDeps, id: string, fields: Partial<LeadFeedbackDoc>) {
  await deps.db.models.LeadFeedback.updateOne({ _id: id }, { $set: fields })
}

/** One entry: read its attempts, take the next one (the lease), send, record the outcome. */
export async function sendFeedback(deps: LeadDeps, doc: LeadFeedbackDoc): Promise<'sent' | 'retry' | 'failed' | 'skipped'> {
  const now = deps.clock.now()
  const last = await lastAttempt(deps, doc._id)
  if (last?.outcome === 'sent' || last?.outcome === 'failed') {
    await cache(deps, doc._id, { status: last.outcome, attempts: last.n, ...(last.outcome === 'sent' ? { sentAt: last.at } : {}) })
    return 'skipped'
  }
  if (last && !last.outcome && last.leaseUntil > now) return 'skipped'
  if (last?.outcome === 'retry' && last.nextAttemptAt && last.nextAttemptAt > now) {
    await cache(deps, doc._id, { status: 'pending', attempts: last.n, nextAttemptAt: last.nextAttemptAt })
    return 'skipped'
  }
  const n = (last?.n ?? 0) + 1
  const lease: LeadFeedbackAttemptDoc = {
    _id: attemptId(doc._id, n),
    feedbackId: doc._id,
    n,
    worker: WORKER_ID,
    at: now,
    leaseUntil: new Date(now.getTime() + FEEDBACK_POLICY.leaseMs),
  }
  try {
    await deps.db.models.LeadFeedbackAttempt.collection.insertOne(lease as never)
  } catch (err) {
    if (isDuplicateKey(err)) return 'skipped'
    throw err
  }
  const out = await post(deps, doc)
  if (out.ok) {
    await deps.db.models.LeadFeedbackAttempt.updateOne({ _id: lease._id }, { $set: { outcome: 'sent' } })
    await cache(deps, doc._id, { status: 'sent', attempts: n, sentAt: deps.clock.now() })
    return 'sent'
  }
  if (n >= FEEDBACK_POLICY.maxAttempts) {
    await deps.db.models.LeadFeedbackAttempt.updateOne({ _id: lease._id }, { $set: { outcome: 'failed', error: out.error } })
    await cache(deps, doc._id, { status: 'failed', attempts: n, lastError: out.error })
    deps.logger.error({ feedbackId: doc._id, error: out.error }, 'feedback to the source channel given up')
    return 'failed'
  }
  const next = new Date(deps.clock.now().getTime() + retryDelayMs(doc._id, n))
  await deps.db.models.LeadFeedbackAttempt.updateOne({ _id: lease._id }, { $set: { outcome: 'retry', error: out.error, nextAttemptAt: next } })
  await cache(deps, doc._id, { status: 'pending', attempts: n, nextAttemptAt: next, lastError: out.error })
  return 'retry'
}

export interface FeedbackRunReport {
  sent: number
  retried: number
  failed: number
  skipped: number
}

/** Sends what is due (also entries whose cache says pending after their sender died: the lease decides). */
export async function runFeedback(deps: LeadDeps): Promise<FeedbackRunReport> {
  const report: FeedbackRunReport = { sent: 0, retried: 0, failed: 0, skipped: 0 }
  const due = await deps.db.models.LeadFeedback.find({ status: 'pending', nextAttemptAt: { $lte: deps.clock.now() } })
    .sort({ nextAttemptAt: 1, _id: 1 })
    .limit(FEEDBACK_POLICY.batchSize)
    .lean<LeadFeedbackDoc[]>()
  for (const doc of due) {
    const r = await sendFeedback(deps, doc)
    if (r === 'sent') report.sent++
    else if (r === 'retry') report.retried++
    else if (r === 'failed') report.failed++
    else report.skipped++
  }
  return report
}

export const feedbackJob = (deps: LeadDeps): PeriodicJob => ({ name: 'leads-feedback', intervalMs: FEEDBACK_POLICY.intervalMs, run: () => runFeedback(deps) })

/** A task made from a lead or with leads added to it: signed for (or first claimed), closed, cancelled — their records' channels are told. */
export async function queueTaskFeedback(deps: LeadDeps, event: TaskEvent, after: TaskState): Promise<void> {
  const move = taskMove(event, after)
  if (!move) return
  // the lead the task was made from, and every lead added to it later (并入已有工单), each in its own name
  for (const source of [after.source, ...(after.attachedSources ?? [])]) {
    if (!source || !feedbackTargets(source.records).length) continue
    await queueFeedback(deps, { sourceKeys: source.records, at: new Date(event.at), leadId: source.leadId, taskNo: after.taskNo, ...move })
  }
}

/** The move a task event tells its channels, if any (签收 or 认领, 办结, 撤销). */
function taskMove(event: TaskEvent, after: TaskState): { cause: Cause; move: FeedbackMove } | null {
  const unit = after.department?.name ?? after.territory.name
  if (event.type === 'signed' || event.type === 'claimed') {
    const who = event.type === 'claimed' ? (after.holders?.[0]?.name ?? unit) : unit
    return { cause: { taskId: after.id, status: 'signed' }, move: { kind: 'task', type: 'signed', unit: who } }
  }
  if (event.type === 'accepted') {
    const move: FeedbackMove = {
      kind: 'task',
      type: 'accepted',
      closureCode: event.data.closureCode,
      unit,
      ...(event.data.note ? { note: event.data.note } : {}),
    }
    return { cause: { eventId: `${after.id}:${event.seq}` }, move }
  }
  if (event.type === 'cancelled') {
    return {
      cause: { eventId: `${after.id}:${event.seq}` },
      move: { kind: 'task', type: 'cancelled', closureCode: event.data.closureCode, reason: event.data.reason, unit },
    }
  }
  return null
}
