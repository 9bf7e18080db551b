/**
 * The monthly report (月度指数报表) as .xlsx, for the assessment meeting: the key indices of every
 * community, grid and department for a month, each next to the month before (环比) and the same month
 * a year earlier (同比), with a sheet of definitions. A department lead gets their department's row.
 * Every text cell goes through excelSafe (no formula injection); numbers are numbers.
 */
import {
  emptyCounters,
  formatIndex,
  INDICES,
  type IndexCounters,
  type IndexId,
  indexValue,
  parseIndexPeriod,
  previousPeriodOf,
  type SourceAvailability,
  sameLastYearOf,
  unpackCounters,
} from '@jqtb/shared'
import ExcelJS from 'exceljs'
import { excelSafe, excelSafeRow } from '../infra/sheets'
import { type IndicesDeps, STREET } from './facts'
import type { BoardRow } from './model'
import { readCounters } from './queries'
import { boardId } from './rebuild'
import { sourcesOf } from './sources'
import { type StoredBoard, storedBoard } from './stored'

export const REPORT_INDICES: IndexId[] = [
  'received',
  'leads',
  'closed',
  'closeRate',
  'onTimeRate',
  'overdue',
  'overdueOpen',
  'avgCloseTime',
  'p90CloseTime',
  'avgClaimTime',
  'bounceRate',
  'red',
  'redIn24hRate',
  'repeatRate',
  'mediationRate',
  'satisfaction',
] as IndexId[]

/** A value as a spreadsheet cell: rates as fractions (formatted 0.0%), durations in hours, counts as counts; none as its words. */
function cell(id: IndexId, c: IndexCounters, now: number, sources: SourceAvailability): number | string {
  const v = indexValue(id, c, now, sources)
  if (v.value === null) return formatIndex(id, v)
  return INDICES[id].unit === 'duration' ? Math.round((v.value / 3_600_000) * 10) / 10 : v.value
}

const change = (a: number | string, b: number | string) => (typeof a === 'number' && typeof b === 'number' ? Math.round((a - b) * 10_000) / 10_000 : '—')

function numberFormat(id: IndexId): string {
  const unit = INDICES[id].unit
  return unit === 'percent' ? '0.0%' : unit === 'duration' ? '0.0' : '0'
}

function unitNote(id: IndexId): string {
  const unit = INDICES[id].unit
  return unit === 'percent' ? '（%）' : unit === 'duration' ? '（小时）' : `（${INDICES[id].countWord ?? ''}）`
}

interface Line {
  name: string
  code: string
  parent?: string
  cur: IndexCounters
  prev: IndexCounters
  yoy: IndexCounters
}

function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  lead: Array<{ header: string; width: number; value(l: Line): string }>,
  lines: Line[],
  now: number,
  sources: SourceAvailability,
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3, xSplit: lead.length }] })
  const per = ['本月', '上月', '环比', '去年同月', '同比']
  ws.addRow(excelSafeRow([title]))
  ws.getRow(1).font = { bold: true, size: 14 }
  const groups = ws.addRow(excelSafeRow([...lead.map(() => ''), ...REPORT_INDICES.flatMap((id) => [`${INDICES[id].label}${unitNote(id)}`, '', '', '', ''])]))
  groups.font = { bold: true }
  REPORT_INDICES.forEach((_, i) => {
    const from = lead.length + i * per.length + 1
    ws.mergeCells(2, from, 2, from + per.length - 1)
  })
  const header = ws.addRow(excelSafeRow([...lead.map((l) => l.header), ...REPORT_INDICES.flatMap(() => per)]))
  header.font = { bold: true }
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } }
  })
  ws.columns = [...lead.map((l) => ({ width: l.width })), ...REPORT_INDICES.flatMap(() => per.map(() => ({ width: 10 })))]
  for (const l of lines) {
    const values = REPORT_INDICES.flatMap((id) => {
      const [a, b, c] = [cell(id, l.cur, now, sources), cell(id, l.prev, now, sources), cell(id, l.yoy, now, sources)]
      return [a, b, change(a, b), c, change(a, c)]
    })
    const row = ws.addRow([...lead.map((x) => excelSafe(x.value(l))), ...values.map(excelSafe)])
    REPORT_INDICES.forEach((id, i) => {
      for (let k = 0; k < per.length; k++) row.getCell(lead.length + i * per.length + k + 1).numFmt = numberFormat(id)
    })
  }
}

