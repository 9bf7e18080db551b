import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSimulator } from './app'
import type { SimClock } from './clock'
import { SEEDED_APPS } from './org'
import type { SimState } from './state'

/** A clock the simulator's tests move by hand. */
export class TestClock implements SimClock {
  constructor(private t = Date.parse('2026-11-27T01:00:00Z')) {}
  now() {
    return new Date(this.t)
  }
  advance(ms: number) {
    this.t += ms
  }
}

export interface RunningSim {
  url: string
  state: SimState
  clock: TestClock
  close(): Promise<void>
  /** JSON POST (DingTalk oapi style) or GET when body is undefined */
  call(path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>
}

export async function runSim(): Promise<RunningSim> {
  const clock = new TestClock()
  const { app, state } = createSimulator({ clock })
  const server: Server = app.listen(0, '127.0.0.1')
  await new Promise<void>((r) => server.once('listening', () => r()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    state,
    clock,
    close: () => new Promise<void>((r) => server.close(() => r())),
    async call(path, body) {
      const res = await fetch(url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(text)
      } catch {
        json = { text }
      }
      return { status: res.status, json }
    },
  }
}

export const DT = SEEDED_APPS.dingtalk
export const ZZD = SEEDED_APPS.zhezhengding

export async function dingtalkToken(sim: RunningSim): Promise<string> {
  const { json } = await sim.call(`/dingtalk-oapi/gettoken?appkey=${DT.appKey}&appsecret=${DT.appSecret}`)
  return String(json.access_token)
}
