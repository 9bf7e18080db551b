// Keeps one child process running: when it dies without being asked to, it is started again — the same
// command, port and data — after a pause that doubles with each quick crash (1 s, 2 s, 4 s … at most 30 s) and
// starts over once it has run for a minute. Each death and each restart is one log line. `npm start` runs the
// database, the simulator and the BFF under it; in production systemd does the same for the BFF
// (docs/operations.md).
const { say } = require('./say.cjs')

const DEFAULTS = { firstDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 60_000 }

/**
 * @param {{
 *   name: string,
 *   start: () => import('node:child_process').ChildProcess,
 *   ready?: (child: import('node:child_process').ChildProcess) => Promise<void>,
 *   describeExit?: (child: import('node:child_process').ChildProcess) => string,
 *   firstDelayMs?: number, maxDelayMs?: number, stableAfterMs?: number,
 *   log?: (line: string) => void,
 * }} opts
 *   start: spawns the process (called again for each restart); ready: resolves when a (re)started process
 *   serves; describeExit: extra words for the log line when it died (e.g. the last lines of its log)
 * @param {import('node:child_process').ChildProcess} first the process already started (and ready) by the caller
 */
function supervise(opts, first) {
  const o = { ...DEFAULTS, ...opts }
  const log = o.log ?? say
  let child = first
  let startedAt = Date.now()
  let quickCrashes = 0
  let restarts = 0
  let stopping = false
  let timer = null
  const listeners = new Set()

  const watch = (c) => {
    c.once('exit', (code, signal) => {
      if (stopping || c !== child) return
      const ranMs = Date.now() - startedAt
      quickCrashes = ranMs >= o.stableAfterMs ? 0 : quickCrashes + 1
      const delay = Math.min(o.firstDelayMs * 2 ** Math.max(0, quickCrashes - 1), o.maxDelayMs)
      const how = signal ? `signal ${signal}` : `code ${code}`
      const extra = o.describeExit ? o.describeExit(c) : ''
      log(`${o.name} stopped unexpectedly (${how}, pid ${c.pid}); restarting it in ${delay / 1000} s${extra ? `\n${extra}` : ''}`)
      timer = setTimeout(() => void restart(), delay)
    })
  }

  const restart = async () => {
    timer = null
    if (stopping) return
    let next
    try {
      next = o.start()
    } catch (e) {
      log(`${o.name} could not be started: ${e.message}`)
      quickCrashes++
      timer = setTimeout(() => void restart(), Math.min(o.firstDelayMs * 2 ** quickCrashes, o.maxDelayMs))
      return
    }
    next.on('error', () => {}) // a spawn failure shows as its exit
    child = next
    startedAt = Date.now()
    watch(next)
    try {
      if (o.ready) await o.ready(next)
    } catch (e) {
      // it died or never answered: its exit (or the kill below) schedules the next attempt
      if (next.exitCode === null && next.signalCode === null) next.kill('SIGKILL')
      log(`${o.name} did not come back: ${e.message}`)
      return
    }
    if (stopping || next !== child) return
    restarts++
    log(`${o.name} restarted (pid ${next.pid}, restart #${restarts})`)
    for (const l of listeners) l(next)
  }

  watch(child)
  return {
    get child() {
      return child
    },
    get pid() {
      return child.pid
    },
    get restarts() {
      return restarts
    },
    /** called with the new process after each successful restart */
    onRestart(listener) {
      listeners.add(listener)
    },
    /** stops supervising; the caller stops the current process */
    release() {
      stopping = true
      if (timer) clearTimeout(timer)
      return child
    },
  }
}

module.exports = { supervise }