/** The report of `month` (YYYY-MM) for the scope the policy allowed. */
export async function buildIndicesReport(
  deps: IndicesDeps,
  month: string,
  scope: { all: true } | { department: string },
): Promise<{ buffer: Buffer; filename: string }> {
  const now = deps.clock.now().getTime()
  const period = parseIndexPeriod(month)
  if (period?.level !== 'month') throw new Error(`not a month: ${month}`)
  const prevKey = previousPeriodOf(month)
  const yoyKey = sameLastYearOf(month)
  const [cur, prev, yoy, street, sources] = await Promise.all([
    storedBoard(deps.db, null, boardId(month)),
    storedBoard(deps.db, null, boardId(prevKey)),
    storedBoard(deps.db, null, boardId(yoyKey)),
    readCounters(
      deps.db,
      null,
      [month, prevKey, yoyKey].map((p) => `${p}:street:${STREET}`),
    ),
    sourcesOf(deps.db),
  ])
  const find = (b: StoredBoard | null, r: BoardRow) => unpackCounters(b?.rows.find((x) => x.dim === r.dim && x.key === r.key)?.c)
  const lines = (dim: BoardRow['dim']) =>
    (cur?.rows ?? [])
      .filter((r) => r.dim === dim && ('all' in scope || r.key === scope.department))
      .map((r) => ({ name: r.name, code: r.key, parent: r.parent, cur: unpackCounters(r.c), prev: find(prev, r), yoy: find(yoy, r) }))
  const streetName = cur?.streetName ?? STREET
  const communityName = new Map((cur?.rows ?? []).filter((r) => r.dim === 'community').map((r) => [r.key, r.name]))
  const title = (what: string) => `${streetName} ${period.label} ${what}（环比：与 ${previousLabel(prevKey)} 比；同比：与 ${previousLabel(yoyKey)} 比）`

  const wb = new ExcelJS.Workbook()
  wb.creator = '警情通办'
  wb.created = new Date(now)
  const name = { header: '名称', width: 18, value: (l: Line) => l.name }
  const code = { header: '编码', width: 12, value: (l: Line) => l.code }
  if ('all' in scope) {
    const s = (p: string) => street.get(`${p}:street:${STREET}`) ?? emptyCounters()
    addSheet(wb, '街道', title('街道关键指数'), [name], [{ name: streetName, code: STREET, cur: s(month), prev: s(prevKey), yoy: s(yoyKey) }], now, sources)
    addSheet(wb, '村社区', title('村/社区关键指数'), [name, code], lines('community'), now, sources)
    addSheet(
      wb,
      '网格',
      title('网格关键指数'),
      [{ header: '所属村/社区', width: 14, value: (l) => communityName.get(l.parent ?? '') ?? '' }, name, code],
      lines('grid'),
      now,
      sources,
    )
  }
  addSheet(wb, '部门', title('部门关键指数'), [name, code], lines('department'), now, sources)

  const defs = wb.addWorksheet('指标说明')
  defs.columns = [{ width: 22 }, { width: 100 }]
  defs.addRow(excelSafeRow(['指标', '计算方法']))
  defs.getRow(1).font = { bold: true }
  for (const id of REPORT_INDICES) defs.addRow(excelSafeRow([INDICES[id].label, INDICES[id].formula]))
  defs.addRow(excelSafeRow(['暂无数据', '该指标的数据来源尚未上线（例如回访），不以 0% 或 100% 显示。']))
  defs.addRow(excelSafeRow(['—', '本期没有可计算的记录（例如没有到期的工单）。']))
  defs.addRow(excelSafeRow(['数据时间', `按 ${new Date(now + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）判断超期与等待。`]))

  const buffer = Buffer.from(await wb.xlsx.writeBuffer())
  const filename = `关键指数月报-${month}${'department' in scope ? `-${scope.department}` : ''}.xlsx`
  return { buffer, filename }
}

const previousLabel = (key: string) => parseIndexPeriod(key)?.label ?? key
