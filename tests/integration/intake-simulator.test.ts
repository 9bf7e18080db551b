import { CHANNELS } from '@jqtb/shared'
import { SIMULATOR_CHANNEL_KEYS } from '../../bff/src/config'
import { SIM_CHANNEL_KEYS } from '../../simulator/src/intake/sign'
import { startAppWithSimulator, type TestApp } from '../support/app'
import { installKeys } from '../support/intake'
import type { TestSimulator } from '../support/simulator'

let app: TestApp
let sim: TestSimulator
let close: () => Promise<void>
beforeAll(async () => {
  ;({ app, sim, close } = await startAppWithSimulator())
  await installKeys(app)
})
afterAll(() => close())

test('the simulator signs with the keys the BFF installs in simulator mode', () => {
  for (const c of CHANNELS.filter((c) => c.push)) {
    expect(SIM_CHANNEL_KEYS.id(c.code)).toBe(SIMULATOR_CHANNEL_KEYS.id(c.code))
    expect(SIM_CHANNEL_KEYS.secret(c.code)).toBe(SIMULATOR_CHANNEL_KEYS.secret(c.code))
  }
})

test('a replay pushes recent records into the BFF, signed, one after another', async () => {
  const started = await sim.control<{ count: number }>('/intake/replay', { bffUrl: app.url, count: 8, intervalMs: 0 })
  expect(started.count).toBe(8)
  let status: { replays: Array<{ done: boolean; sent: number }>; pushed: Array<{ status: number; result: string }> }
  for (;;) {
    status = await sim.control('/intake')
    if (status.replays.every((r) => r.done)) break
    await new Promise((r) => setTimeout(r, 100))
  }
  expect(status.pushed).toHaveLength(8)
  expect(status.pushed.every((p) => p.status === 200 && (p.result === 'created' || p.result === 'updated'))).toBe(true)
  expect(await app.db.models.IntakeSource.countDocuments({})).toBeGreaterThanOrEqual(7)
})

test('records pushed through the control are answered with the BFF result', async () => {
  const out = await sim.control<{ status: number; body: { results: Array<{ result: string }> } }>('/intake/push', {
    bffUrl: app.url,
    channel: '110',
    records: [{ 警情编号: 'J33028220261130999001', 报警时间: '2026/11/30 9:05', 发生地址: '新城花苑5幢', 警情类别: '纠纷-邻里纠纷', 简要警情: '楼上漏水' }],
  })
  expect(out.status).toBe(200)
  expect(out.body.results[0].result).toBe('created')
})
