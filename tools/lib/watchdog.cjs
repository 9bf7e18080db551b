// Runs a command and stops it when the process that asked for it goes away, even if that process was
// killed with SIGKILL and could not clean up. Usage: node watchdog.cjs <parent pid> <command> [args…]
// (FerretDB watches its parent itself; mongod cannot, so it runs under this.)
const { spawn } = require('node:child_process')

const [parentArg, cmd, ...args] = process.argv.slice(2)
const parent = Number(parentArg)
const child = spawn(cmd, args, { stdio: 'inherit' })
const stop = () => {
  if (child.exitCode === null) child.kill('SIGTERM')
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
setInterval(() => {
  try {
    process.kill(parent, 0)
  } catch {
    stop()
  }
}, 1000).unref()
