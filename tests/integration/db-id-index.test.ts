/**
 * Reads, updates and deletes by `_id` use an index on every engine we run on (docs/database.md#reading-by-id).
 * FerretDB 1.24's SQLite backend indexes `_ferretdb_sjson->"_id"` but its statements filtered on
 * `_ferretdb_sjson->'$._id'`, so every `_id` lookup, update and delete scanned the whole collection —
 * claims slowed as the task log grew, and long write scans ran into SQLite's busy timeout. Our build
 * patches the statements (tools/ferretdb/patches) to use the indexed expression; this test fails on an
 * unpatched FerretDB.
 */
import mongoose, { type Connection } from 'mongoose'
import { DOMAINS } from '../../bff/src/domains'
import { ensureSchema, isFerretDb, openDb } from '../../bff/src/infra/db'
import { testDbName, testMongoUri } from '../support/db'

let conn: Connection

beforeAll(async () => {
  conn = await mongoose.createConnection(testMongoUri(), { dbName: testDbName() }).asPromise()
  await conn.dropDatabase()
})
afterAll(async () => {
  await conn.dropDatabase()
  await conn.close()
})

/** The engine's plan for `find({_id})` on `collection`, as text. */
async function planOf(collection: string): Promise<string> {
  const db = conn.db
  if (!db) throw new Error('not connected')
  const explained = await db.command({ explain: { find: collection, filter: { _id: 'doc-1500' } } })
  return JSON.stringify(explained.queryPlanner ?? explained)
}

/** An index lookup in the plan of SQLite (FerretDB), PostgreSQL (FerretDB) or MongoDB. */
const USES_INDEX = /SEARCH \S+ USING INDEX|Index Scan|Index Only Scan|IDHACK|EXPRESS_IXSCAN|IXSCAN/
const FULL_SCAN = /"SCAN |detail=SCAN |Seq Scan|COLLSCAN/

it('a new collection answers `_id` lookups from an index at once', async () => {
  const name = 'id_index_probe'
  await conn.createCollection(name)
  const coll = conn.collection(name)
  await coll.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: `doc-${i}` as never, n: i })))
  const plan = await planOf(name)
  expect(plan).toMatch(USES_INDEX)
  expect(plan).not.toMatch(FULL_SCAN)
})

it('updates and deletes by `_id` on the indexed collection still act on exactly their document', async () => {
  const coll = conn.collection('id_index_probe')
  expect((await coll.updateOne({ _id: 'doc-1500' as never }, { $set: { n: -1 } })).modifiedCount).toBe(1)
  expect((await coll.findOne({ _id: 'doc-1500' as never }))?.n).toBe(-1)
  expect((await coll.findOne({ _id: 'doc-1501' as never }))?.n).toBe(1501)
  const deletes = await Promise.all(Array.from({ length: 10 }, () => coll.deleteOne({ _id: 'doc-1500' as never })))
  expect(deletes.map((d) => d.deletedCount).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
  expect(await coll.countDocuments()).toBe(2999)
})

describe('secondary indexes on the embedded database (docs/database.md#indexes)', () => {
  it('are not created on FerretDB, where no query uses them and every write recomputes them; a unique one is', async () => {
    const db = await openDb(testMongoUri(), testDbName(), DOMAINS)
    try {
      const keys = (await db.conn.collection('tasks').indexes()).map((i) => Object.keys(i.key).join(','))
      const events = (await db.conn.collection('task_events').indexes()).map((i) => `${Object.keys(i.key).join(',')}${i.unique ? ' unique' : ''}`)
      expect(events).toContain('taskId,seq unique')
      if (await isFerretDb(db)) {
        expect(keys).toEqual(['_id'])
        expect(events).not.toContain('at,_id')
      } else {
        expect(keys).toContain('claimable,publishedAt,_id')
      }
    } finally {
      await db.close()
    }
  })

  it('left by an earlier build are dropped at start on FerretDB (and kept on MongoDB)', async () => {
    const db = await openDb(testMongoUri(), testDbName(), DOMAINS)
    try {
      await db.conn.collection('tasks').createIndex({ state: 1, updatedAt: -1 }, { name: 'left_over' })
      await ensureSchema(db)
      const names = (await db.conn.collection('tasks').indexes()).map((i) => i.name)
      if (await isFerretDb(db)) expect(names).not.toContain('left_over')
      else expect(names).toContain('left_over')
    } finally {
      await db.close()
    }
  })
})
