/**
 * Reading an uploaded export row by row, as a stream (constant memory whatever its size): .csv in
 * UTF-8 or GBK (decoded by iconv-lite, parsed by csv-parse), .xlsx through ExcelJS's streaming
 * reader (first sheet). Cells are never evaluated: a formula cell counts as the value the spreadsheet
 * last computed, or nothing. Anything that shows the file is not what it claims — NUL bytes, text that
 * decodes to replacement characters, a zip that is no workbook — ends the read with a FileRefusal.
 */
import fs from 'node:fs'
import { Transform } from 'node:stream'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'

export const MAX_IMPORT_ROWS = 200_000
export const MAX_IMPORT_COLUMNS = 100

/** A reason the whole file cannot be imported (nothing of it is stored). */
export class FileRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FileRefusal'
  }
}

export interface FileRow {
  /** the row number a spreadsheet shows (1-based) */
  n: number
  cells: unknown[]
}

export interface ReadProgress {
  bytes: number
}

const SNIFF_BYTES = 256 * 1024

async function head(path: string, bytes: number): Promise<Buffer> {
  const fh = await fs.promises.open(path, 'r')
  try {
    const buf = Buffer.alloc(bytes)
    const { bytesRead } = await fh.read(buf, 0, bytes, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

/** A UTF-8 file or a GBK one (what Excel on a Chinese Windows saves as CSV); refused when neither fits. */
export async function detectEncoding(path: string, chosen: 'auto' | 'utf8' | 'gbk'): Promise<'utf8' | 'gbk'> {
  const buf = await head(path, SNIFF_BYTES)
  if (buf.includes(0)) throw new FileRefusal('这不是文本格式的 CSV 文件（含二进制内容）。请上传 .csv 或 .xlsx')
  if (chosen !== 'auto') return chosen
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf8'
  // a multi-byte character may be cut at the end of the sample: leave up to 3 bytes out
  for (let cut = 0; cut <= 3 && cut < buf.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - cut))
      return 'utf8'
    } catch {}
  }
  const gbk = iconv.decode(buf.subarray(0, Math.max(0, buf.length - 1)), 'gbk')
  if (!gbk.includes('\ufffd')) return 'gbk'
  throw new FileRefusal('文件编码无法识别（既不是 UTF-8 也不是 GBK）。请用 Excel 另存为“CSV UTF-8”或 .xlsx 后再导入')
}

/** Counts the bytes that pass, for the progress bar. */
function counter(progress: ReadProgress) {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      progress.bytes += chunk.length
      done(null, chunk)
    },
  })
}

async function* csvRows(path: string, encoding: 'utf8' | 'gbk', progress: ReadProgress): AsyncGenerator<FileRow> {
  const input = fs.createReadStream(path)
  const parser = input
    .pipe(counter(progress))
    .pipe(iconv.decodeStream(encoding === 'gbk' ? 'gbk' : 'utf8'))
    .pipe(parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: 256 * 1024, bom: true }))
  let n = 0
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      n++
      if (record.length > MAX_IMPORT_COLUMNS) throw new FileRefusal(`第 ${n} 行有 ${record.length} 列，超过 ${MAX_IMPORT_COLUMNS} 列：这不像一份渠道导出表`)
      for (const cell of record) {
        if (cell.includes('\ufffd')) {
          throw new FileRefusal(
            `第 ${n} 行有无法按 ${encoding === 'gbk' ? 'GBK' : 'UTF-8'} 识别的字符：文件编码不对。请选择“自动识别”，或用 Excel 另存为“CSV UTF-8”`,
          )
        }
        if (cell.includes('\u0000')) throw new FileRefusal(`第 ${n} 行含二进制内容：这不是一份文本表格`)
      }
      yield { n, cells: record }
    }
  } catch (err) {
    if (err instanceof FileRefusal) throw err
    const message = (err as Error).message ?? ''
    throw new FileRefusal(`CSV 格式有误（第 ${n + 1} 行附近）：${/quote/i.test(message) ? '引号不成对' : '无法解析'}。请用 Excel 打开后另存为 .xlsx 再导入`)
  } finally {
    input.destroy()
  }
}

/** A spreadsheet cell as a plain value: formulas count as their last computed result, never as code. */
export function plainCell(v: unknown): unknown {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text?: string }>; text?: unknown; result?: unknown; formula?: string; sharedFormula?: string; error?: string }
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? '').join('')
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined || (typeof o.result === 'object' && o.result !== null) ? '' : o.result
    if (o.error) return ''
    if (o.text !== undefined) return plainCell(o.text)
  }
  return String(v)
}

async function* xlsxRows(path: string, progress: ReadProgress): AsyncGenerator<FileRow> {
  const buf = await head(path, 4)
  if (buf.length < 4 || buf.readUInt32BE(0) !== 0x504b0304) {
    throw new FileRefusal(
      buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])) ? '这是旧版 .xls 文件：请用 Excel 另存为 .xlsx 后再导入' : '这不是有效的 .xlsx 文件',
    )
  }
  const input = fs.createReadStream(path).pipe(counter(progress))
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  })
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : []
        if (values.length > MAX_IMPORT_COLUMNS)
          throw new FileRefusal(`第 ${row.number} 行有 ${values.length} 列，超过 ${MAX_IMPORT_COLUMNS} 列：这不像一份渠道导出表`)
        yield { n: row.number, cells: values.map(plainCell) }
      }
      return // the first sheet only
    }
  } catch (err) {
    if (err instanceof FileRefusal) throw err
    throw new FileRefusal(`无法读取这个 .xlsx 文件（${(err as Error).message?.slice(0, 80) || '格式损坏'}）。请用 Excel 打开后重新保存再导入`)
  } finally {
    input.destroy()
  }
}

/** Every row of the file, numbered as a spreadsheet shows them; at most MAX_IMPORT_ROWS. */
export async function* readRows(
  path: string,
  format: 'csv' | 'xlsx',
  encoding: 'utf8' | 'gbk',
  progress: ReadProgress = { bytes: 0 },
): AsyncGenerator<FileRow> {
  let count = 0
  const rows = format === 'csv' ? csvRows(path, encoding, progress) : xlsxRows(path, progress)
  for await (const row of rows) {
    if (++count > MAX_IMPORT_ROWS) throw new FileRefusal(`文件超过 ${MAX_IMPORT_ROWS} 行，请拆分成几个文件分批导入`)
    yield row
  }
}

const cellText = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? '')).trim()

/**
 * The header row: among the first rows (exports often start with a title line), the first one that
 * holds the source-id column and at least one more column the profile knows.
 */
export function findHeader(cells: unknown[], known: Set<string>, sourceIdHeaders: string[]): string[] | null {
  const texts = cells.map(cellText)
  if (!texts.some((t) => sourceIdHeaders.includes(t))) return null
  return texts.filter((t) => known.has(t)).length >= 2 ? texts : null
}

/** A data row as `{column: value}` under the header (columns without a header are left out). */
export function rowRecord(header: string[], cells: unknown[]): Record<string, unknown> | null {
  const record: Record<string, unknown> = {}
  let any = false
  header.forEach((h, i) => {
    if (!h || Object.hasOwn(record, h)) return
    const v = cells[i]
    if (v === undefined || v === '') return
    record[h] = v
    any = any || cellText(v) !== ''
  })
  return any ? record : null
}
