// `npm run reindex`: recomputes every index fact from the task logs and every stored number from the
// facts, in MONGODB_URI / MONGODB_DB (bff/src/indices/reindex.ts). Safe while a BFF runs on the same
// database: it rewrites only documents that differ.
import { composeDeps, connectDb } from '../compose'
import { loadConfig } from '../config'
import { reindexAll } from '../indices/reindex'
import { systemClock } from '../infra/clock'
import { createLogger } from '../infra/logger'
import { taskDeps } from '../tasks/log'

async function main() {
  const config = loadConfig()
  const db = await connectDb(config.mongodbUri, config.mongodbDb)
  try {
    const deps = composeDeps({ config, db, logger: createLogger(config.logLevel), clock: systemClock })
    const started = Date.now()
    const report = await reindexAll(taskDeps(deps), {
      onProgress: (done, of) => process.stdout.write(`  facts: ${done} / ${of} tasks\n`),
    })
    const s = ((Date.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `reindex: ${report.tasks} tasks, ${report.factsWritten} facts rewritten, ${report.periods} periods, ${report.written} documents written, ${report.deleted} deleted, ${s} s\n`,
    )
  } finally {
    await db.close()
  }
}

main().catch((e) => {
  process.stderr.write(`reindex failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
