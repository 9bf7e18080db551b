/**
 * The channel systems' side of 非警务警情流转闭环: each channel (110, 12345 …) receives feedback at
 * `POST /channels/<channel>/feedback`, signed with the channel's key like its own pushes
 * (docs/intake.md#feedback). A feedback is applied once by its `feedbackId` (the `idempotency-key`
 * header): a copy sent again after a lost answer is answered 200 `duplicate: true` and not applied.
 * Faults are injected like the DingTalk endpoints' (`/__sim/faults` with endpoint `feedback`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { CHANNEL_CODES, type ChannelCode } from '@jqtb/shared'
import Router from '@koa/router'
import { rawBody } from '../http'
import { SIM_CHANNEL_KEYS } from './sign'

export interface ReceivedFeedback {
  receivedAt: string
  channel: ChannelCode
  feedbackId: string
  sourceId: string
  status: string
  statusLabel: string
  result: string
  unit: string
  at: string
  leadId?: string
  taskNo?: string
}

export class FeedbackInbox {
  /** applied feedback, in the order they arrived (each feedbackId once) */
  received: ReceivedFeedback[] = []
  /** copies of an applied feedback that arrived again (a retry after a lost answer) */
  duplicates = 0
  private ids = new Set<string>()

  apply(f: ReceivedFeedback): boolean {
    if (this.ids.has(f.feedbackId)) {
      this.duplicates++
      return false
    }
    this.ids.add(f.feedbackId)
    this.received.push(f)
    return true
  }

  clear(): void {
    this.received = []
    this.duplicates = 0
    this.ids.clear()
  }
}

const channelOf = (v: unknown): ChannelCode | undefined => ((CHANNEL_CODES as readonly unknown[]).includes(v) ? (v as ChannelCode) : undefined)

function verify(channel: ChannelCode, headers: Record<string, string | string[] | undefined>, path: string, body: string): string | null {
  const h = (k: string) => (typeof headers[k] === 'string' ? (headers[k] as string) : '')
  if (h('x-jqtb-key') !== SIM_CHANNEL_KEYS.id(channel)) return 'unknown key'
  const text = `${h('x-jqtb-timestamp')}\n${h('x-jqtb-nonce')}\nPOST\n${path}\n${createHash('sha256').update(body, 'utf8').digest('hex')}`
  const expected = Buffer.from(createHmac('sha256', SIM_CHANNEL_KEYS.secret(channel)).update(text, 'utf8').digest('base64'))
  const given = Buffer.from(h('x-jqtb-signature'))
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'bad signature'
}

/** `/channels/:channel/feedback` (behind the fault gate) — the receivers. */
export function feedbackReceiverRoutes(inbox: FeedbackInbox, clock: { now(): Date }): Router {
  const r = new Router()
  r.post('/:channel/feedback', async (ctx) => {
    const channel = channelOf(ctx.params.channel)
    const body = await rawBody(ctx)
    if (!channel) {
      ctx.status = 404
      ctx.body = { ok: false, error: 'no such channel' }
      return
    }
    const bad = verify(channel, ctx.headers, ctx.path, body)
    if (bad) {
      ctx.status = 401
      ctx.body = { ok: false, error: bad }
      return
    }
    let f: Record<string, unknown>
    try {
      f = JSON.parse(body)
    } catch {
      ctx.status = 400
      ctx.body = { ok: false, error: 'body is not JSON' }
      return
    }
    const feedbackId = String(ctx.get('idempotency-key') || f.feedbackId || '')
    if (!feedbackId || typeof f.sourceId !== 'string' || typeof f.status !== 'string') {
      ctx.status = 400
      ctx.body = { ok: false, error: 'feedbackId, sourceId and status are required' }
      return
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : '')
    const applied = inbox.apply({
      receivedAt: clock.now().toISOString(),
      channel,
      feedbackId,
      sourceId: f.sourceId,
      status: f.status,
      statusLabel: str(f.statusLabel),
      result: str(f.result),
      unit: str(f.unit),
      at: str(f.at),
      ...(typeof f.leadId === 'string' ? { leadId: f.leadId } : {}),
      ...(typeof f.taskNo === 'string' ? { taskNo: f.taskNo } : {}),
    })
    ctx.body = { ok: true, duplicate: !applied }
  })
  return r
}
