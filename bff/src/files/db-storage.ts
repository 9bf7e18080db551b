/**
 * Photos kept in the database (FILE_STORAGE=database), so every BFF instance behind a load balancer
 * serves every photo and the database's own backup covers them. GridFS-style — fixed-size chunks plus
 * a manifest — in our own collections rather than the driver's GridFSBucket, which does work on
 * FerretDB but finds a file's chunks with `find({files_id}).sort({n})`: on the SQLite backend that
 * scans every chunk of every file (docs/database.md#engines), so a read slows as photos accumulate.
 * Here chunk n of a file is the `_id` `<fileId>:<n>` and a read is point lookups only.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Db } from '../infra/db'
import type { FileStorage } from './storage'

/** GridFS's default; a 10 MB photo is 41 chunks, each well under the 16 MB document limit. */
export const CHUNK_SIZE = 255 * 1024

const chunkId = (fileId: string, n: number) => `${fileId}:${String(n).padStart(5, '0')}`

/** A lean read gives the driver's Binary, not a Buffer. */
function bytesOf(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data
  const bin = data as { buffer: Uint8Array; length(): number }
  return Buffer.from(bin.buffer.buffer, bin.buffer.byteOffset, bin.length())
}

export class DatabaseStorage implements FileStorage {
  readonly kind = 'database'
  constructor(private readonly db: Db) {}

  /** Chunks first, the manifest last: a file cut off half-way has no manifest and does not exist. */
  async put(id: string, bytes: Buffer): Promise<void> {
    const { FileChunk, FileManifest } = this.db.models
    const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_SIZE))
    for (let n = 0; n < chunks; n++) {
      const data = bytes.subarray(n * CHUNK_SIZE, (n + 1) * CHUNK_SIZE)
      // one writer per file id (a fresh random id, or the copy command): replacing is safe and makes a rerun idempotent
      await FileChunk.replaceOne({ _id: chunkId(id, n) }, { _id: chunkId(id, n), fileId: id, n, data }, { upsert: true })
    }
    const manifest = { _id: id, length: bytes.length, chunkSize: CHUNK_SIZE, chunks, sha256: createHash('sha256').update(bytes).digest('hex'), at: new Date() }
    await FileManifest.replaceOne({ _id: id }, manifest, { upsert: true })
  }

  async open(id: string): Promise<Readable | null> {
    const { FileChunk, FileManifest } = this.db.models
    const manifest = await FileManifest.findById(id).lean()
    if (!manifest) return null
    async function* chunks() {
      for (let n = 0; n < manifest!.chunks; n++) {
        const chunk = await FileChunk.findById(chunkId(id, n)).lean()
        if (!chunk) throw new Error(`file ${id}: chunk ${n} of ${manifest!.chunks} is missing`)
        yield bytesOf(chunk.data)
      }
    }
    return Readable.from(chunks(), { objectMode: false })
  }

  async exists(id: string): Promise<boolean> {
    return !!(await this.db.models.FileManifest.exists({ _id: id }))
  }
}
