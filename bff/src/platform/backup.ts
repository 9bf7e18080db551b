/**
 * Backup and restore of a whole installation: every collection and every uploaded photo in one dated,
 * gzip-compressed file of JSON lines (`npm run backup`, `npm run restore`). Streamed both ways — a
 * county's years of records never sit in memory — and engine-neutral (MongoDB and FerretDB alike).
 *
 *   {"kind":"header","format":"jqtb-backup","version":1,…}
 *   {"kind":"doc","c":"<collection>","d":<document, canonical Extended JSON>}   … per document
 *   {"kind":"file","id":…,"sha256":…,"data":"<base64>"}                        … per photo
 *   {"kind":"end","counts":{…},"files":N}
 *
 * Photos are written as file lines whatever FILE_STORAGE is (read through the storage), and restored
 * through the target's storage, so an archive moves an installation between disk and database storage.
 * Not a point-in-time snapshot (the engines offer no transaction to take one): caches are written before
 * the logs they fold (`tasks` before `task_events`, `users` before `user_changes` …), so a restored cache
 * is never ahead of its log, and the repair paths of docs/database.md#projection-and-repair bring a cache
 * that is behind up to date. On a real MongoDB replica set, `mongodump --oplog` gives a point-in-time copy
 * (docs/deploy.md#backups).
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import readline from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import mongoose from 'mongoose'
import type { Config } from '../config'
import { sha256Of } from '../files/copy'
import { storageFor } from '../files/storage'
import { type Db, ensureSchema } from '../infra/db'

const { EJSON } = mongoose.mongo.BSON
export const BACKUP_FORMAT = 'jqtb-backup'
const VERSION = 1

/** Caches go before the records they are folded from (see above); everything else follows by name. */
const CACHES_FIRST = ['tasks', 'users', 'outbox']
/** The database storage's own collections: their content is written as file lines instead. */
const FILE_STORAGE_COLLECTIONS = new Set(['file_chunks', 'file_manifests'])
/**
 * Generation stamps (people_stamps, indices_stamps): processes keep what they read under them, so a restore
 * must not bring one back — a restored database has none, and nothing is kept until the next change writes one.
 */
const NOT_BACKED_UP = new Set(['people_stamps', 'indices_stamps'])

export type BackupProgress = (p: { stage: 'collection' | 'files'; name: string; done: number; total: number }) => void

export interface BackupSummary {
  file: string
  counts: Record<string, number>
  files: number
  /** photos with a record but no bytes in the configured storage (wrong FILE_STORAGE, a lost disk) */
  missingFiles: string[]
  bytes: number
}

type Deps = { db: Db; config: Pick<Config, 'dataDir' | 'fileStorage'> }

const native = (db: Db) => {
  const n = db.conn.db
  if (!n) throw new Error('the database is not connected')
  return n
}

