/**
 * Guard tests for the database we rely on (docs/database.md#guard-tests). The whole concurrency design
 * (docs/database.md#unique-keys) stands on exactly two primitives; if either stops holding, these fail.
 */
import mongoose, { type Connection } from 'mongoose'
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

describe('unique-key insert: exactly one concurrent inserter wins', () => {
  it('50 concurrent inserts of the same _id → 1 success, 49 duplicate-key (11000)', async () => {
    const coll = conn.collection('guard_insert')
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => coll.insertOne({ _id: 'same-key' as never, by: i })))
    const ok = results.filter((r) => r.status === 'fulfilled')
    const codes = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: number }).code)
    expect(ok).toHaveLength(1)
    expect(codes).toHaveLength(49)
    expect(new Set(codes)).toEqual(new Set([11000]))
    expect(await coll.countDocuments({ _id: 'same-key' as never })).toBe(1)
  })

  it('50 concurrent inserts of the same compound unique key → 1 success, 49 × 11000', async () => {
    const coll = conn.collection('guard_compound')
    await coll.createIndex({ taskId: 1, seq: 1 }, { unique: true })
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => coll.insertOne({ taskId: 't1', seq: 7, by: i })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const codes = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: number }).code)
    expect(codes).toEqual(Array(49).fill(11000))
  })

  it('a failed duplicate insert leaves nothing behind', async () => {
    const coll = conn.collection('guard_leftover')
    await coll.insertOne({ _id: 'k' as never, v: 'first' })
    await expect(coll.insertOne({ _id: 'k' as never, v: 'second' })).rejects.toMatchObject({ code: 11000 })
    expect(await coll.find({}).toArray()).toEqual([{ _id: 'k', v: 'first' }])
  })
})

describe('deleteOne({_id}): exactly one concurrent deleter gets deletedCount 1', () => {
  it('20 concurrent deletes of one document → exactly one deletedCount: 1', async () => {
    for (let round = 0; round < 5; round++) {
      const coll = conn.collection('guard_delete')
      await coll.insertOne({ _id: `token-${round}` as never })
      const counts = await Promise.all(Array.from({ length: 20 }, () => coll.deleteOne({ _id: `token-${round}` as never }).then((r) => r.deletedCount)))
      expect(counts.filter((c) => c === 1)).toHaveLength(1)
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1)
    }
  })
})

describe('startup smoke: the ordinary CRUD our models use', () => {
  it('insert, find, update, countDocuments, distinct, delete', async () => {
    const coll = conn.collection('guard_crud')
    await coll.insertMany([
      { _id: 'a' as never, g: 'x', n: 1 },
      { _id: 'b' as never, g: 'y', n: 2 },
      { _id: 'c' as never, g: 'x', n: 3 },
    ])
    await coll.updateOne({ _id: 'a' as never }, { $set: { n: 10 }, $addToSet: { tags: 'hot' } })
    expect(await coll.findOne({ _id: 'a' as never })).toEqual({ _id: 'a', g: 'x', n: 10, tags: ['hot'] })
    expect(await coll.countDocuments({ g: 'x' })).toBe(2)
    expect((await coll.distinct('g')).sort()).toEqual(['x', 'y'])
    const page = await coll.find({ g: 'x' }).sort({ n: -1, _id: 1 }).limit(1).toArray()
    expect(page.map((d) => d._id)).toEqual(['a'])
    expect((await coll.deleteMany({ g: 'x' })).deletedCount).toBe(2)
  })
})

// What FerretDB gets wrong, pinned so nobody "simplifies" the design back to read-modify-write.
// On MongoDB these behave correctly; the assertions cover both engines.
describe('documented divergences (why we never use conditional updates as locks)', () => {
  it('parallel findOneAndUpdate "claims" may produce more than one winner on FerretDB, exactly one on MongoDB', async () => {
    const coll = conn.collection('guard_fam')
    let maxWinners = 0
    for (let round = 0; round < 5; round++) {
      await coll.insertOne({ _id: `task-${round}` as never, status: 'open' })
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => coll.findOneAndUpdate({ _id: `task-${round}` as never, status: 'open' }, { $set: { status: 'claimed', by: i } })),
      )
      maxWinners = Math.max(maxWinners, results.filter((r) => r !== null).length)
    }
    if (process.env.JQTB_TEST_DB_KIND === 'ferretdb') expect(maxWinners).toBeGreaterThanOrEqual(1)
    else expect(maxWinners).toBe(1)
  })

  it('$push with $slice is ignored on FerretDB (so we trim in JS)', async () => {
    const coll = conn.collection('guard_slice')
    await coll.insertOne({ _id: 's' as never, log: [1, 2, 3] })
    await coll.updateOne({ _id: 's' as never }, { $push: { log: { $each: [4], $slice: -2 } } } as never)
    const doc = await coll.findOne({ _id: 's' as never })
    if (process.env.JQTB_TEST_DB_KIND === 'ferretdb') expect(doc?.log).toEqual([1, 2, 3, 4])
    else expect(doc?.log).toEqual([3, 4])
  })

  it('$pull with a condition or a partial sub-document removes nothing on FerretDB (so we reassign the array)', async () => {
    const coll = conn.collection('guard_pull')
    await coll.insertOne({
      _id: 'p' as never,
      n: [1, 5, 9],
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
      ],
    })
    await coll.updateOne({ _id: 'p' as never }, { $pull: { n: { $gte: 5 }, items: { k: 'a' } } } as never)
    const doc = await coll.findOne({ _id: 'p' as never })
    if (process.env.JQTB_TEST_DB_KIND === 'ferretdb') expect(doc).toMatchObject({ n: [1, 5, 9], items: [{ k: 'a' }, { k: 'b' }] })
    else expect(doc).toMatchObject({ n: [1], items: [{ k: 'b' }] })
    // an exact scalar value is pulled on both engines
    await coll.updateOne({ _id: 'p' as never }, { $pull: { n: 9 } } as never)
    expect((await coll.findOne({ _id: 'p' as never }))?.n).toEqual(process.env.JQTB_TEST_DB_KIND === 'ferretdb' ? [1, 5] : [1])
  })
})
