// Starting our own Node services (BFF, DingTalk simulator) as child processes that cannot outlive us.
const fs = require('node:fs')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { root } = require('./paths.cjs')

/** Spawn `node --import tsx <entry>` with env; output goes to logFile. */
function startNodeService({ name, entry, env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const out = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env, JQTB_PARENT_PID: String(process.pid) },
    stdio: ['ignore', out, out],
  })
  child.serviceName = name
  child.logFile = logFile
  return child
}

async function waitForHttp(url, { timeoutMs = 30000, child } = {}) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${child.serviceName} exited (code ${child.exitCode}); see ${child.logFile}`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`)
}

function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

module.exports = { startNodeService, waitForHttp, tail }
