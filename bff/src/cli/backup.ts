// `npm run backup [-- --dir <folder>] [--keep-days <n>]`: writes jqtb-<db>-<yyyymmdd-hhmmss>.jsonl.gz with
// every collection and photo (platform/backup.ts) into <folder> (default DATA_DIR/backups), then deletes
// this database's archives there older than <n> days (default: keeps all). Exit 1 on failure, 2 when photos were missing.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { connectDb } from '../compose'
import { loadDataConfig } from '../config'
import { pruneBackups, writeBackup } from '../platform/backup'
import { progressPrinter } from './progress'

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, 'keep-days': { type: 'string' } } })
  const config = loadDataConfig()
  const dir = path.resolve(values.dir ?? path.join(config.dataDir, 'backups'))
  const keepDays = values['keep-days'] === undefined ? undefined : Number(values['keep-days'])
  if (keepDays !== undefined && !(Number.isInteger(keepDays) && keepDays >= 1)) throw new Error('--keep-days must be a whole number of days ≥ 1')
  const db = await connectDb(config.mongodbUri, config.mongodbDb)
  try {
    process.stdout.write(`backing up database ${config.mongodbDb} (photos: ${config.fileStorage}) into ${dir} …\n`)
    const started = Date.now()
    const summary = await writeBackup({ db, config }, dir, progressPrinter())
    const docs = Object.values(summary.counts).reduce((a, b) => a + b, 0)
    process.stdout.write(
      `wrote ${summary.file}: ${Object.keys(summary.counts).length} collections, ${docs} documents, ${summary.files} photos, ${(summary.bytes / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    )
    if (keepDays !== undefined) {
      const removed = await pruneBackups(dir, config.mongodbDb, keepDays)
      process.stdout.write(
        removed.length ? `deleted ${removed.length} archives older than ${keepDays} days: ${removed.join(', ')}\n` : `no archive older than ${keepDays} days\n`,
      )
    }
    if (summary.missingFiles.length) {
      process.stdout.write(
        `WARNING: ${summary.missingFiles.length} photos have a record but no bytes in the ${config.fileStorage} storage (is FILE_STORAGE right?): ${summary.missingFiles.slice(0, 10).join(', ')}\n`,
      )
      process.exitCode = 2
    }
  } finally {
    await db.close()
  }
}

main().catch((e) => {
  process.stderr.write(`backup failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
