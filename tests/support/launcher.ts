/**
 * `npm start` itself (`node tools/start.mjs`) on a data folder and ports of the test's own, for tests of what the
 * launcher does when one of its processes dies. Its children are found through /proc (Linux).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/* eslint-disable @typescript-eslint/no-require-imports */
const { freePort } = require('../../tools/lib/ports.cjs') as { freePort(): Promise<number> }

const ROOT = path.resolve(__dirname, '..', '..')

export interface Launcher {
  url: string
  simUrl: string
  dbUri: string
  dataDir: string
  process: ChildProcess
  /** what it printed on stderr (its progress lines) */
  output(): string
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<void>
  /** pids of its three services right now */
  pids(): { database?: number; bff?: number; simulator?: number }
  stop(): Promise<number | null>
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

const cmdline = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return ''
  }
}

export async function startLauncher(): Promise<Launcher> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-launcher-'))
  const [port, simPort] = [await freePort(), await freePort()]
  // the demo without its month of channel records and year of history: a restarted BFF is back in seconds
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JQTB_DATA_DIR: dataDir,
    PORT: String(port),
    DINGTALK_SIM_PORT: String(simPort),
    SEED_DEMO_LIGHT: '1',
  }
  // the launcher must start a database of its own to supervise, whatever the test run uses
  delete env.MONGODB_URI
  delete env.JQTB_TEST_MONGO_URI
  const child = spawn(process.execPath, ['tools/start.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d) => {
    out += d
  })
  child.stderr?.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000, from = 0) => {
    const deadline = Date.now() + timeoutMs
    while (!pattern.test(out.slice(from))) {
      if (child.exitCode !== null) throw new Error(`the launcher exited (code ${child.exitCode}):\n${out}`)
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  await waitFor(/警情通办 is running/, 180_000)
  const dbPort = /database: starting .* on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]
  return {
    url: `http://127.0.0.1:${port}`,
    simUrl: `http://127.0.0.1:${simPort}`,
    dbUri: `mongodb://127.0.0.1:${dbPort}/?directConnection=true`,
    dataDir,
    process: child,
    output: () => out,
    waitFor,
    pids() {
      const found: { database?: number; bff?: number; simulator?: number } = {}
      for (const pid of childrenOf(child.pid as number)) {
        const cmd = cmdline(pid)
        if (cmd.includes('ferretdb-embed')) found.database = pid
        else if (cmd.includes('watchdog.cjs')) found.database = childrenOf(pid)[0]
        else if (cmd.includes('bff/src/main.ts')) found.bff = pid
        else if (cmd.includes('simulator/src/main.ts')) found.simulator = pid
      }
      return found
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      const code = await exited
      clearTimeout(timer)
      fs.rmSync(dataDir, { recursive: true, force: true })
      return code
    },
  }
}
