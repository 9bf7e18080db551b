/**
 * The migration runner (docs/architecture.md#migrations): every domain's migrations run in domain
 * order, once per database, recorded under `<domain>:<id>`; instances starting at the same moment run
 * each one once (the others wait for its record); a runner that died is taken over when its lease runs
 * out; a failure stops the start and the next start tries again.
 */
import pino from 'pino'
import { composeDeps, migrateDb } from '../../bff/src/compose'
import { loadConfig } from '../../bff/src/config'
import type { AppDeps } from '../../bff/src/deps'
import { DOMAINS } from '../../bff/src/domains'
import { ManualClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { defineDomain } from '../../bff/src/kernel/domain'
import type { Migration } from '../../bff/src/kernel/migration'
import { dropAndClose, freshTestDb } from '../support/db'

let db: Db
beforeEach(async () => {
  db = await freshTestDb()
})
afterEach(() => dropAndClose(db))

const config = loadConfig({
  NODE_ENV: 'test',
  MONGODB_URI: 'mongodb://unused',
  LOG_LEVEL: 'silent',
  DINGTALK_SIMULATOR: '1',
  DINGTALK_SIM_URL: 'http://127.0.0.1:9',
})
const depsOn = (clock = new ManualClock(Date.UTC(2026, 10, 27, 8))): AppDeps => composeDeps({ config, db, logger: pino({ level: 'silent' }), clock })

/** A migration that records every run (with who ran it) in a probe collection; optionally slow or failing. */
function probe(id: string, opts: { ms?: number; fail?: () => boolean } = {}): Migration {
  return {
    id,
    description: `probe ${id}`,
    up: async (deps) => {
      await new Promise((r) => setTimeout(r, opts.ms ?? 0))
      await deps.db.conn.collection('migration_probe').insertOne({ migration: id, at: new Date() })
      if (opts.fail?.()) throw new Error('the disk is full')
      return { touched: 1 }
    },
  }
}
const runs = async (id: string) => db.conn.collection('migration_probe').countDocuments({ migration: id })
const withProbes = (...migrations: Migration[]) => [...DOMAINS, defineDomain({ name: 'probe', migrations })]

it('runs every migration once, in domain and list order, and records each under <domain>:<id>', async () => {
  const domains = [
    ...DOMAINS,
    defineDomain({ name: 'alpha', migrations: [probe('0001-a'), probe('0002-b')] }),
    defineDomain({ name: 'beta', migrations: [probe('0001-c')] }),
  ]
  const first = await migrateDb(depsOn(), domains)
  const own = first.filter((o) => /^(alpha|beta):/.test(o.key))
  expect(own).toEqual([
    { key: 'alpha:0001-a', status: 'ran', result: { touched: 1 } },
    { key: 'alpha:0002-b', status: 'ran', result: { touched: 1 } },
    { key: 'beta:0001-c', status: 'ran', result: { touched: 1 } },
  ])
  const order = (await db.conn.collection('migration_probe').find({}).sort({ at: 1, _id: 1 }).toArray()).map((d) => d.migration)
  expect(order).toEqual(['0001-a', '0002-b', '0001-c'])
  const record = await db.models.Migration.findById('alpha:0002-b').lean()
  expect(record).toMatchObject({ domain: 'alpha', description: 'probe 0002-b', attempt: 1, result: { touched: 1 } })

  const again = await migrateDb(depsOn(), domains)
  expect(again.filter((o) => /^(alpha|beta):/.test(o.key)).map((o) => o.status)).toEqual(['found', 'found', 'found'])
  expect(await runs('0001-a')).toBe(1)
})

it('five instances starting at once: each migration runs once, the others wait for its record', async () => {
  const domains = withProbes(probe('0001-slow', { ms: 400 }), probe('0002-next'))
  const outcomes = await Promise.all([1, 2, 3, 4, 5].map((i) => migrateDb(depsOn(), domains, { instance: `instance-${i}`, pollMs: 50 })))
  expect(await runs('0001-slow')).toBe(1)
  expect(await runs('0002-next')).toBe(1)
  // every instance returned only after both were recorded; exactly one ran each
  for (const key of ['probe:0001-slow', 'probe:0002-next']) {
    const statuses = outcomes.map((o) => o.find((x) => x.key === key)?.status)
    expect(statuses.filter((s) => s === 'ran')).toHaveLength(1)
    expect(statuses.filter((s) => s === 'found')).toHaveLength(4)
  }
  expect(await db.models.MigrationAttempt.countDocuments({ key: 'probe:0001-slow' })).toBe(1)
})

it('a runner that died is taken over once its lease has run out; while it is alive the others wait', async () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 27, 8))
  const domains = withProbes(probe('0001-orphan'))
  // an instance took the lease and died without renewing it
  await db.models.MigrationAttempt.create({
    _id: 'probe:0001-orphan#0001',
    key: 'probe:0001-orphan',
    n: 1,
    by: 'dead-instance',
    startedAt: clock.now(),
    leaseUntil: new Date(clock.now().getTime() + 60_000),
  })
  let done = false
  const waiting = migrateDb(depsOn(clock), domains, { pollMs: 20 }).then((o) => {
    done = true
    return o
  })
  await new Promise((r) => setTimeout(r, 300))
  expect(done).toBe(false) // the lease is still valid: it waits
  expect(await runs('0001-orphan')).toBe(0)
  clock.advance(61_000) // the dead runner's lease runs out
  const outcome = await waiting
  expect(outcome.find((o) => o.key === 'probe:0001-orphan')).toEqual({ key: 'probe:0001-orphan', status: 'ran', result: { touched: 1 } })
  expect(await runs('0001-orphan')).toBe(1)
  expect(await db.models.Migration.findById('probe:0001-orphan').lean()).toMatchObject({ attempt: 2 })
})

it('a failing migration stops the start (nothing recorded); the next start runs it again', async () => {
  let failing = true
  const domains = withProbes(probe('0001-flaky', { fail: () => failing }), probe('0002-after'))
  await expect(migrateDb(depsOn(), domains)).rejects.toThrow('migration probe:0001-flaky (probe 0001-flaky) failed: the disk is full')
  expect(await db.models.Migration.exists({ _id: 'probe:0001-flaky' })).toBeNull()
  expect(await runs('0002-after')).toBe(0) // later migrations wait for it
  expect(await db.models.MigrationAttempt.findById('probe:0001-flaky#0001').lean()).toMatchObject({ failed: 'the disk is full' })
  failing = false
  await migrateDb(depsOn(), domains)
  expect(await db.models.Migration.findById('probe:0001-flaky').lean()).toMatchObject({ attempt: 2 })
  expect(await runs('0002-after')).toBe(1)
})

it('a migration listed twice is refused', async () => {
  await expect(migrateDb(depsOn(), withProbes(probe('0001-x'), probe('0001-x')))).rejects.toThrow('migration probe:0001-x is listed twice')
})
