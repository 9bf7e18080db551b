// `npm run seed`: seeds the demo street into MONGODB_URI / MONGODB_DB (idempotent).
import { connectDb } from '../infra/db'
import { seedDemo } from '../seed/seed'

async function main() {
  const uri = process.env.MONGODB_URI
  if (!uri) throw new Error('MONGODB_URI is not set')
  const db = await connectDb(uri, process.env.MONGODB_DB ?? 'jqtb')
  try {
    const report = await seedDemo(db)
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
