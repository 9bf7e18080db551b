import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'

/** Where uploaded bytes live. The default is a folder on disk; an object store can implement the same three calls. */
export interface FileStorage {
  /** stores the bytes durably (written, flushed, then renamed into place) */
  put(id: string, bytes: Buffer): Promise<void>
  /** null when there is no such file */
  open(id: string): Promise<Readable | null>
  exists(id: string): Promise<boolean>
}

const SAFE_ID = /^[a-f0-9]{32}$/

/** `<root>/ab/cd/<id>`: two levels of fan-out keep directories small. */
export class LocalDiskStorage implements FileStorage {
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

const byRoot = new Map<string, FileStorage>()

/** The storage for a data directory: files go to `<dataDir>/files`. */
export function storageFor(dataDir: string): FileStorage {
  const root = path.join(dataDir, 'files')
  let s = byRoot.get(root)
  if (!s) {
    s = new LocalDiskStorage(root)
    byRoot.set(root, s)
  }
  return s
}
