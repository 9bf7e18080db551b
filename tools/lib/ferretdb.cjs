// The embedded database: our FerretDB 1.24.2 wrapper (tools/ferretdb), built once with Go into
// .tools/bin and reused. docs/database.md#launcher says why it is a wrapper.
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync, spawn } = require('node:child_process')
const { root, toolsDir } = require('./paths.cjs')
const { run, which } = require('./run.cjs')
const { say } = require('./say.cjs')

const SOURCE_DIR = path.join(root, 'tools', 'ferretdb')
const BINARY = path.join(toolsDir, 'bin', 'ferretdb-embed')

function sourceStamp() {
  const hash = require('node:crypto').createHash('sha1')
  const files = fs.readdirSync(SOURCE_DIR).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
  for (const f of files.sort()) hash.update(f).update(fs.readFileSync(path.join(SOURCE_DIR, f)))
  for (const [, patched] of PATCHES) hash.update(patched).update(fs.readFileSync(path.join(SOURCE_DIR, patched)))
  return hash.digest('hex')
}

/**
 * Files of FerretDB we patch, as [path inside the FerretDB module, our patched copy under
 * tools/ferretdb]. docs/database.md#reading-by-id and #cpu say why.
 */
const PATCHES = [
  ['internal/backends/sqlite/metadata/metadata.go', 'patches/sqlite-metadata.go.txt'],
  ['internal/util/resource/resource.go', 'patches/util-resource.go.txt'],
]
const FERRET_MODULE = 'github.com/FerretDB/FerretDB'

/**
 * Copies FerretDB's module out of the Go cache into .tools, applies PATCHES, and writes a go.mod/go.sum
 * pair that replaces the module with the copy (`go build -modfile`); tools/ferretdb itself stays as it is.
 */
async function preparePatchedSource() {
  await run('go', ['mod', 'download', FERRET_MODULE], { cwd: SOURCE_DIR })
  const moduleDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', FERRET_MODULE], { cwd: SOURCE_DIR, encoding: 'utf8' }).trim()
  const copy = path.join(toolsDir, 'ferretdb-patched')
  fs.rmSync(copy, { recursive: true, force: true })
  fs.cpSync(moduleDir, copy, { recursive: true })
  makeWritable(copy) // the Go cache's files and folders are read-only: the next build must be able to remove the copy
  for (const [inside, patched] of PATCHES) {
    const target = path.join(copy, inside)
    if (!fs.existsSync(target)) throw new Error(`FerretDB changed: ${inside} is gone; tools/ferretdb/${patched} patches it`)
    fs.chmodSync(target, 0o644)
    fs.copyFileSync(path.join(SOURCE_DIR, patched), target)
  }
  const modfile = path.join(toolsDir, 'ferretdb-build.mod')
  fs.copyFileSync(path.join(SOURCE_DIR, 'go.mod'), modfile)
  fs.copyFileSync(path.join(SOURCE_DIR, 'go.sum'), modfile.replace(/\.mod$/, '.sum'))
  fs.appendFileSync(modfile, `\nreplace ${FERRET_MODULE} => ${copy}\n`)
  return modfile
}

function makeWritable(dir) {
  fs.chmodSync(dir, 0o755)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) makeWritable(p)
    else fs.chmodSync(p, 0o644)
  }
}

async function ensureFerretBinary() {
  const stampFile = `${BINARY}.stamp`
  const stamp = sourceStamp()
  if (fs.existsSync(BINARY) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return BINARY
  if (!which('go')) {
    throw new Error(
      'No database available: MONGODB_URI is not set, no `mongod` is on PATH, and Go is not installed to build the embedded FerretDB.\n' +
        'Fix one of: set MONGODB_URI=mongodb://…; install MongoDB (mongod); or install Go ≥ 1.24 (https://go.dev/dl) and run again.',
    )
  }
  say('building the embedded database (FerretDB 1.24.2 wrapper) with Go; once, about 2 minutes …')
  fs.mkdirSync(path.dirname(BINARY), { recursive: true })
  const modfile = await preparePatchedSource()
  await run('go', ['build', '-trimpath', `-modfile=${modfile}`, '-ldflags=-s -w', '-o', BINARY, '.'], {
    cwd: SOURCE_DIR,
    env: { ...process.env, CGO_ENABLED: '0' },
  })
  fs.writeFileSync(stampFile, stamp)
  say(`embedded database built: ${path.relative(root, BINARY)}`)
  return BINARY
}

/**
 * Start FerretDB on `port`, keeping its data in SQLite files under `dir` or in the PostgreSQL database
 * `postgresqlUrl`. The server exits by itself if this process dies
 * (-parent-pid), so a killed `npm start` never leaves it behind.
 */
function startFerret({ binary, dir, postgresqlUrl, port, logFile }) {
  if (!postgresqlUrl) fs.mkdirSync(dir, { recursive: true })
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore'
  const storage = postgresqlUrl ? ['-postgresql-url', postgresqlUrl] : ['-sqlite-dir', dir]
  const child = spawn(binary, [...storage, '-listen-addr', `127.0.0.1:${port}`, '-log-level', 'warn', '-parent-pid', String(process.pid)], {
    stdio: ['ignore', out, out],
  })
  return child
}

module.exports = { ensureFerretBinary, startFerret, FERRET_BINARY: BINARY }
