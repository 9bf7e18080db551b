/** tools/lib/supervisor.cjs on its own: restarts with a doubling pause, one line each time, and stops when released. */
import { spawn } from 'node:child_process'

/* eslint-disable @typescript-eslint/no-require-imports */
const { supervise } = require('../../tools/lib/supervisor.cjs') as {
  supervise(
    opts: {
      name: string
      start: () => ReturnType<typeof spawn>
      firstDelayMs?: number
      maxDelayMs?: number
      stableAfterMs?: number
      log?: (l: string) => void
    },
    first: ReturnType<typeof spawn>,
  ): { pid: number; restarts: number; release(): ReturnType<typeof spawn> }
}

jest.setTimeout(60_000)

it('a process that keeps dying is restarted after 100, 200, 400 … ms, each death and restart logged; release stops it', async () => {
  const lines: Array<[number, string]> = []
  const t0 = Date.now()
  const start = () => spawn(process.execPath, ['-e', 'setTimeout(() => process.exit(3), 50)'])
  const s = supervise(
    { name: 'flaky', start, firstDelayMs: 100, maxDelayMs: 400, stableAfterMs: 60_000, log: (l) => lines.push([Date.now() - t0, l]) },
    start(),
  )
  // waits for four deaths (a busy machine starts node slowly: the test waits for events, not for time)
  const deadline = Date.now() + 30_000
  while (lines.filter(([, l]) => /stopped unexpectedly/.test(l)).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  const child = s.release()
  child.kill()
  const deaths = lines.filter(([, l]) => /flaky stopped unexpectedly \(code 3, pid \d+\); restarting it in/.test(l))
  const delays = deaths.map(([, l]) => Number(/restarting it in ([\d.]+) s/.exec(l)?.[1]))
  expect(delays.slice(0, 4)).toEqual([0.1, 0.2, 0.4, 0.4])
  expect(lines.filter(([, l]) => /flaky restarted \(pid \d+, restart #\d+\)/.test(l)).length).toBe(s.restarts)
  expect(s.restarts).toBeGreaterThanOrEqual(3)
  const after = s.restarts
  await new Promise((r) => setTimeout(r, 1000))
  expect(s.restarts).toBe(after) // released: no more restarts
})
