// Finds or starts the database, in the order of ARCHITECTURE.md §2:
// MONGODB_URI → a `mongod` on PATH → the embedded FerretDB wrapper (built if missing) → a clear error.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { which } = require('./run.cjs')
const { freePort, waitForPort } = require('./ports.cjs')
const { ensureFerretBinary, startFerret } = require('./ferretdb.cjs')
const { say } = require('./say.cjs')

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
 * @param {{ dataDir?: string, temp?: boolean, logFile?: string, own?: boolean }} opts
 *   dataDir: where the database keeps its files (npm start: .data/db); temp: a throw-away dir (tests);
 *   own: start a database process even if MONGODB_URI is set (tests that pause or kill it)
 * @returns {Promise<{ uri: string, kind: string, stop: () => Promise<void> }>}
 */
async function resolveDatabase(opts = {}) {
  if (process.env.MONGODB_URI && !opts.own) {
    say(`database: MONGODB_URI (${redact(process.env.MONGODB_URI)})`)
    await ping(process.env.MONGODB_URI)
    return { uri: process.env.MONGODB_URI, kind: 'external', stop: async () => {} }
  }
  const dir = opts.temp ? fs.mkdtempSync(path.join(os.tmpdir(), 'jqtb-db-')) : opts.dataDir
  const cleanup = () => {
    if (opts.temp) fs.rmSync(dir, { recursive: true, force: true })
  }
  const port = await freePort()
  let child
  let kind
  const mongod = which('mongod')
  if (mongod) {
    kind = 'mongod'
    const dbpath = path.join(dir, 'mongod')
    fs.mkdirSync(dbpath, { recursive: true })
    say(`database: starting mongod from PATH on 127.0.0.1:${port} (${dbpath})`)
    const args = ['--dbpath', dbpath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet']
    child = spawn(process.execPath, [path.join(__dirname, 'watchdog.cjs'), String(process.pid), mongod, ...args], { stdio: 'ignore' })
  } else {
    kind = 'ferretdb'
    const binary = await ensureFerretBinary()
    const sqliteDir = path.join(dir, 'ferretdb')
    say(`database: starting embedded FerretDB on 127.0.0.1:${port} (${sqliteDir})`)
    child = startFerret({ binary, dir: sqliteDir, port, logFile: opts.logFile })
  }
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`${kind} exited during start (code ${code})`))))
  exited.catch(() => {})
  const uri = `mongodb://127.0.0.1:${port}/?directConnection=true`
  try {
    await Promise.race([waitForPort(port, 20000).then(() => ping(uri)), exited])
  } catch (err) {
    await stopChild(child) // never leave a half-started database behind
    cleanup()
    throw err
  }
  say(`database ready (${kind})`)
  return {
    uri,
    kind,
    stop: async () => {
      await stopChild(child)
      cleanup()
    },
    pid: child.pid,
  }
}

module.exports = { resolveDatabase, ping, stopChild }
