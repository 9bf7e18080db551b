/**
 * The channel systems the street receives from (110, 12345, 浙里访 …), played by the simulator: they
 * push their records into the BFF's push API, signed with their channel's key, one at a time like a
 * live system — so `npm start` shows records arriving. The records come from the demo-month generator
 * (another seed and id range than the month the BFF seeded), the most recent first in time order.
 */
import type { ChannelCode } from '@jqtb/shared'
import { type GeneratedRecord, generateDemoMonth } from '@jqtb/shared/src/intake/demo/generator'
import type { SimClock } from '../clock'
import { SIM_CHANNEL_KEYS, signedHeaders } from './sign'

export interface PushLogEntry {
  at: string
  channel: ChannelCode
  sourceId: string
  status: number
  result: string
}

export interface ReplayOptions {
  bffUrl: string
  /** one channel, or all system channels */
  channel?: ChannelCode
  /** how many records (default 20) */
  count?: number
  /** pause between two records (default 15 s) */
  intervalMs?: number
  seed?: number
}

interface Replay {
  id: number
  options: Required<Omit<ReplayOptions, 'channel'>> & { channel?: ChannelCode }
  queue: GeneratedRecord[]
  sent: number
  timer?: NodeJS.Timeout
  done: boolean
}

/** Source ids of the simulator's records start here (the demo month uses 1…, the bench 500 000…). */
const SEQUENCE_START = 900_000

export class ChannelSystems {
  private replays: Replay[] = []
  private next = 1
  readonly log: PushLogEntry[] = []

  constructor(private readonly clock: SimClock) {}

  /** Pushes records of one channel now, signed; answers the BFF's status and body. */
  async push(bffUrl: string, channel: ChannelCode, rows: Array<Record<string, unknown>>): Promise<{ status: number; body: unknown }> {
    const path = `/api/intake/channels/${channel}/records`
    const body = JSON.stringify({ records: rows })
    const headers = signedHeaders({
      keyId: SIM_CHANNEL_KEYS.id(channel),
      secret: SIM_CHANNEL_KEYS.secret(channel),
      path,
      body,
      timestamp: Math.floor(this.clock.now().getTime() / 1000),
    })
    let status = 0
    let answer: unknown = null
    try {
      const res = await fetch(`${bffUrl.replace(/\/+$/, '')}${path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) })
      status = res.status
      answer = await res.json().catch(() => null)
    } catch (err) {
      answer = { error: (err as Error).message }
    }
    const results = (answer as { results?: Array<{ sourceId: string | null; result: string }> } | null)?.results
    rows.forEach((row, i) => {
      const sourceId = String(Object.values(row)[0] ?? '')
      this.log.unshift({
        at: this.clock.now().toISOString(),
        channel,
        sourceId,
        status,
        result: results?.[i]?.result ?? (status ? `HTTP ${status}` : '连接失败'),
      })
    })
    this.log.splice(200)
    return { status, body: answer }
  }

  /** Starts replaying recent generated records into the BFF, one every `intervalMs`. */
  startReplay(o: ReplayOptions): { id: number; count: number } {
    const options = { count: 20, intervalMs: 15_000, seed: 7001, ...o }
    const month = generateDemoMonth({
      end: this.clock.now().getTime(),
      records: Math.max(60, options.count * 3),
      seed: options.seed,
      sequenceStart: SEQUENCE_START,
    })
    const pool = month.records.filter((r) => r.channel !== 'window' && (!options.channel || r.channel === options.channel))
    const queue = pool.slice(-options.count)
    const replay: Replay = { id: this.next++, options, queue, sent: 0, done: false }
    this.replays.push(replay)
    const tick = async () => {
      const record = replay.queue[replay.sent]
      if (!record || replay.done) {
        replay.done = true
        return
      }
      await this.push(options.bffUrl, record.channel, [record.row])
      // counted once answered: a replay is not done while its last push is still on the wire
      replay.sent++
      if (!replay.done) replay.timer = setTimeout(tick, options.intervalMs)
    }
    replay.timer = setTimeout(tick, 0)
    return { id: replay.id, count: queue.length }
  }

  stop(): number {
    let stopped = 0
    for (const r of this.replays) {
      if (!r.done) stopped++
      r.done = true
      clearTimeout(r.timer)
    }
    return stopped
  }

  status() {
    return {
      replays: this.replays.map((r) => ({
        id: r.id,
        channel: r.options.channel ?? null,
        sent: r.sent,
        total: r.queue.length,
        done: r.done || r.sent >= r.queue.length,
      })),
      pushed: this.log.slice(0, 50),
    }
  }
}
