/**
 * `/__sim/intake/*`: drive the simulated channel systems — replay recent records into the BFF (what
 * `npm start` does), push given records now, see what was pushed and how the BFF answered.
 */
import { CHANNEL_CODES, type ChannelCode } from '@jqtb/shared'
import Router from '@koa/router'
import type { Context } from 'koa'
import { rawBody } from '../http'
import type { SimState } from '../state'

async function json(ctx: Context): Promise<Record<string, unknown>> {
  const text = await rawBody(ctx)
  if (!text) return {}
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {}
  } catch {
    ctx.throw(400, 'body is not JSON')
  }
}

const channelOf = (v: unknown): ChannelCode | undefined => ((CHANNEL_CODES as readonly unknown[]).includes(v) ? (v as ChannelCode) : undefined)

export function intakeControlRoutes(state: SimState, opts: { bffUrl?: string }): Router {
  const r = new Router({ prefix: '/__sim/intake' })
  const bffOf = (body: Record<string, unknown>) => (typeof body.bffUrl === 'string' && body.bffUrl) || opts.bffUrl

  r.get('/', (ctx) => {
    ctx.body = state.channels.status()
  })

  r.post('/replay', async (ctx) => {
    const body = await json(ctx)
    const bffUrl = bffOf(body)
    if (!bffUrl) {
      ctx.status = 400
      ctx.body = { error: 'bffUrl is required (or start the simulator with JQTB_BFF_URL)' }
      return
    }
    const channel = body.channel === undefined ? undefined : channelOf(body.channel)
    if (body.channel !== undefined && !channel) {
      ctx.status = 400
      ctx.body = { error: `channel must be one of ${CHANNEL_CODES.join(', ')}` }
      return
    }
    ctx.body = state.channels.startReplay({
      bffUrl,
      ...(channel ? { channel } : {}),
      ...(typeof body.count === 'number' ? { count: Math.min(500, Math.max(1, body.count)) } : {}),
      ...(typeof body.intervalMs === 'number' ? { intervalMs: Math.max(0, body.intervalMs) } : {}),
      ...(typeof body.seed === 'number' ? { seed: body.seed } : {}),
    })
  })

  /** feedback the channels received (非警务警情流转闭环), newest first; `?channel=110` for one */
  r.get('/feedback', (ctx) => {
    const channel = channelOf(ctx.query.channel)
    const items = state.feedback.received.filter((f) => !channel || f.channel === channel)
    ctx.body = { items: [...items].reverse(), duplicates: state.feedback.duplicates }
  })

  r.delete('/replay', (ctx) => {
    ctx.body = { stopped: state.channels.stop() }
  })

  r.post('/push', async (ctx) => {
    const body = await json(ctx)
    const bffUrl = bffOf(body)
    const channel = channelOf(body.channel)
    if (!bffUrl || !channel || !Array.isArray(body.records)) {
      ctx.status = 400
      ctx.body = { error: "give channel, records (rows with the channel's columns) and bffUrl" }
      return
    }
    ctx.body = await state.channels.push(bffUrl, channel, body.records as Array<Record<string, unknown>>)
  })

  return r
}
