// `npm run restore -- <archive>`: loads a backup (platform/backup.ts) into an EMPTY database and photo
// storage (MONGODB_URI / MONGODB_DB, FILE_STORAGE, DATA_DIR); refuses a target that holds anything.
// The archive is checked completely before anything is written.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { connectDb } from '../compose'
import { loadDataConfig } from '../config'
import { restoreBackup } from '../platform/backup'
import { progressPrinter } from './progress'

async function main() {
  const { positionals } = parseArgs({ allowPositionals: true })
  if (positionals.length !== 1) throw new Error('usage: npm run restore -- <backup file .jsonl.gz>')
  const file = path.resolve(positionals[0])
  const config = loadDataConfig()
  const db = await connectDb(config.mongodbUri, config.mongodbDb)
  try {
    process.stdout.write(`checking ${file}, then restoring into database ${config.mongodbDb} (photos: ${config.fileStorage}) …\n`)
    const started = Date.now()
    const summary = await restoreBackup({ db, config }, file, progressPrinter())
    const docs = Object.values(summary.counts).reduce((a, b) => a + b, 0)
    process.stdout.write(
      `restored the backup of ${summary.db} taken ${summary.createdAt}: ${docs} documents, ${summary.files} photos in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    )
  } finally {
    await db.close()
  }
}

main().catch((e) => {
  process.stderr.write(`restore failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
