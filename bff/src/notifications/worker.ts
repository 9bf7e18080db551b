import { createHash, randomUUID } from 'node:crypto'
import type { AppDeps } from '../deps'
import { isDatabaseUnavailable, isDuplicateKey } from '../infra/errors'
import type { PeriodicJob } from '../infra/scheduler'
import { deliver } from './delivery'
import type { OutboxAttemptDoc, OutboxDoc } from './model'

/**
 * The notification worker. Each entry's attempts form an append-only log (`outbox_attempts`,
 * `_id` = `<outboxId>#<n>`): a worker may send only after inserting attempt n+1, which exactly one
 * worker can do (docs/database.md#outbox-leases), so several BFF instances never send the same entry at
 * once. An attempt whose owner died is taken over when its lease runs out; chunks that were already
 * accepted are not sent again (delivery.ts).
 *
 * Before each attempt the domain that declared the template is asked whether the notice is still news
 * (kernel/notice.ts `NoticeRelevance`): one whose moment has passed — "please sign" for a task signed and
 * assigned since — is dropped, with the reason on the entry, instead of arriving late; time-sensitive
 * notices are also retried at most a couple of minutes apart instead of up to half an hour.
 */
export const OUTBOX_POLICY = {
  /** first retry after about 10 s, doubling, at most 30 min apart */
  baseDelayMs: 10_000,
  maxDelayMs: 30 * 60_000,
  /** then give up and record why (about 4 h of trying) */
  maxAttempts: 12,
  /** how long an attempt may take before another worker presumes its owner dead */
  leaseMs: 5 * 60_000,
  batchSize: 50,
  intervalMs: 2_000,
}

const attemptId = (outboxId: string, n: number) => `${outboxId}#${String(n).padStart(4, '0')}`

/**
 * Exponential backoff with a jitter of ±20 % that is fixed per entry and attempt (no thundering herd, reproducible
 * tests), capped at `maxDelayMs` (the template's own cap for time-sensitive notices).
 */
export function retryDelayMs(outboxId: string, attempt: number, maxDelayMs: number = OUTBOX_POLICY.maxDelayMs): number {
  const base = Math.min(OUTBOX_POLICY.baseDelayMs * 2 ** (attempt - 1), maxDelayMs, OUTBOX_POLICY.maxDelayMs)
  const jitter = createHash('sha1').update(`${outboxId}#${attempt}`).digest().readUInt16BE(0) / 0xffff
  return Math.round(base * (0.8 + 0.4 * jitter))
}

export interface OutboxRunReport {
  sent: number
  retried: number
  failed: number
  /** not sent because their moment had passed (the task moved on) */
  dropped: number
  /** due but leased by another worker, or its lease ran out mid-way */
  skipped: number
}

/** This process's name in the attempt log. */
const PROCESS_WORKER_ID = `bff-${process.pid}-${randomUUID().slice(0, 8)}`

type Projection = Pick<OutboxDoc, 'status' | 'attempts' | 'nextAttemptAt'> & Partial<Pick<OutboxDoc, 'lastError' | 'sentAt' | 'unreachable' | 'droppedReason'>>

/** The outbox document is a cache of the attempt log, rewritten by whoever learns something newer. */
async function project(deps: AppDeps, outboxId: string, fields: Projection): Promise<void> {
  await deps.db.models.Outbox.updateOne({ _id: outboxId }, { $set: { ...fields, updatedAt: deps.clock.now() } })
}

/** What the attempt log says about an entry right now. */
function stateOf(last: OutboxAttemptDoc | undefined, now: Date): 'send' | 'leased' | 'waiting' | 'sent' | 'failed' | 'dropped' {
  if (!last) return 'send'
  if (last.outcome === 'sent' || last.outcome === 'failed' || last.outcome === 'dropped') return last.outcome
  if (last.outcome === 'retry') return last.nextAttemptAt && last.nextAttemptAt > now ? 'waiting' : 'send'
  return last.leaseUntil > now ? 'leased' : 'send'
}

