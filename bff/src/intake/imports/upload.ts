/**
 * Receiving an import file: the multipart body is streamed to DATA_DIR/imports/<id> while its
 * SHA-256 is taken, never held in memory, and cut off (file deleted, 413) at the size limit. The
 * import record is created only when the whole file has arrived.
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import Busboy from 'busboy'
import { AppError } from '../../infra/errors'

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024
const IDLE_MS = 60_000

export interface ReceivedFile {
  id: string
  path: string
  filename: string
  format: 'csv' | 'xlsx'
  size: number
  sha256: string
  fields: Record<string, string>
}

export const importsDir = (dataDir: string) => path.join(dataDir, 'imports')
export const importFilePath = (dataDir: string, id: string) => path.join(importsDir(dataDir), id)

function formatOf(filename: string): 'csv' | 'xlsx' {
  const ext = path.extname(filename).toLowerCase()
  if (ext === '.csv' || ext === '.txt') return 'csv'
  if (ext === '.xlsx') return 'xlsx'
  if (ext === '.xls') throw new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持旧版 .xls：请用 Excel 另存为 .xlsx 或 .csv 后再导入')
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只能导入 .xlsx 或 .csv 文件')
}

const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', `文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请拆分成几个文件分批导入`, { maxBytes: MAX_IMPORT_BYTES })

/** Reads the multipart body: form fields and one `file` part, written to disk as it arrives. */
export async function receiveImportFile(req: IncomingMessage, dataDir: string): Promise<ReceivedFile> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_IMPORT_BYTES + 64 * 1024) throw tooLarge()
  await fs.promises.mkdir(importsDir(dataDir), { recursive: true })
  const id = randomBytes(12).toString('hex')
  const target = importFilePath(dataDir, id)
  const fields: Record<string, string> = {}
  let file: Omit<ReceivedFile, 'fields' | 'id' | 'path'> | null = null
  let failure: Error | null = null
  const writes: Promise<void>[] = []

  const done = new Promise<void>((resolve, reject) => {
    let bb: Busboy.Busboy
    try {
      bb = Busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_IMPORT_BYTES, fields: 10, fieldSize: 1024, parts: 12 } })
    } catch {
      reject(new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传，文件字段名为 file'))
      return
    }
    bb.on('field', (name, value) => {
      fields[name] = value
    })
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume()
        return
      }
      let format: 'csv' | 'xlsx'
      try {
        format = formatOf(info.filename ?? '')
      } catch (err) {
        failure = err as Error
        stream.resume()
        return
      }
      const hash = createHash('sha256')
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk)
        size += chunk.length
      })
      stream.on('limit', () => {
        failure = tooLarge()
      })
      writes.push(
        pipeline(stream, fs.createWriteStream(target)).then(() => {
          file = { filename: path.basename(info.filename ?? 'import').slice(0, 120), format, size, sha256: hash.digest('hex') }
        }),
      )
    })
    bb.on('error', () => reject(new AppError('VALIDATION_FAILED', '上传的内容不完整或格式有误，请重试')))
    bb.on('close', () => resolve())
    req.on('aborted', () => reject(new AppError('VALIDATION_FAILED', '上传中断，请重试')))
    req.setTimeout(IDLE_MS, () => {
      reject(new AppError('VALIDATION_FAILED', '上传超时，请重试'))
      req.destroy()
    })
    req.pipe(bb)
  })
  try {
    await done
    await Promise.all(writes)
  } catch (err) {
    await fs.promises.rm(target, { force: true })
    throw err
  }
  if (failure || !file) {
    await fs.promises.rm(target, { force: true })
    throw failure ?? new AppError('VALIDATION_FAILED', '没有收到文件：请在字段 file 中上传 .xlsx 或 .csv')
  }
  const received = file as Omit<ReceivedFile, 'fields' | 'id' | 'path'>
  if (received.size === 0) {
    await fs.promises.rm(target, { force: true })
    throw new AppError('VALIDATION_FAILED', '文件是空的')
  }
  return { id, path: target, fields, ...received }
}
