// npm start: installs what is missing, starts the database, the DingTalk simulator, the BFF (which
// seeds the demo street and serves the H5 mini-app), prints one URL. Ctrl-C stops everything.
// Each of the three is supervised (tools/lib/supervisor.cjs): one that dies is started again, with backoff
// and a log line, on the same port and data.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const { say } = require('./lib/say.cjs')
const { root, dataDir } = require('./lib/paths.cjs')
const { ensureNodeModules } = require('./lib/install.cjs')

/** supervisors of the simulator and the BFF (the database has its own, in database.cjs) */
const services = []
let db
let stopping = false

async function shutdown(code) {
  if (stopping) return
  stopping = true
  say('stopping …')
  // the database is stopped last, but nothing may restart it once Ctrl-C (which reaches it too) has been pressed
  db?.release()
  const { stopChild } = require('./lib/database.cjs')
  await Promise.all(services.map((s) => stopChild(s.release())))
  if (db) await db.stop()
  say('stopped')
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))
process.on('SIGHUP', () => void shutdown(0))

async function main() {
  await ensureNodeModules()
  const { resolveDatabase } = require('./lib/database.cjs')
  const { ensureH5Build, ensurePublicBuild } = require('./lib/h5.cjs')
  const { portOrFree } = require('./lib/ports.cjs')
  const { startNodeService, waitForHttp, tail } = require('./lib/services.cjs')
  const { supervise } = require('./lib/supervisor.cjs')
  /** keeps a started service running: restarted with the same settings when it dies */
  const keep = (name, start, healthUrl, first) =>
    services.push(
      supervise(
        {
          name,
          start,
          // the first start seeds the demo street, its month of channel records and a year of history: minutes on a slow machine
          ready: (child) => waitForHttp(healthUrl, { child, timeoutMs: 300000 }),
          describeExit: (child) => `last lines of ${path.relative(root, child.logFile)}:\n${tail(child.logFile, 8)}`,
        },
        first,
      ),
    )

  const logs = path.join(dataDir, 'logs')
  fs.mkdirSync(logs, { recursive: true })
  db = await resolveDatabase({ dataDir: path.join(dataDir, 'db'), logFile: path.join(logs, 'database.log'), supervise: true })
  const h5Dist = await ensureH5Build()
  const publicApp = await ensurePublicBuild()

  const simPort = await portOrFree(Number(process.env.DINGTALK_SIM_PORT) || 8090)
  const simUrl = `http://127.0.0.1:${simPort}`
  // chosen before the simulator starts, so its phone page can open notification links in the H5 app
  const port = await portOrFree(Number(process.env.PORT) || 8080)
  const url = `http://127.0.0.1:${port}/`
  const useSimulator = !process.env.DINGTALK_APP_KEY && !process.env.ZZD_APP_KEY
  if (useSimulator) {
    say(`starting the DingTalk / 浙政钉 simulator on ${simUrl}`)
    const startSim = () =>
      startNodeService({
        name: 'simulator',
        entry: 'simulator/src/main.ts',
        // the simulated channel systems (110, 12345 …) push recent records into the BFF once it is up
        env: { PORT: String(simPort), JQTB_H5_URL: url, JQTB_BFF_URL: url, JQTB_INTAKE_LIVE: '1' },
        logFile: path.join(logs, 'simulator.log'),
      })
    const sim = startSim()
    await waitForHttp(`${simUrl}/__sim/health`, { child: sim })
    // (a restarted simulator starts with empty memory: the phones' message lists begin again)
    keep('simulator', startSim, `${simUrl}/__sim/health`, sim)
  }

  say(`starting the BFF on ${url} (logs: ${path.relative(root, path.join(logs, 'bff.log'))})`)
  const startBff = () =>
    startNodeService({
      name: 'bff',
      entry: 'bff/src/main.ts',
      logFile: path.join(logs, 'bff.log'),
      env: {
        PORT: String(port),
        MONGODB_URI: db.uri,
        MONGODB_DB: process.env.MONGODB_DB || 'jqtb',
        DATA_DIR: dataDir,
        H5_DIST_DIR: h5Dist,
        PUBLIC_APP_DIR: publicApp,
        PUBLIC_URL: url,
        SEED_DEMO: '1',
        ...(useSimulator
          ? {
              DINGTALK_SIMULATOR: '1',
              DINGTALK_OAPI_BASE: `${simUrl}/dingtalk-oapi`,
              DINGTALK_API_BASE: `${simUrl}/dingtalk-api`,
              ZZD_BASE: `${simUrl}/zzd`,
              DINGTALK_SIM_URL: simUrl,
            }
          : {}),
      },
    })
  const bff = startBff()
  say('the first start seeds the demo data (the street, a month of channel records, a year of history): up to a few minutes')
  try {
    await waitForHttp(`${url}readyz`, { child: bff, timeoutMs: 300000 })
  } catch (e) {
    // a BFF that cannot start at all (bad settings) is not restarted: the message says what to fix
    say(`BFF did not start: ${e.message}\n${tail(bff.logFile)}`)
    services.push({ release: () => bff })
    return shutdown(1)
  }
  // restarted when it dies; ready again when /healthz answers (/readyz waits for the database, which has its own supervisor)
  keep('BFF', startBff, `${url}healthz`, bff)

  const lines = [
    '',
    '  警情通办 is running.',
    '',
    `  Open  ${url}`,
    `  Citizens' page (公众侧): ${url}public/  (the login code arrives on the simulator's phone page)`,
    useSimulator ? `  DingTalk simulator (phones, notifications): ${simUrl}/` : '  DingTalk: real provider settings from the environment',
    `  Data: ${path.relative(root, dataDir) || dataDir}/  (npm run reset wipes it)`,
    '  Ctrl-C stops everything.',
    '',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

main().catch((e) => {
  say(`npm start failed: ${e.message}`)
  void shutdown(1)
})