async function processEntry(deps: AppDeps, entry: OutboxDoc, workerId: string, report: OutboxRunReport): Promise<void> {
  const { OutboxAttempt } = deps.db.models
  const now = deps.clock.now()
  const log = await OutboxAttempt.find({ outboxId: entry._id }).sort({ n: 1 }).lean()
  const last = log.at(-1)
  const state = stateOf(last, now)
  if (state !== 'send') {
    // The projection is behind the log (its owner died between the two writes, or another worker is
    // at it right now). Repair what the log has settled; a live lease is left to its owner.
    if (state === 'sent' || state === 'failed') {
      await project(deps, entry._id, { status: state, attempts: log.length, nextAttemptAt: now, lastError: last?.error })
    } else if (state === 'dropped') {
      await project(deps, entry._id, { status: state, attempts: log.length, nextAttemptAt: now, droppedReason: last?.error })
    } else if (state === 'waiting') {
      await project(deps, entry._id, { status: 'pending', attempts: log.length, nextAttemptAt: last!.nextAttemptAt! })
    }
    report.skipped++
    return
  }

  const n = (last?.n ?? 0) + 1
  const leaseUntil = new Date(now.getTime() + OUTBOX_POLICY.leaseMs)
  try {
    await OutboxAttempt.create({ _id: attemptId(entry._id, n), outboxId: entry._id, n, owner: workerId, startedAt: now, leaseUntil })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    report.skipped++ // another worker won attempt n
    return
  }
  await project(deps, entry._id, { status: 'pending', attempts: n, nextAttemptAt: leaseUntil })

  const relevance = deps.noticeRelevance?.[entry.template]
  const stale = relevance?.staleReason
    ? await relevance.staleReason({
        key: entry._id,
        template: entry.template,
        recipients: entry.recipients,
        data: entry.data,
        subject: entry.subject,
        queuedAt: entry.createdAt,
      })
    : null
  if (stale) {
    const finishedAt = deps.clock.now()
    await OutboxAttempt.updateOne({ _id: attemptId(entry._id, n) }, { $set: { outcome: 'dropped', error: stale, finishedAt } })
    await project(deps, entry._id, { status: 'dropped', attempts: n, nextAttemptAt: finishedAt, droppedReason: stale })
    deps.logger.info({ outboxId: entry._id, template: entry.template, attempt: n, reason: stale }, 'notification dropped: its moment has passed')
    report.dropped++
    return
  }

  const outcome = await deliver(deps, entry, leaseUntil)
  const finishedAt = deps.clock.now()
  const own = attemptId(entry._id, n)
  if (outcome.kind === 'lease_lost') {
    report.skipped++
    return
  }
  if (outcome.kind === 'sent') {
    await OutboxAttempt.updateOne({ _id: own }, { $set: { outcome: 'sent', finishedAt } })
    await project(deps, entry._id, { status: 'sent', attempts: n, nextAttemptAt: finishedAt, sentAt: finishedAt, unreachable: outcome.unreachable })
    report.sent++
    return
  }
  const giveUp = outcome.kind === 'failed' || n >= OUTBOX_POLICY.maxAttempts
  if (giveUp) {
    const error = outcome.kind === 'failed' ? outcome.error : `重试 ${n} 次后放弃：${outcome.error}`
    await OutboxAttempt.updateOne({ _id: own }, { $set: { outcome: 'failed', error, finishedAt } })
    await project(deps, entry._id, { status: 'failed', attempts: n, nextAttemptAt: finishedAt, lastError: error })
    deps.logger.warn({ outboxId: entry._id, template: entry.template, attempts: n, error }, 'notification given up')
    report.failed++
    return
  }
  const nextAttemptAt = new Date(finishedAt.getTime() + retryDelayMs(entry._id, n, relevance?.maxRetryDelayMs))
  await OutboxAttempt.updateOne({ _id: own }, { $set: { outcome: 'retry', error: outcome.error, nextAttemptAt, finishedAt } })
  await project(deps, entry._id, { status: 'pending', attempts: n, nextAttemptAt, lastError: outcome.error })
  deps.logger.info({ outboxId: entry._id, attempt: n, nextAttemptAt, error: outcome.error }, 'notification will be retried')
  report.retried++
}

/**
 * One pass over the due entries, oldest first, one at a time (the platforms rate-limit per app, and
 * 浙政钉 asks for no parallel sending). Safe to run on several instances at once.
 */
export async function runOutboxOnce(deps: AppDeps, opts: { workerId?: string; limit?: number } = {}): Promise<OutboxRunReport> {
  const report: OutboxRunReport = { sent: 0, retried: 0, failed: 0, dropped: 0, skipped: 0 }
  const due = await deps.db.models.Outbox.find({ status: 'pending', nextAttemptAt: { $lte: deps.clock.now() } })
    .sort({ nextAttemptAt: 1, _id: 1 })
    .limit(opts.limit ?? OUTBOX_POLICY.batchSize)
    .lean()
  for (const entry of due) {
    try {
      await processEntry(deps, entry, opts.workerId ?? PROCESS_WORKER_ID, report)
    } catch (err) {
      // the database is away: stop the pass (the scheduler backs off); the entry's lease runs out and a later pass takes it up
      if (isDatabaseUnavailable(err)) throw err
      // anything else on one entry: logged; its lease runs out and a later pass takes it up again
      deps.logger.error({ err, outboxId: entry._id }, 'outbox entry failed unexpectedly')
      report.skipped++
    }
  }
  return report
}

export function outboxJob(deps: AppDeps): PeriodicJob {
  return { name: 'notification-outbox', intervalMs: OUTBOX_POLICY.intervalMs, run: () => runOutboxOnce(deps) }
}
