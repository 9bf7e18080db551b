import type { Server } from 'node:http'
import { createApp } from './app'
import { loadConfig } from './config'
import { createGateways } from './dingtalk'
import { systemClock } from './infra/clock'
import { connectDb } from './infra/db'
import { createLogger } from './infra/logger'
import { exitWhenParentDies } from './infra/process'
import { guardHttpServer, installProcessGuard } from './infra/process-guard'
import { startJobs } from './infra/scheduler'
import { createOutboxNotifier } from './notifications/notifier'
import { outboxJob } from './notifications/worker'
import { pointsJobs } from './points/jobs'
import { seedDemo } from './seed/seed'
import { taskJobs } from './tasks/sweeper'

async function main() {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  exitWhenParentDies()
  const db = await connectDb(config.mongodbUri, config.mongodbDb, { timeoutMs: config.dbTimeoutMs })
  if (config.seedDemo) logger.info({ seed: await seedDemo(db, { demoTasks: { piiKey: config.piiKey } }) }, 'demo data seeded')
  const deps = {
    config,
    db,
    logger,
    clock: systemClock,
    notifier: createOutboxNotifier(db, systemClock),
    gateway: createGateways(config, systemClock),
  }
  const app = createApp(deps)
  // Background work (sweepers, notification sending); each domain adds its jobs here.
  const jobs = startJobs([outboxJob(deps), ...taskJobs(deps), ...pointsJobs(deps)], logger)
  const server: Server = app.listen(config.port, config.host)
  guardHttpServer(server, logger)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  logger.info({ port, env: config.env }, `BFF listening on http://${config.host}:${port}`)

  let stopping = false
  const stop = async (signal: string, code = 0) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    server.close()
    await jobs.stop()
    await db.close().catch(() => {})
    process.exit(code)
  }
  installProcessGuard({ logger, shutdown: (code) => stop('uncaught exception', code) })
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((err) => {
  process.stderr.write(`BFF failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
