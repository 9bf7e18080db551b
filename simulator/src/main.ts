import { createSimulatorApp } from './app'

const port = Number(process.env.PORT) || 8090
const parent = Number(process.env.JQTB_PARENT_PID)
if (parent) {
  setInterval(() => {
    try {
      process.kill(parent, 0)
    } catch {
      process.exit(0)
    }
  }, 1000).unref()
}

createSimulatorApp({ h5Url: process.env.JQTB_H5_URL || undefined }).listen(port, '127.0.0.1', () => {
  process.stdout.write(`DingTalk simulator listening on http://127.0.0.1:${port}\n`)
})
process.on('SIGTERM', () => process.exit(0))
process.on('SIGINT', () => process.exit(0))
