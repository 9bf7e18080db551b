/**
 * Moving the photos of a one-machine install into the database (FILE_STORAGE=database), for a second
 * instance or a move to the county's 政务云: `npm run files:to-database`. Every file the `files`
 * collection knows is copied from `<DATA_DIR>/files`, then read back from the database and checked
 * against the SHA-256 recorded at upload. Safe to run again: a file already there with the right hash
 * is skipped, a half-copied one is written again. The disk copy is left alone; delete it yourself once
 * the instances run with FILE_STORAGE=database and the report says everything was verified.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { Db } from '../infra/db'
import { DatabaseStorage } from './db-storage'
import { diskStorageOf } from './storage'

export interface CopyReport {
  /** files the `files` collection lists */
  total: number
  copied: number
  /** already in the database with the right hash */
  present: number
  /** listed but not on disk (and not in the database) */
  missing: string[]
  /** on disk, but not the bytes that were uploaded (hash differs) */
  corrupt: string[]
  /** read back from the database and matching the upload's hash */
  verified: number
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of stream) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export async function copyFilesToDatabase(db: Db, dataDir: string, progress: (done: number, total: number) => void = () => {}): Promise<CopyReport> {
  const disk = diskStorageOf(dataDir)
  const target = new DatabaseStorage(db)
  const total = await db.models.StoredFile.countDocuments({})
  const report: CopyReport = { total, copied: 0, present: 0, missing: [], corrupt: [], verified: 0 }
  let done = 0
  // in _id order, by cursor: the list may be long, and it is read once
  for await (const file of db.models.StoredFile.find({}, { _id: 1, sha256: 1 }).sort({ _id: 1 }).lean().cursor()) {
    const id = file._id
    const there = await target.open(id)
    const inDb = there ? await sha256Of(there).catch(() => '') : ''
    if (inDb === file.sha256) {
      report.present++
      report.verified++
    } else if (!(await disk.exists(id))) {
      report.missing.push(id)
    } else {
      const bytes = await fs.readFile(disk.pathOf(id))
      if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
        report.corrupt.push(id)
      } else {
        await target.put(id, bytes)
        report.copied++
        const back = await target.open(id)
        if (back && (await sha256Of(back)) === file.sha256) report.verified++
        else report.corrupt.push(id)
      }
    }
    progress(++done, total)
  }
  return report
}
