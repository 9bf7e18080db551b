/**
 * The BFF as its own process (`node --import tsx bff/src/main.ts`, what `npm start` runs), for tests that must see
 * whether a request can end the process, or that kill and restart it. Its log is kept in a file for assertions.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')

export interface BffProcessOptions {
  mongoUri: string
  dbName: string
  /** fixed port (a restart keeps it); default: the OS picks one */
  port?: number
  dataDir?: string
  simulatorUrl?: string
  env?: Record<string, string>
  /** how long start-up (migrations, seeding) may take before the test fails; default 240 s: the demo seed of every domain on a busy machine */
  startTimeoutMs?: number
}

export interface BffProcess {
  url: string
  port: number
  child: ChildProcess
  logFile: string
  dataDir: string
  alive(): boolean
  /** the JSON log lines written so far */
  logLines(): Array<Record<string, unknown>>
  /** resolves with the exit code / signal once the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stop(): Promise<void>
}

/** Starts the BFF and waits until `/readyz` answers 200 (seeded demo street, simulator login on). */
export async function startBffProcess(opts: BffProcessOptions): Promise<BffProcess> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-bff-proc-'))
  const logFile = path.join(dataDir, `bff-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.log`)
  const out = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(opts.port ?? 0),
      MONGODB_URI: opts.mongoUri,
      MONGODB_DB: opts.dbName,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SEED_DEMO: '1',
      // the street, its people and live demo work; not the month of channel records or the year of history
      SEED_DEMO_LIGHT: '1',
      // see tests/support/app.ts: a busy test machine is not a database outage (db-outage.test.ts sets its own)
      DB_TIMEOUT_MS: '15000',
      DINGTALK_SIMULATOR: '1',
      DINGTALK_SIM_URL: opts.simulatorUrl ?? 'http://127.0.0.1:9',
      // the test runner's pid: the BFF exits by itself if this jest worker disappears
      JQTB_PARENT_PID: String(process.pid),
      ...opts.env,
    },
    stdio: ['ignore', out, out],
  })
  fs.closeSync(out)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const readLog = () => {
    try {
      return fs.readFileSync(logFile, 'utf8')
    } catch {
      return ''
    }
  }
  const logLines = () =>
    readLog()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  const alive = () => child.exitCode === null && child.signalCode === null

  // the port is in the "listening" line (PORT=0 lets the OS choose, so parallel test files never collide)
  const startMs = opts.startTimeoutMs ?? 240_000
  const deadline = Date.now() + startMs
  let port = 0
  while (!port) {
    if (!alive()) throw new Error(`the BFF exited while starting:\n${readLog().slice(-3000)}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the BFF did not start within ${startMs / 1000} s:\n${readLog().slice(-3000)}`)
    }
    const listening = logLines().find((l) => l.msg?.toString().startsWith('BFF listening'))
    if (listening) port = Number(listening.port)
    else await new Promise((r) => setTimeout(r, 100))
  }
  const url = `http://127.0.0.1:${port}`
  while ((await fetch(`${url}/readyz`).catch(() => null))?.status !== 200) {
    if (!alive()) throw new Error(`the BFF exited while starting:\n${readLog().slice(-3000)}`)
    if (Date.now() > deadline) throw new Error(`the BFF was not ready within ${startMs / 1000} s:\n${readLog().slice(-3000)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port,
    child,
    logFile,
    dataDir,
    alive,
    logLines,
    exited,
    async stop() {
      if (alive()) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000)
        await exited
        clearTimeout(timer)
      }
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
