import { createHash } from 'node:crypto'
import path from 'node:path'
import { connectDb } from '../../bff/src/compose'
import { type Db, ensureSchema } from '../../bff/src/infra/db'
import type { DomainModule } from '../../bff/src/kernel/domain'

export function testMongoUri(): string {
  const uri = process.env.JQTB_TEST_MONGO_URI
  if (!uri) throw new Error('JQTB_TEST_MONGO_URI is not set: run tests through `npm test` or jest with the global setup')
  return uri
}

/** One database per test file (docs/database.md#launcher: separate SQLite files, separate write locks). */
export function testDbName(suffix = ''): string {
  const file = expect.getState().testPath ?? 'unknown'
  const base = path
    .basename(file)
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-z0-9]/gi, '_')
    .slice(0, 30)
  const hash = createHash('sha1')
    .update(file + suffix)
    .digest('hex')
    .slice(0, 6)
  return `t_${base}_${hash}${suffix ? `_${suffix}` : ''}`
}

/** Connects to a fresh, empty database for this test file. */
export async function freshTestDb(suffix = '', domains?: readonly DomainModule[]): Promise<Db> {
  const db = await connectDb(testMongoUri(), testDbName(suffix), domains)
  await db.conn.dropDatabase()
  await ensureSchema(db)
  return db
}

export async function dropAndClose(db: Db): Promise<void> {
  await db.conn.dropDatabase().catch(() => {})
  await db.close()
}
