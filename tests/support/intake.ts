/** Pushing channel records as a channel's system would: signed with the channel's key (simulator/src/intake/sign.ts). */
import type { ChannelCode, PushResponse } from '@jqtb/shared'
import request from 'supertest'
import { intakeDeps } from '../../bff/src/intake/ingest'
import { installSimulatorKeys } from '../../bff/src/intake/seed'
import { SIM_CHANNEL_KEYS, type SignOptions, signedHeaders } from '../../simulator/src/intake/sign'
import type { TestApp } from './app'
import { authHeader } from './auth'

export const pushPath = (channel: string) => `/api/intake/channels/${channel}/records`

/** The simulator's channel keys, installed as the seed does in simulator mode. */
export const installKeys = (app: TestApp) => installSimulatorKeys(intakeDeps(app.deps))

export interface PushOptions extends Partial<Omit<SignOptions, 'body' | 'path'>> {
  /** sign this body but send `sendBody` (tampering) */
  sendBody?: string
}

export function push(app: TestApp, channel: ChannelCode | string, records: unknown[], opts: PushOptions = {}) {
  const body = JSON.stringify({ records })
  const path = pushPath(channel)
  const headers = signedHeaders({
    keyId: opts.keyId ?? SIM_CHANNEL_KEYS.id(channel),
    secret: opts.secret ?? SIM_CHANNEL_KEYS.secret(channel),
    path,
    body,
    timestamp: opts.timestamp ?? Math.floor(app.deps.clock.now().getTime() / 1000),
    ...(opts.nonce ? { nonce: opts.nonce } : {}),
  })
  return request(app.url)
    .post(path)
    .set(headers)
    .send(opts.sendBody ?? body)
}

export async function pushOk(app: TestApp, channel: ChannelCode, records: unknown[], opts: { allowRejected?: boolean } = {}): Promise<PushResponse> {
  const res = await push(app, channel, records)
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`)
  const body = res.body as PushResponse
  const rejected = body.results.filter((r) => r.result === 'rejected')
  if (rejected.length && !opts.allowRejected) throw new Error(`push: records rejected: ${JSON.stringify(rejected)}`)
  return body
}

/** Sets the routing table's threshold for converting a lead by itself; answers the one before. */
export async function setAutoConvertAbove(app: TestApp, autoConvertAbove: number, note?: string): Promise<number> {
  const t = (await request(app.url).get('/api/intake/routing').set(authHeader(app, 'u-admin'))).body
  const rows = t.rows.map((r: Record<string, unknown>) => ({
    category: r.category,
    handler: r.handler,
    department: r.department,
    tier: r.tier,
    claimMode: r.claimMode,
    auto: r.auto,
  }))
  const res = await request(app.url)
    .put('/api/intake/routing')
    .set(authHeader(app, 'u-admin'))
    .send({ baseVersion: t.version, rows, autoConvertAbove, ...(note ? { note } : {}) })
  if (res.status !== 200) throw new Error(`routing: ${res.status} ${JSON.stringify(res.body)}`)
  return t.autoConvertAbove as number
}

/** Every lead waits for a person (above any confidence): auto-conversion has tests of its own. */
export const leadsWaitForCentre = (app: TestApp, note?: string) => setAutoConvertAbove(app, 1.01, note)
