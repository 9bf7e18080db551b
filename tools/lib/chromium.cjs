// Headless Chromium for the browser tests: Debian's package (never a browser download by a test
// tool), plus a CJK font so Chinese text in screenshots is readable.
const fs = require('node:fs')
const { run, which } = require('./run.cjs')
const { say } = require('./say.cjs')

function hasCjkFont() {
  return ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/wqy'].some((d) => fs.existsSync(d))
}

async function ensureChromium() {
  const existing = process.env.CHROMIUM_PATH || which('chromium') || which('chromium-browser')
  if (existing && hasCjkFont()) return existing
  const missing = [existing ? null : 'chromium', hasCjkFont() ? null : 'fonts-noto-cjk'].filter(Boolean)
  if (!which('apt-get')) {
    throw new Error(`browser tests need ${missing.join(' and ')}; install them (Debian: apt-get install ${missing.join(' ')}) or set CHROMIUM_PATH`)
  }
  say(`installing ${missing.join(' and ')} for the browser tests (apt-get; about a minute) …`)
  const sudo = process.getuid && process.getuid() !== 0 && which('sudo') ? ['sudo'] : []
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args) => (sudo.length ? run('sudo', ['-E', 'apt-get', ...args], { quiet: true, env }) : run('apt-get', args, { quiet: true, env }))
  await apt(['update', '-qq'])
  await apt(['install', '-y', '-qq', '--no-install-recommends', ...missing])
  const path = which('chromium') || which('chromium-browser')
  if (!path) throw new Error('chromium is still missing after apt-get install')
  say(`installed ${missing.join(' and ')}`)
  return path
}

module.exports = { ensureChromium }
