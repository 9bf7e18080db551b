import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSimulator, type SimulatorOptions } from '../../simulator/src/app'
import type { FaultSpec } from '../../simulator/src/faults'
import type { SimState } from '../../simulator/src/state'

export interface TestSimulator {
  /** base URL: pass it to `startTestApp({ simulatorUrl })` */
  url: string
  /** the simulator's memory, for assertions (messages received, send tasks, calls) */
  state: SimState
  /** POST/GET a `/__sim` control endpoint, as a person or `npm start` would */
  control<T = unknown>(path: string, body?: unknown, method?: 'GET' | 'POST' | 'DELETE'): Promise<T>
  /** mint the auth code the mini-app would get from dd.getAuthCode / gdt-jsapi for this user */
  authCode(userId: string, platform?: 'dingtalk' | 'zhezhengding'): Promise<string>
  fault(spec: FaultSpec): Promise<void>
  close(): Promise<void>
}

/** The DingTalk / 浙政钉 simulator in this process, on an ephemeral loopback port. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<TestSimulator> {
  const { app, state } = createSimulator(opts)
  const server: Server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const control = async <T>(path: string, body?: unknown, method?: 'GET' | 'POST' | 'DELETE'): Promise<T> => {
    const call = () =>
      fetch(`${url}/__sim${path}`, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    // a pooled connection the server closed while this process was blocked (a spawnSync longer than the
    // server's keep-alive timeout) fails once with ECONNRESET: the control calls are idempotent, so ask again
    const res = await call().catch(call)
    const json = (await res.json()) as T
    if (!res.ok) throw new Error(`simulator ${path}: HTTP ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  return {
    url,
    state,
    control,
    async authCode(userId, platform = 'dingtalk') {
      return (await control<{ authCode: string }>('/authcode', { userId, platform })).authCode
    },
    async fault(spec) {
      await control('/faults', spec)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
