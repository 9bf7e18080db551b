// Finds or starts the database, in the order of docs/database.md#launcher:
// MONGODB_URI → a `mongod` on PATH → the embedded FerretDB wrapper (built if missing) on a private PostgreSQL
// cluster when PostgreSQL is installed, else on SQLite → a clear error. JQTB_DB_BACKEND=sqlite|postgresql
// picks FerretDB's backend instead of the default.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { which } = require('./run.cjs')
const { freePort, waitForPort } = require('./ports.cjs')
const { ensureFerretBinary, startFerret } = require('./ferretdb.cjs')
const { ensureCluster, findPostgres, startPostgres } = require('./postgres.cjs')

/** FerretDB's backend when PostgreSQL is installed and JQTB_DB_BACKEND does not say (the bench decides: README). */
const DEFAULT_BACKEND = 'sqlite'

/** 'postgresql' with the PostgreSQL binaries' folder, or 'sqlite'. */
function ferretBackend() {
  const wanted = process.env.JQTB_DB_BACKEND || DEFAULT_BACKEND
  if (!['sqlite', 'postgresql', 'auto'].includes(wanted)) throw new Error(`JQTB_DB_BACKEND must be sqlite, postgresql or auto, not ${wanted}`)
  if (wanted === 'sqlite') return { backend: 'sqlite' }
  const bin = findPostgres()
  if (bin) return { backend: 'postgresql', bin }
  if (wanted === 'postgresql')
    throw new Error('JQTB_DB_BACKEND=postgresql but no PostgreSQL (postgres, initdb) was found on PATH or in /usr/lib/postgresql/<version>/bin')
  return { backend: 'sqlite' }
}
const { say } = require('./say.cjs')
const { supervise } = require('./supervisor.cjs')

async function ping(uri, timeoutMs = 20000) {
  const { MongoClient } = require('mongoose').mongo
  const deadline = Date.now() + timeoutMs
  let lastError
  while (Date.now() < deadline) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2000 })
    try {
      await client.connect()
      await client.db('admin').command({ ping: 1 })
      return
    } catch (e) {
      lastError = e
      await new Promise((r) => setTimeout(r, 200))
    } finally {
      await client.close().catch(() => {})
    }
  }
  throw new Error(`database at ${redact(uri)} did not answer ping: ${lastError?.message}`)
}

function redact(uri) {
  return uri.replace(/\/\/[^@/]*@/, '//***@')
}