async function collectionsOf(db: Db): Promise<string[]> {
  const names = (await native(db).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'))
  const rest = names.filter((n) => !CACHES_FIRST.includes(n) && !FILE_STORAGE_COLLECTIONS.has(n) && !NOT_BACKED_UP.has(n)).sort()
  return [...CACHES_FIRST.filter((n) => names.includes(n)), ...rest]
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
export const backupName = (dbName: string, at: Date) => `jqtb-${dbName}-${stamp(at)}.jsonl.gz`

/** Writes the archive to `<dir>/jqtb-<db>-<yyyymmdd-hhmmss>.jsonl.gz` (under a temporary name until complete). */
export async function writeBackup(deps: Deps, dir: string, progress: BackupProgress = () => {}, now = new Date()): Promise<BackupSummary> {
  const { db } = deps
  await fs.mkdir(dir, { recursive: true })
  const file = `${dir}/${backupName(db.conn.name, now)}`
  const partial = `${file}.partial`
  const counts: Record<string, number> = {}
  const fileIds: string[] = []
  const missingFiles: string[] = []
  let filesWritten = 0
  const storage = storageFor(deps)
  const collections = await collectionsOf(db)

  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify({ kind: 'header', format: BACKUP_FORMAT, version: VERSION, db: db.conn.name, createdAt: now.toISOString(), collections })}\n`
    for (const name of collections) {
      const coll = native(db).collection(name)
      const total = await coll.estimatedDocumentCount()
      let done = 0
      for await (const doc of coll.find({}).sort({ _id: 1 })) {
        if (name === 'files') fileIds.push(String(doc._id))
        yield `{"kind":"doc","c":${JSON.stringify(name)},"d":${EJSON.stringify(doc, { relaxed: false })}}\n`
        done++
        if (done % 500 === 0) progress({ stage: 'collection', name, done, total })
      }
      counts[name] = done
      progress({ stage: 'collection', name, done, total: Math.max(total, done) })
    }
    for (const [i, id] of fileIds.entries()) {
      const stream = await storage.open(id)
      if (stream) {
        const chunks: Buffer[] = []
        for await (const c of stream) chunks.push(c as Buffer)
        const bytes = Buffer.concat(chunks)
        yield `${JSON.stringify({ kind: 'file', id, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), data: bytes.toString('base64') })}\n`
        filesWritten++
      } else {
        missingFiles.push(id)
      }
      if ((i + 1) % 50 === 0 || i + 1 === fileIds.length) progress({ stage: 'files', name: 'photos', done: i + 1, total: fileIds.length })
    }
    yield `${JSON.stringify({ kind: 'end', counts, files: filesWritten })}\n`
  }

  try {
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial))
    await fs.rename(partial, file)
  } catch (err) {
    await fs.rm(partial, { force: true })
    throw err
  }
  return { file, counts, files: filesWritten, missingFiles, bytes: (await fs.stat(file)).size }
}

interface Line {
  kind: 'header' | 'doc' | 'file' | 'end'
  [k: string]: unknown
}

async function* readLines(file: string): AsyncGenerator<Line> {
  const raw = createReadStream(file)
  const gunzip = createGunzip()
  // a read error (no such file, a disk error) must end the reading, not leave it waiting for more lines
  raw.on('error', (err) => gunzip.destroy(err))
  const rl = readline.createInterface({ input: raw.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY })
  for await (const line of rl) if (line) yield JSON.parse(line) as Line
}

export interface ArchiveSummary {
  db: string
  createdAt: string
  counts: Record<string, number>
  files: number
}

/**
 * Reads the whole archive and checks it before anything is written: the format, every line, a
 * document count per collection and a SHA-256 per photo matching what the archive says, and the end
 * line (a backup cut off by a full disk has none).
 */
export async function readSummary(file: string): Promise<ArchiveSummary> {
  await fs.access(file).catch(() => {
    throw new Error(`cannot read the archive ${file}`)
  })
  let header: Line | null = null
  let end: Line | null = null
  const seen: Record<string, number> = {}
  let files = 0
  try {
    for await (const line of readLines(file)) {
      if (!header) {
        if (line.kind !== 'header' || line.format !== BACKUP_FORMAT) throw new Error('not a 警情通办 backup (no header line)')
        if (line.version !== VERSION) throw new Error(`backup format version ${line.version} is not supported (this code reads ${VERSION})`)
        header = line
      } else if (end) {
        throw new Error('data after the end line')
      } else if (line.kind === 'doc') {
        seen[String(line.c)] = (seen[String(line.c)] ?? 0) + 1
      } else if (line.kind === 'file') {
        const bytes = Buffer.from(String(line.data), 'base64')
        if (createHash('sha256').update(bytes).digest('hex') !== line.sha256) throw new Error(`photo ${line.id} is damaged in the archive`)
        files++
      } else if (line.kind === 'end') {
        end = line
      }
    }
  } catch (err) {
    if (err instanceof SyntaxError || (err as { code?: string }).code === 'Z_BUF_ERROR' || (err as { code?: string }).code === 'Z_DATA_ERROR') {
      throw new Error(`the archive is damaged or incomplete: ${(err as Error).message}`)
    }
    throw err
  }
  if (!header) throw new Error('the archive is empty')
  if (!end) throw new Error('the archive is incomplete (no end line): the backup was interrupted')
  const counts = end.counts as Record<string, number>
  for (const [name, n] of Object.entries(counts)) {
    if ((seen[name] ?? 0) !== n) throw new Error(`the archive is inconsistent: ${name} has ${seen[name] ?? 0} documents, the end line says ${n}`)
  }
  if (files !== end.files) throw new Error(`the archive is inconsistent: ${files} photos, the end line says ${end.files}`)
  return { db: String(header.db), createdAt: String(header.createdAt), counts, files }
}

/** Collections of the target that already hold documents, and whether its photo folder has files. */
export async function nonEmpty(deps: Deps): Promise<string[]> {
  const out: string[] = []
  for (const c of await native(deps.db).listCollections({}, { nameOnly: true }).toArray()) {
    if (c.name.startsWith('system.')) continue
    if (
      await native(deps.db)
        .collection(c.name)
        .findOne({}, { projection: { _id: 1 } })
    )
      out.push(c.name)
  }
  if (deps.config.fileStorage === 'disk') {
    const dir = `${deps.config.dataDir}/files`
    const entries = await fs.readdir(dir).catch(() => [])
    if (entries.length) out.push(`${dir} (photos on disk)`)
  }
  return out
}

/**
 * Loads an archive into an empty database (and photo storage). Refuses a target with any document in
 * it — a restore never merges into a live system. The archive is checked completely first.
 */
export async function restoreBackup(deps: Deps, file: string, progress: BackupProgress = () => {}): Promise<ArchiveSummary> {
  const summary = await readSummary(file)
  const occupied = await nonEmpty(deps)
  if (occupied.length) throw new Error(`refusing to restore into a database that is not empty: ${occupied.join(', ')}`)
  await ensureSchema(deps.db)
  const storage = storageFor(deps)
  const batch: { name: string; docs: Record<string, unknown>[] } = { name: '', docs: [] }
  const done: Record<string, number> = {}
  const flush = async () => {
    if (!batch.docs.length) return
    // at most 100 per insert: FerretDB applies `ordered` per batch of 100 (docs/database.md#silently-ignored-operators)
    await native(deps.db).collection(batch.name).insertMany(batch.docs, { ordered: true })
    done[batch.name] = (done[batch.name] ?? 0) + batch.docs.length
    progress({ stage: 'collection', name: batch.name, done: done[batch.name], total: summary.counts[batch.name] ?? 0 })
    batch.docs = []
  }
  let photos = 0
  for await (const line of readLines(file)) {
    if (line.kind === 'doc') {
      const name = String(line.c)
      if (name !== batch.name) {
        await flush()
        batch.name = name
      }
      batch.docs.push(EJSON.deserialize(line.d as Record<string, unknown>, { relaxed: false }) as Record<string, unknown>)
      if (batch.docs.length === 100) await flush()
    } else if (line.kind === 'file') {
      await flush()
      const bytes = Buffer.from(String(line.data), 'base64')
      await storage.put(String(line.id), bytes)
      const back = await storage.open(String(line.id))
      if (!back || (await sha256Of(back)) !== line.sha256) throw new Error(`photo ${line.id} did not read back as written`)
      photos++
      if (photos % 50 === 0 || photos === summary.files) progress({ stage: 'files', name: 'photos', done: photos, total: summary.files })
    }
  }
  await flush()
  return summary
}

/** Deletes archives of this database older than `keepDays` in `dir`; returns their names. */
export async function pruneBackups(dir: string, dbName: string, keepDays: number, now = new Date()): Promise<string[]> {
  const cutoff = stamp(new Date(now.getTime() - keepDays * 86_400_000))
  const prefix = `jqtb-${dbName}-`
  const removed: string[] = []
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix) || !name.endsWith('.jsonl.gz')) continue
    const when = name.slice(prefix.length, -'.jsonl.gz'.length)
    if (/^\d{8}-\d{6}$/.test(when) && when < cutoff) {
      await fs.rm(`${dir}/${name}`)
      removed.push(name)
    }
  }
  return removed.sort()
}
