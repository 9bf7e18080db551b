import mongoose, { type Connection } from 'mongoose'
import { fileModels } from '../files/model'
import { notificationModels } from '../notifications/model'
import { orgModels } from '../org/model'
import { pointsModels } from '../points/model'
import { settingsModels } from '../settings/model'
import { taskModels } from '../tasks/model'
import { territoryModels } from '../territory/model'
import { userModels } from '../users/model'
import { driverTimeouts } from './db-availability'

/** Every domain's models, registered on one connection. Add a domain here. */
function registerModels(conn: Connection) {
  return {
    ...territoryModels(conn),
    ...userModels(conn),
    ...notificationModels(conn),
    ...pointsModels(conn),
    ...taskModels(conn),
    ...settingsModels(conn),
    ...fileModels(conn),
    ...orgModels(conn),
  }
}

export type Models = ReturnType<typeof registerModels>

export interface Db {
  conn: Connection
  models: Models
  close(): Promise<void>
}

/**
 * One mongoose connection per app instance (never the global default), so tests can run several
 * apps on separate databases in one process.
 */
export async function connectDb(uri: string, dbName?: string, opts: { timeoutMs?: number } = {}): Promise<Db> {
  const timeoutMs = opts.timeoutMs ?? 5000
  const conn = mongoose.createConnection(uri, {
    ...(dbName ? { dbName } : {}),
    ...driverTimeouts(timeoutMs),
    autoIndex: false,
    autoCreate: false,
  })
  // how long mongoose holds operations while the driver has lost the server (not a driver option)
  conn.config.bufferTimeoutMS = timeoutMs
  await conn.asPromise()
  const db: Db = { conn, models: registerModels(conn), close: () => conn.close() }
  await ensureSchema(db)
  return db
}

/** Collections and indexes; they must exist before concurrent writes (MONGO-PORTABLE.md §10). */
export async function ensureSchema(db: Db): Promise<void> {
  for (const model of Object.values(db.models)) {
    await model.createCollection().catch((e: { code?: number }) => {
      if (e?.code !== 48) throw e // 48 = NamespaceExists
    })
    await model.createIndexes()
  }
}

export async function pingDb(db: Db): Promise<void> {
  const admin = db.conn.db?.admin()
  if (!admin) throw Object.assign(new Error('not connected'), { name: 'MongoNotConnectedError' })
  await admin.command({ ping: 1 })
}
