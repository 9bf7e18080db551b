// Progress messages for the two commands: short, prefixed, on stderr so stdout stays clean.
const start = Date.now()
function say(msg) {
  const s = ((Date.now() - start) / 1000).toFixed(1).padStart(5)
  process.stderr.write(`[jqtb ${s}s] ${msg}\n`)
}
module.exports = { say }
