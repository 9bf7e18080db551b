// `npm run seed`: seeds the demo street into MONGODB_URI / MONGODB_DB (idempotent).
import { composeDeps, connectDb, migrateDb } from '../compose'
import { loadConfig } from '../config'
import { systemClock } from '../infra/clock'
import { createLogger } from '../infra/logger'
import { seedDemo } from '../seed/seed'

async function main() {
  const config = loadConfig()
  const db = await connectDb(config.mongodbUri, config.mongodbDb)
  try {
    const deps = composeDeps({ config, db, logger: createLogger(config.logLevel), clock: systemClock })
    await migrateDb(deps)
    const report = await seedDemo(db, { demo: deps })
    for (const [what, r] of Object.entries(report)) {
      process.stdout.write(`${what.padEnd(12)} inserted ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}\n`)
    }
  } finally {
    await db.close()
  }
}

main().catch((e) => {
  process.stderr.write(`seed failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
