import mongoose, { type Collection, type Connection, type mongo } from 'mongoose'
import type { DOMAINS } from '../domains'
import type { DomainModule } from '../kernel/domain'
import { driverTimeouts } from './db-availability'

type ModelsOf<D> = D extends DomainModule<infer M> ? M : never
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never

/** Every domain's models by name (`db.models.Task`), typed from the domain list. */
export type Models = Intersect<ModelsOf<(typeof DOMAINS)[number]>>

export interface Db {
  conn: Connection
  models: Models
  close(): Promise<void>
}

/**
 * One mongoose connection per app instance (never the global default), so tests can run several
 * apps on separate databases in one process. `domains` registers their models on it.
 */
export async function openDb(uri: string, dbName: string | undefined, domains: readonly DomainModule[], opts: { timeoutMs?: number } = {}): Promise<Db> {
  const timeoutMs = opts.timeoutMs ?? 5000
  const conn = mongoose.createConnection(uri, {
    ...(dbName ? { dbName } : {}),
    ...driverTimeouts(timeoutMs),
    autoIndex: false,
    autoCreate: false,
    // command events (commandStarted …) for metrics and for tests that count round trips
    monitorCommands: true,
  })
  // how long mongoose holds operations while the driver has lost the server (not a driver option)
  conn.config.bufferTimeoutMS = timeoutMs
  await conn.asPromise()
  const models = Object.assign({}, ...domains.map((d) => d.models?.(conn) ?? {})) as Models
  const db: Db = { conn, models, close: () => conn.close() }
  await ensureSchema(db)
  return db
}

/**
 * Collections and indexes; they must exist before concurrent writes (docs/database.md#engines).
 * On FerretDB only the unique indexes are created: no query there uses a secondary index, and each one
 * is an expression over the whole stored document that every write recomputes (docs/database.md#indexes).
 */
export async function ensureSchema(db: Db): Promise<void> {
  const ferret = await isFerretDb(db)
  for (const model of Object.values(db.models)) {
    await model.createCollection().catch((e: { code?: number }) => {
      if (e?.code !== 48) throw e // 48 = NamespaceExists
    })
    if (!ferret) {
      await model.createIndexes()
      continue
    }
    for (const [keys, options] of model.schema.indexes()) {
      if (options?.unique) await model.collection.createIndex(keys as Record<string, 1 | -1>, options as mongo.CreateIndexesOptions)
    }
    await dropSecondaryIndexes(model.collection)
  }
}

/** FerretDB answers buildInfo with its own version beside the MongoDB version it imitates. */
export async function isFerretDb(db: Db): Promise<boolean> {
  const info = await db.conn.db?.admin().command({ buildInfo: 1 })
  return typeof info?.ferretdbVersion === 'string'
}

/** Data files written before this rule still carry the secondary indexes; they only slow writes down. */
async function dropSecondaryIndexes(collection: Collection): Promise<void> {
  for (const index of await collection.indexes()) {
    if (index.name === '_id_' || index.unique || !index.name) continue
    await collection.dropIndex(index.name).catch((e: { code?: number }) => {
      if (e?.code !== 27) throw e // 27 = IndexNotFound: another instance dropped it first
    })
  }
}

export async function pingDb(db: Db): Promise<void> {
  const admin = db.conn.db?.admin()
  if (!admin) throw Object.assign(new Error('not connected'), { name: 'MongoNotConnectedError' })
  await admin.command({ ping: 1 })
}
