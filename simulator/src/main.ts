import { createSimulator } from './app'

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

const bffUrl = process.env.JQTB_BFF_URL || undefined
const { app, state } = createSimulator({ h5Url: process.env.JQTB_H5_URL || undefined, bffUrl })
app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`DingTalk simulator listening on http://127.0.0.1:${port}\n`)
})

// npm start: once the BFF answers, the channel systems start pushing recent records, one every 20 s
if (bffUrl && process.env.JQTB_INTAKE_LIVE === '1') {
  const waitForBff = async () => {
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`${bffUrl.replace(/\/+$/, '')}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return true
      await new Promise((r) => setTimeout(r, 1000))
    }
    return false
  }
  void waitForBff().then((ready) => {
    if (!ready) return
    const { count } = state.channels.startReplay({ bffUrl, count: 60, intervalMs: 20_000 })
    process.stdout.write(`channel systems: replaying ${count} records into ${bffUrl}, one every 20 s\n`)
  })
}
process.on('SIGTERM', () => process.exit(0))
process.on('SIGINT', () => process.exit(0))
