// A private PostgreSQL cluster under the data folder, for FerretDB's PostgreSQL backend
// (docs/database.md#launcher). PostgreSQL refuses to run as root, so a launcher running as root starts it
// as an unprivileged user (JQTB_PG_USER, else `postgres`, else `nobody`) through setpriv, which execs
// in place: the pid we hold is the server's. It runs under watchdog.cjs, so a killed launcher never
// leaves it behind.
const fs = require('node:fs')
const path = require('node:path')
const { spawn, spawnSync } = require('node:child_process')
const { which } = require('./run.cjs')

/** The directory holding `postgres` and `initdb` (PATH first, then Debian's /usr/lib/postgresql/<v>/bin), or null. */
function findPostgres() {
  const onPath = which('postgres')
  if (onPath && which('initdb')) return path.dirname(fs.realpathSync(onPath))
  const base = '/usr/lib/postgresql'
  let versions = []
  try {
    versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))
  } catch {
    return null
  }
  for (const v of versions) {
    const bin = path.join(base, v, 'bin')
    if (fs.existsSync(path.join(bin, 'postgres')) && fs.existsSync(path.join(bin, 'initdb'))) return bin
  }
  return null
}

/** Who runs the server: ourselves, or (as root) an unprivileged account. */
function serverAccount() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null
  for (const name of [process.env.JQTB_PG_USER, 'postgres', 'nobody'].filter(Boolean)) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' })
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' })
    if (uid.status === 0 && gid.status === 0) return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  }
  throw new Error('PostgreSQL refuses to run as root and no unprivileged account was found: set JQTB_PG_USER to one')
}

/** [command, ...args] prefixed to run as the server's account (setpriv replaces itself with the command). */
function asAccount(account, cmd, args) {
  if (!account) return [cmd, args]
  return ['setpriv', ['--reuid', String(account.uid), '--regid', String(account.gid), '--clear-groups', '--', cmd, ...args]]
}

/** Creates the cluster in `dataDir` once (trust authentication on loopback only, user jqtb). */
function ensureCluster(bin, dataDir) {
  const account = serverAccount()
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return account
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  if (account) fs.chownSync(dataDir, account.uid, account.gid)
  const [cmd, args] = asAccount(account, path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'jqtb',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-instructions',
  ])
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`initdb failed (${r.status}): ${(r.stderr || r.stdout || '').slice(-2000)}`)
  return account
}

/**
 * Starts the server on 127.0.0.1:`port` (its socket in the data folder, not /var/run). `fast` turns
 * fsync off: for throw-away test clusters only.
 */
function startPostgres({ bin, dataDir, port, account, logFile, fast }) {
  const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${dataDir}`, 'max_connections=300', 'shared_buffers=128MB']
  if (fast) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off')
  const [cmd, args] = asAccount(account, path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])])
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore'
  return spawn(process.execPath, [path.join(__dirname, 'watchdog.cjs'), String(process.pid), cmd, ...args], { stdio: ['ignore', out, out] })
}

module.exports = { findPostgres, ensureCluster, startPostgres }
