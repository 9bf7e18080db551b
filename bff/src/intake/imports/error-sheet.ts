/**
 * The error sheet of an import: the rows that were not imported, in their own columns and order, with
 * the row number and what is wrong, to fix and import again. Written as a stream (ExcelJS's
 * streaming writer) while the file is read again, so a file with 100 000 bad rows costs no memory.
 * Every text cell is made safe against formula injection (infra/sheets.ts).
 */
import type { Writable } from 'node:stream'
import { cleanRecord } from '@jqtb/shared/src/intake/clean/record'
import ExcelJS from 'exceljs'
import { excelSafeRow } from '../../infra/sheets'
import { cleanContext } from '../context'
import type { IntakeDeps } from '../ingest'
import type { IntakeImportDoc } from '../model'
import { readRows, rowRecord } from './reader'
import { importFilePath } from './upload'

export async function writeErrorSheet(deps: IntakeDeps & { dataDir: string }, imp: IntakeImportDoc, out: Writable): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet('未导入的行')
  const header = imp.header.filter(Boolean)
  const head = ws.addRow(excelSafeRow([...header, '原行号', '错误说明']))
  head.font = { bold: true }
  head.commit()
  const ctx = await cleanContext(deps.db, imp.channel, deps.clock.now())
  let written = 0
  for await (const row of readRows(importFilePath(deps.dataDir, imp._id), imp.format, imp.detectedEncoding ?? 'utf8')) {
    if (row.n <= imp.headerRow) continue
    const record = rowRecord(imp.header, row.cells)
    if (!record) continue
    const outcome = cleanRecord(ctx, record)
    if (outcome.record) continue
    const reasons = outcome.issues.filter((i) => i.severity === 'error').map((i) => `${i.column}：${i.reason}`)
    const cells = imp.header.map((h, i) => (h ? row.cells[i] : undefined)).filter((_, i) => imp.header[i])
    ws.addRow(excelSafeRow([...cells, row.n, reasons.join('；')])).commit()
    written++
  }
  ws.commit()
  await wb.commit()
  return written
}
