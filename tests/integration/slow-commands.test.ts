import { Writable } from 'node:stream'
import { connectDb } from '../../bff/src/compose'
import type { Db } from '../../bff/src/infra/db'
import { createLogger } from '../../bff/src/infra/logger'
import { logSlowCommands } from '../../bff/src/infra/slow-commands'
import { dropAndClose, testDbName, testMongoUri } from '../support/db'

let db: Db
const lines: Array<{ msg?: string; db?: Record<string, unknown> }> = []
const sink = new Writable({
  write(chunk, _enc, cb) {
    for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
    cb()
  },
})

beforeAll(async () => {
  db = await connectDb(testMongoUri(), testDbName())
})
afterAll(() => dropAndClose(db))

describe('the slow-command log (DB_SLOW_MS)', () => {
  it('logs a command over the threshold with its collection and filter shape, never the values', async () => {
    // the smallest positive threshold: every command that took any time at all is "slow"
    logSlowCommands(db.conn, Number.MIN_VALUE, createLogger('info', sink))
    const phone = 'hash-of-13800001111'
    await db.conn.collection('slow_probe').insertOne({ _id: 'p1' as never, phone, at: new Date() })
    await db.conn
      .collection('slow_probe')
      .find({ phone, at: { $gte: new Date(0) } })
      .sort({ at: -1 })
      .limit(5)
      .toArray()
    await new Promise((r) => setImmediate(r))
    const find = lines.find((l) => l.msg === 'slow database command' && l.db?.command === 'find' && l.db?.collection === 'slow_probe')
    expect(find?.db).toMatchObject({ filter: { phone: '?', at: { $gte: '?' } }, sort: { at: -1 }, limit: 5, outcome: 'ok' })
    expect(typeof find?.db?.ms).toBe('number')
    expect(JSON.stringify(lines)).not.toContain(phone)
    const insert = lines.find((l) => l.db?.command === 'insert' && l.db?.collection === 'slow_probe')
    expect(insert?.db?.documents).toBe(1)
  })
})
