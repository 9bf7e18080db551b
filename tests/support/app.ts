import fs from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { createApp } from '../../bff/src/app'
import { composeDeps, connectDb, migrateDb } from '../../bff/src/compose'
import { type Config, loadConfig } from '../../bff/src/config'
import type { AppDeps } from '../../bff/src/deps'
import { type Clock, type ManualClock, systemClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { stopDeferred } from '../../bff/src/kernel/background'
import type { DomainModule } from '../../bff/src/kernel/domain'
import { seedDemo } from '../../bff/src/seed/seed'
import { dropAndClose, freshTestDb, testMongoUri } from './db'
import { startSimulator } from './simulator'

export interface TestApp {
  deps: AppDeps
  db: Db
  config: Config
  url: string
  server: Server
  close(): Promise<void>
}

export interface TestAppOptions {
  clock?: Clock | ManualClock
  env?: Record<string, string>
  seed?: boolean
  /** serve the built H5 mini-app (browser tests) */
  serveH5?: boolean
  /**
   * the DingTalk / 浙政钉 simulator to talk to (tests/support/simulator.ts); without one the gateway
   * points at a closed port, so an accidental platform call fails fast instead of reaching a running `npm start`
   */
  simulatorUrl?: string
  /** the domains to build the app from (default: bff/src/domains.ts) */
  domains?: readonly DomainModule[]
  /**
   * a second instance: serve from this app's database (a connection of its own on it, nothing seeded
   * or dropped), as another BFF behind the same load balancer would
   */
  sameDatabaseAs?: TestApp
  /** like sameDatabaseAs, by database name (a database a test filled some other way, e.g. by a restore) */
  existingDatabase?: string
}

/** Port 9 (discard) on loopback: nothing listens there, connections are refused at once. */
const NO_SIMULATOR = 'http://127.0.0.1:9'

/** A real BFF on an ephemeral port over a fresh database of its own. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  // configuration first: a refused configuration must fail before anything is opened
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: testMongoUri(),
    LOG_LEVEL: 'silent',
    // the 503 deadline for a database that stopped answering: a suite sharing two cores with a browser and
    // other suites can starve the embedded database for seconds (db-outage.test.ts checks the deadline itself)
    DB_TIMEOUT_MS: '15000',
    // uploads of this app go to a throw-away folder, never into the checkout's .data/
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-test-data-')),
    DINGTALK_SIMULATOR: '1',
    DINGTALK_SIM_URL: opts.simulatorUrl ?? NO_SIMULATOR,
    ...(opts.serveH5
      ? { H5_DIST_DIR: path.resolve(__dirname, '../../miniapp/dist/h5'), PUBLIC_APP_DIR: path.resolve(__dirname, '../../public-app/dist') }
      : {}),
    ...opts.env,
  })
  const shared = opts.sameDatabaseAs?.db.conn.name ?? opts.existingDatabase
  const db = shared ? await connectDb(testMongoUri(), shared, opts.domains) : await freshTestDb('', opts.domains)
  const clock = opts.clock ?? systemClock
  const deps: AppDeps = composeDeps({ config, db, logger: pino({ level: 'silent' }), clock, domains: opts.domains })
  await migrateDb(deps, opts.domains)
  if (opts.seed !== false && !shared) await seedDemo(db, opts.domains ? { domains: opts.domains } : {})
  const server = createApp(deps, opts.domains).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    deps,
    db,
    config,
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await stopDeferred(db)
      if (shared) await db.close()
      else await dropAndClose(db)
      if (config.dataDir.startsWith(os.tmpdir())) fs.rmSync(config.dataDir, { recursive: true, force: true })
    },
  }
}

/** A DingTalk / 浙政钉 simulator of its own and a test app that talks to it; `close` stops both. */
export async function startAppWithSimulator(opts: Omit<TestAppOptions, 'simulatorUrl'> = {}) {
  const sim = await startSimulator()
  const app = await startTestApp({ ...opts, simulatorUrl: sim.url })
  return {
    app,
    sim,
    close: async () => {
      await app.close()
      await sim.close()
    },
  }
}
