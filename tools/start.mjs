// npm start: installs what is missing, starts the database, the DingTalk simulator, the BFF (which
// seeds the demo street and serves the H5 mini-app), prints one URL. Ctrl-C stops everything.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const { say } = require('./lib/say.cjs')
const { root, dataDir } = require('./lib/paths.cjs')
const { ensureNodeModules } = require('./lib/install.cjs')

const children = []
let db
let stopping = false

async function shutdown(code) {
  if (stopping) return
  stopping = true
  say('stopping …')
  const { stopChild } = require('./lib/database.cjs')
  await Promise.all(children.map((c) => stopChild(c)))
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
  const { ensureH5Build } = require('./lib/h5.cjs')
  const { portOrFree } = require('./lib/ports.cjs')
  const { startNodeService, waitForHttp, tail } = require('./lib/services.cjs')

  const logs = path.join(dataDir, 'logs')
  fs.mkdirSync(logs, { recursive: true })
  db = await resolveDatabase({ dataDir: path.join(dataDir, 'db'), logFile: path.join(logs, 'database.log') })
  const h5Dist = await ensureH5Build()

  const simPort = await portOrFree(Number(process.env.DINGTALK_SIM_PORT) || 8090)
  const simUrl = `http://127.0.0.1:${simPort}`
  // chosen before the simulator starts, so its phone page can open notification links in the H5 app
  const port = await portOrFree(Number(process.env.PORT) || 8080)
  const url = `http://127.0.0.1:${port}/`
  const useSimulator = !process.env.DINGTALK_APP_KEY && !process.env.ZZD_APP_KEY
  if (useSimulator) {
    say(`starting the DingTalk / 浙政钉 simulator on ${simUrl}`)
    const sim = startNodeService({
      name: 'simulator',
      entry: 'simulator/src/main.ts',
      // the simulated channel systems (110, 12345 …) push recent records into the BFF once it is up
      env: { PORT: String(simPort), JQTB_H5_URL: url, JQTB_BFF_URL: url, JQTB_INTAKE_LIVE: '1' },
      logFile: path.join(logs, 'simulator.log'),
    })
    children.push(sim)
    await waitForHttp(`${simUrl}/__sim/health`, { child: sim })
  }

  say(`starting the BFF on ${url} (logs: ${path.relative(root, path.join(logs, 'bff.log'))})`)
  const bff = startNodeService({
    name: 'bff',
    entry: 'bff/src/main.ts',
    logFile: path.join(logs, 'bff.log'),
    env: {
      PORT: String(port),
      MONGODB_URI: db.uri,
      MONGODB_DB: process.env.MONGODB_DB || 'jqtb',
      DATA_DIR: dataDir,
      H5_DIST_DIR: h5Dist,
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
  children.push(bff)
  try {
    await waitForHttp(`${url}readyz`, { child: bff, timeoutMs: 60000 })
  } catch (e) {
    say(`BFF did not start: ${e.message}\n${tail(bff.logFile)}`)
    return shutdown(1)
  }
  for (const c of children) {
    c.on('exit', (code) => {
      if (stopping) return
      say(`${c.serviceName} stopped unexpectedly (code ${code}); last lines of ${c.logFile}:\n${tail(c.logFile)}`)
      void shutdown(1)
    })
  }

  const lines = [
    '',
    '  警情通办 is running.',
    '',
    `  Open  ${url}`,
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
