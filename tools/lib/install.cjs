// Installs npm packages when they are missing or older than the lockfile.
const fs = require('node:fs')
const path = require('node:path')
const { root } = require('./paths.cjs')
const { run } = require('./run.cjs')
const { say } = require('./say.cjs')

const MANIFESTS = ['package-lock.json', 'package.json', 'shared/package.json', 'bff/package.json', 'simulator/package.json', 'miniapp/package.json']

/** A hash of every manifest: packages are reinstalled exactly when one of them changed. */
function manifestHash() {
  const hash = require('node:crypto').createHash('sha1')
  for (const m of MANIFESTS) {
    const p = path.join(root, m)
    if (fs.existsSync(p)) hash.update(m).update(fs.readFileSync(p))
  }
  return hash.digest('hex')
}

async function ensureNodeModules() {
  const stampFile = path.join(root, 'node_modules', '.jqtb-install-stamp')
  const wanted = manifestHash()
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === wanted) return
  const hasLock = fs.existsSync(path.join(root, 'package-lock.json'))
  say(`installing npm packages (${hasLock ? 'npm ci' : 'npm install'}; about 2 minutes the first time) …`)
  await run('npm', [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root })
  fs.writeFileSync(stampFile, manifestHash())
  say('npm packages installed')
}

module.exports = { ensureNodeModules }