function stopChild(child, timeoutMs = 8000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * @param {{ dataDir?: string, temp?: boolean, logFile?: string, own?: boolean, supervise?: boolean }} opts
 *   dataDir: where the database keeps its files (npm start: .data/db); temp: a throw-away dir (tests);
 *   own: start a database process even if MONGODB_URI is set (tests that pause or kill it);
 *   supervise: restart it (same port and files) when it dies (npm start)
 * @returns {Promise<{ uri: string, kind: string, pid: number, restarts: number, stop: () => Promise<void> }>}
 */
async function resolveDatabase(opts = {}) {
  if (process.env.MONGODB_URI && !opts.own) {
    say(`database: MONGODB_URI (${redact(process.env.MONGODB_URI)})`)
    await ping(process.env.MONGODB_URI)
    return { uri: process.env.MONGODB_URI, kind: 'external', backend: 'external', stop: async () => {} }
  }
  const dir = opts.temp ? fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-db-')) : opts.dataDir
  const cleanup = () => {
    if (opts.temp) fs.rmSync(dir, { recursive: true, force: true })
  }
  const port = await freePort()
  const mongod = which('mongod')
  const kind = mongod ? 'mongod' : 'ferretdb'
  const binary = mongod ? null : await ensureFerretBinary()
  const { backend, bin } = mongod ? { backend: 'mongod' } : ferretBackend()
  // FerretDB on PostgreSQL: the cluster first (created once under the data folder), FerretDB on top
  let pg = null
  if (backend === 'postgresql') {
    if (opts.temp) fs.chmodSync(dir, 0o755) // the server's account must reach its folder inside the temp dir
    const pgDir = path.join(dir, 'postgres')
    const account = ensureCluster(bin, pgDir)
    const pgPort = await freePort()
    say(`database: starting PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${pgPort} (${pgDir}${account ? `, as ${account.name}` : ''})`)
    const child = startPostgres({ bin, dataDir: pgDir, port: pgPort, account, logFile: opts.logFile, fast: !!opts.temp })
    try {
      await Promise.race([
        waitForPort(pgPort, 30000),
        new Promise((_, reject) =>
          child.once('exit', (code) => reject(new Error(`PostgreSQL exited during start (code ${code}); see ${opts.logFile ?? 'its log'}`))),
        ),
      ])
    } catch (err) {
      await stopChild(child)
      cleanup()
      throw err
    }
    pg = { child, url: `postgres://jqtb@127.0.0.1:${pgPort}/postgres` }
  }
  const spawnServer = () => {
    if (mongod) {
      const dbpath = path.join(dir, 'mongod')
      fs.mkdirSync(dbpath, { recursive: true })
      const args = ['--dbpath', dbpath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet']
      return spawn(process.execPath, [path.join(__dirname, 'watchdog.cjs'), String(process.pid), mongod, ...args], { stdio: 'ignore' })
    }
    return startFerret({ binary, dir: path.join(dir, 'ferretdb'), postgresqlUrl: pg?.url, port, logFile: opts.logFile })
  }
  say(
    mongod
      ? `database: starting mongod from PATH on 127.0.0.1:${port} (${path.join(dir, 'mongod')})`
      : pg
        ? `database: starting embedded FerretDB on 127.0.0.1:${port} (PostgreSQL backend)`
        : `database: starting embedded FerretDB on 127.0.0.1:${port} (${path.join(dir, 'ferretdb')})`,
  )
  const uri = `mongodb://127.0.0.1:${port}/?directConnection=true`
  /** resolves when the server answers a ping; rejects if it exits first */
  const ready = (child) => {
    const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`${kind} exited during start (code ${code})`))))
    exited.catch(() => {})
    return Promise.race([waitForPort(port, 20000).then(() => ping(uri)), exited])
  }
  const child = spawnServer()
  try {
    await ready(child)
  } catch (err) {
    await stopChild(child) // never leave a half-started database behind
    if (pg) await stopChild(pg.child)
    cleanup()
    throw err
  }
  say(`database ready (${kind}${pg ? ' on PostgreSQL' : ''}, pid ${serverPid(child)})`)
  // npm start keeps it running: a database that dies is started again on the same port and files
  const supervisor = opts.supervise
    ? supervise({ name: 'database', start: spawnServer, ready, describeExit: () => (opts.logFile ? tail(opts.logFile, 5) : '') }, child)
    : null
  return {
    uri,
    kind,
    /** FerretDB's backend (sqlite or postgresql), or mongod */
    backend,
    /** no more restarts from here on: a shutdown has begun (a terminal's Ctrl-C reaches the database too) */
    release: () => {
      supervisor?.release()
    },
    stop: async () => {
      await stopChild(supervisor ? supervisor.release() : child)
      if (pg) await stopChild(pg.child)
      cleanup()
    },
    /** the database server's pid (under a watchdog, the watchdog's child); a restart changes it */
    get pid() {
      return serverPid(supervisor ? supervisor.child : child)
    },
    get restarts() {
      return supervisor ? supervisor.restarts : 0
    },
  }
}

/** mongod runs under watchdog.cjs: the server is the watchdog's only child (Linux: /proc). */
function serverPid(child) {
  if (!child.spawnfile || !child.spawnargs.some((a) => a.endsWith('watchdog.cjs'))) return child.pid
  try {
    return Number(fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]) || child.pid
  } catch {
    return child.pid
  }
}

function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

module.exports = { resolveDatabase, ping, stopChild }
