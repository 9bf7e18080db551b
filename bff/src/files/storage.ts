import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import type { Config } from '../config'
import type { Db } from '../infra/db'
import { DatabaseStorage } from './db-storage'

/**
 * Where uploaded bytes live: a folder on disk (LocalDiskStorage) or the database (DatabaseStorage); an
 * object store could implement the same three calls.
 */
export interface FileStorage {
  readonly kind: 'disk' | 'database'
  /** stores the bytes durably (written, flushed, then renamed into place) */
  put(id: string, bytes: Buffer): Promise<void>
  /** null when there is no such file */
  open(id: string): Promise<Readable | null>
  exists(id: string): Promise<boolean>
}

const SAFE_ID = /^[a-f0-9]{32}$/

/** `<root>/ab/cd/<id>`: two levels of fan-out keep directories small. */
export class LocalDiskStorage implements FileStorage {
  readonly kind = 'disk'
  constructor(readonly root: string) {}

  pathOf(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`unsafe file id ${id}`)
    return path.join(this.root, id.slice(0, 2), id.slice(2, 4), id)
  }

  async put(id: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(id)
    await fs.mkdir(path.dirname(target), { recursive: true })
    const tmp = `${target}.${process.pid}.tmp`
    const handle = await fs.open(tmp, 'w')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(tmp, target)
  }

  async open(id: string): Promise<Readable | null> {
    if (!(await this.exists(id))) return null
    return createReadStream(this.pathOf(id))
  }

  async exists(id: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(id))
      return true
    } catch {
      return false
    }
  }
}

/** The folder a data directory keeps uploads in (FILE_STORAGE=disk). */
export const diskStorageOf = (dataDir: string) => new LocalDiskStorage(path.join(dataDir, 'files'))

/**
 * The storage the configuration names: `disk` (default; `<DATA_DIR>/files`, one machine) or `database`
 * (files/db-storage.ts; every instance sees every file). Signed URLs are the same for both.
 */
export function storageFor({ config, db }: { config: Pick<Config, 'dataDir' | 'fileStorage'>; db: Db }): FileStorage {
  return config.fileStorage === 'database' ? new DatabaseStorage(db) : diskStorageOf(config.dataDir)
}
