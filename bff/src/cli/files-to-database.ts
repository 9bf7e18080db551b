// `npm run files:to-database`: copies the uploaded photos from DATA_DIR/files into the database and
// verifies every one (files/copy.ts). Run it with the same MONGODB_URI, MONGODB_DB and DATA_DIR as the BFF.
import { connectDb } from '../compose'
import { loadDataConfig } from '../config'
import { copyFilesToDatabase } from '../files/copy'

async function main() {
  const config = loadDataConfig()
  const db = await connectDb(config.mongodbUri, config.mongodbDb)
  try {
    process.stdout.write(`copying photos from ${config.dataDir}/files into the database ${config.mongodbDb} …\n`)
    let last = 0
    const report = await copyFilesToDatabase(db, config.dataDir, (done, total) => {
      if (done === total || Date.now() - last > 1000) {
        last = Date.now()
        process.stdout.write(`  ${done} / ${total}\n`)
      }
    })
    process.stdout.write(
      `files ${report.total}: copied ${report.copied}, already there ${report.present}, verified ${report.verified}, missing ${report.missing.length}, corrupt ${report.corrupt.length}\n`,
    )
    for (const id of report.missing) process.stdout.write(`  missing on disk: ${id}\n`)
    for (const id of report.corrupt) process.stdout.write(`  does not match its upload's SHA-256: ${id}\n`)
    if (report.verified !== report.total) {
      process.stdout.write('Not every file is in the database: keep FILE_STORAGE=disk until the files above are found or accepted as lost.\n')
      process.exitCode = 2
    } else {
      process.stdout.write('Every file is in the database and verified. Set FILE_STORAGE=database on every instance.\n')
    }
  } finally {
    await db.close()
  }
}

main().catch((e) => {
  process.stderr.write(`copy failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
