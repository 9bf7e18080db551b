// Builds the H5 mini-app when its sources changed since the last build.
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { root, h5Dist } = require('./paths.cjs')
const { run } = require('./run.cjs')
const { say } = require('./say.cjs')

const INPUTS = ['miniapp/src', 'miniapp/config', 'miniapp/babel.config.js', 'miniapp/package.json', 'shared/src']

function walk(p, out) {
  const st = fs.statSync(p)
  if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e), out)
  else out.push(`${path.relative(root, p)}:${st.size}:${crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex')}`)
}

function sourceStamp() {
  const entries = []
  for (const i of INPUTS) walk(path.join(root, i), entries)
  return crypto.createHash('sha1').update(entries.join('\n')).digest('hex')
}

async function ensureH5Build() {
  const stampFile = path.join(h5Dist, '.build-stamp')
  const stamp = sourceStamp()
  if (fs.existsSync(path.join(h5Dist, 'index.html')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    return h5Dist
  }
  say('building the H5 mini-app (taro build --type h5; about 30 seconds) …')
  await run('npx', ['taro', 'build', '--type', 'h5'], { cwd: path.join(root, 'miniapp'), quiet: true, env: { ...process.env, NODE_ENV: 'production' } })
  fs.writeFileSync(stampFile, stamp)
  say('H5 mini-app built')
  return h5Dist
}

const PUBLIC_INPUTS = ['public-app/src', 'public-app/build.mjs', 'public-app/package.json', 'shared/src/public']
const publicDist = path.join(root, 'public-app', 'dist')

/** Builds the citizen's page (public-app, esbuild, a second or two) when its sources changed. */
async function ensurePublicBuild() {
  const stampFile = path.join(publicDist, '.build-stamp')
  const entries = []
  for (const i of PUBLIC_INPUTS) walk(path.join(root, i), entries)
  const stamp = crypto.createHash('sha1').update(entries.join('\n')).digest('hex')
  if (fs.existsSync(path.join(publicDist, 'index.html')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return publicDist
  await run('node', ['build.mjs'], { cwd: path.join(root, 'public-app'), quiet: true })
  fs.writeFileSync(stampFile, stamp)
  say('public page built (public-app/dist)')
  return publicDist
}

module.exports = { ensureH5Build, ensurePublicBuild, publicDist }
