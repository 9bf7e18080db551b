/** Channel export files as people get them: .xlsx (with a title line), .csv in UTF-8 (with BOM) or GBK. */
import { type ChannelCode, channelSpec, type ImportView } from '@jqtb/shared'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import request from 'supertest'
import type { TestApp } from './app'
import { authHeader } from './auth'

export type Row = Record<string, unknown>

export const columnsOf = (channel: ChannelCode) => channelSpec(channel).fields.map((f) => f.column)

export async function xlsxFile(channel: ChannelCode, rows: Row[], opts: { title?: string; columns?: string[] } = {}): Promise<Buffer> {
  const columns = opts.columns ?? columnsOf(channel)
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('导出')
  if (opts.title) ws.addRow([opts.title])
  ws.addRow(columns)
  for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? null))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvText(channel: ChannelCode, rows: Row[], columns = columnsOf(channel)): string {
  return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n')
}

export function csvFile(channel: ChannelCode, rows: Row[], encoding: 'utf8' | 'utf8bom' | 'gbk' = 'utf8'): Buffer {
  const text = csvText(channel, rows)
  if (encoding === 'gbk') return iconv.encode(text, 'gbk')
  return Buffer.concat([encoding === 'utf8bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')])
}

export function upload(app: TestApp, userId: string, channel: string, file: Buffer, filename: string, encoding?: string) {
  const req = request(app.url).post('/api/intake/imports').set(authHeader(app, userId)).field('channel', channel)
  if (encoding) req.field('encoding', encoding)
  return req.attach('file', file, filename)
}

/** Polls an import until it leaves the running states (the page does the same). */
export async function settled(app: TestApp, userId: string, id: string, timeoutMs = 120_000): Promise<ImportView> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await request(app.url).get(`/api/intake/imports/${id}`).set(authHeader(app, userId))
    if (res.status !== 200) throw new Error(`import ${id}: ${res.status} ${JSON.stringify(res.body)}`)
    const v = res.body as ImportView
    if (v.state !== 'analysing' && v.state !== 'committing') return v
    if (Date.now() > deadline) throw new Error(`import ${id} still ${v.state} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 150))
  }
}

/** Reads an .xlsx answer (the error sheet) into rows of cell values. */
export async function readSheet(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf as never)
  const ws = wb.worksheets[0]
  const rows: unknown[][] = []
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}
