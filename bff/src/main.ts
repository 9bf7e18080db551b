import type { Server } from 'node:http'
import { createApp } from './app'
import { composeDeps, connectDb, migrateDb, startDomainJobs } from './compose'
import { loadConfig } from './config'
import { DOMAINS } from './domains'
import { systemClock } from './infra/clock'
import { createLogger } from './infra/logger'
import { serveMetrics } from './infra/metrics'
import { exitWhenParentDies } from './infra/process'
import { guardHttpServer, installProcessGuard } from './infra/process-guard'
import { stopDeferred } from './kernel/background'
import { seedAtStart } from './seed/seed'

async function main() {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  exitWhenParentDies()
  const db = await connectDb(config.mongodbUri, config.mongodbDb, DOMAINS, { timeoutMs: config.dbTimeoutMs })
  const deps = composeDeps({ config, db, logger, clock: systemClock })
  // stored data in the shape this code expects before anything reads it (kernel/migration.ts)
  await migrateDb(deps)
  if (config.seedDemo) logger.info({ seed: await seedAtStart(deps) }, 'demo data seeded')
  const app = createApp(deps)
  // every domain's background work (sweepers, notification sending, catch-ups)
  const jobs = startDomainJobs(deps)
  const server: Server = app.listen(config.port, config.host)
  guardHttpServer(server, logger)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  logger.info({ port, env: config.env }, `BFF listening on http://${config.host}:${port}`)
  const metricsServer = config.metrics.port === undefined ? null : await serveMetrics(deps.metrics, config.metrics.host, config.metrics.port)
  if (metricsServer) {
    const a = metricsServer.address()
    const metricsPort = typeof a === 'object' && a ? a.port : config.metrics.port
    logger.info({ metricsPort }, `metrics on http://${config.metrics.host}:${metricsPort}/metrics`)
  }

  let stopping = false
  const stop = async (signal: string, code = 0) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    server.close()
    metricsServer?.close()
    await jobs.stop()
    await stopDeferred(db, logger)
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
