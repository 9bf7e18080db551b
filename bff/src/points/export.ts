/**
 * The monthly assessment sheet (考核表) as .xlsx, for the assessment meeting: one sheet per level —
 * people, grids, communities, departments — with totals and a breakdown by reason, and a sheet of
 * every ledger line behind them. Department leads get their department's people and the department.
 */
import { type BoardRow, communityOf, REASON_CODES, REASON_LABELS, type ReasonCode } from '@jqtb/shared'
import ExcelJS from 'exceljs'
import { excelSafe, excelSafeRow } from '../infra/sheets'
import { boardsFor, type PeriodBoards } from './ledger'
import type { PointsDeps } from './scoring'

export interface SheetScope {
  all?: true
  department?: string
}

interface Column {
  header: string
  width: number
  value(r: BoardRow): string | number
}

const reasonColumns = (rows: BoardRow[]): Column[] => {
  const used = REASON_CODES.filter((c) => rows.some((r) => r.byReason[c] !== undefined))
  return used.map((code: ReasonCode) => ({ header: REASON_LABELS[code], width: 12, value: (r) => r.byReason[code] ?? 0 }))
}

function addBoardSheet(wb: ExcelJS.Workbook, name: string, title: string, columns: Column[], rows: BoardRow[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] })
  ws.columns = columns.map((c) => ({ width: c.width }))
  ws.addRow([excelSafe(title)])
  ws.mergeCells(1, 1, 1, columns.length)
  ws.getRow(1).font = { bold: true, size: 14 }
  const header = ws.addRow(columns.map((c) => c.header))
  header.font = { bold: true }
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } }
    cell.border = { bottom: { style: 'thin' } }
  })
  // names and reasons come from people: a cell starting with = must stay text (infra/sheets.ts)
  for (const r of rows) ws.addRow(excelSafeRow(columns.map((c) => c.value(r))))
  return ws
}

const common = (rows: BoardRow[]): Column[] => [
  { header: '期初分', width: 8, value: (r) => r.startingScore },
  { header: '基础分', width: 8, value: (r) => r.base },
  { header: '加分（获得）', width: 11, value: (r) => r.bonusEarned },
  { header: '加分（计入）', width: 11, value: (r) => r.bonus },
  { header: '封顶未计', width: 9, value: (r) => r.bonusExcess },
  { header: '扣分', width: 8, value: (r) => r.deductions },
  ...reasonColumns(rows),
]

/** Builds the workbook for a period. */
export async function buildAssessmentWorkbook(
  deps: PointsDeps,
  periodKey: string | undefined,
  scope: SheetScope,
): Promise<{ buffer: Buffer; filename: string; pb: PeriodBoards }> {
  const pb = await boardsFor(deps, periodKey, scope.department ? { department: scope.department } : {})
  const { boards, names, period, version } = pb
  const place = (code: string | null) => (code ? (names.territory?.(code) ?? code) : '')
  const dept = (code: string | null) => (code ? (names.department?.(code) ?? code) : '')
  const street = (await deps.db.models.Territory.findOne({ level: 'street' }).sort({ order: 1, _id: 1 }).lean())?.name ?? ''
  const heading = (what: string) =>
    `${street} ${period.label} ${what}（考核规则第 ${version.version} 版${scope.department ? `，${dept(scope.department)}` : ''}）`

  const wb = new ExcelJS.Workbook()
  wb.creator = '警情通办'
  wb.created = deps.clock.now()

  const people = boards.people
  addBoardSheet(
    wb,
    '个人考核',
    heading('个人积分考核表'),
    [
      { header: '排名', width: 6, value: (r) => r.rank },
      { header: '姓名', width: 10, value: (r) => r.name },
      { header: '账号', width: 14, value: (r) => r.id },
      { header: '所在网格/社区', width: 26, value: (r) => place(r.territory) },
      { header: '部门', width: 14, value: (r) => dept(r.department) },
      ...common(people),
      { header: '合计', width: 8, value: (r) => r.total },
      { header: '说明', width: 40, value: (r) => r.capNote ?? '' },
    ],
    people,
  )

  if (scope.all) {
    const territoryColumns = (rows: BoardRow[], level: string): Column[] => [
      { header: '排名', width: 6, value: (r) => r.rank },
      { header: level, width: 26, value: (r) => r.name },
      { header: '编码', width: 12, value: (r) => r.id },
      ...(level === '网格' ? [{ header: '所属社区', width: 14, value: (r: BoardRow) => place(communityOf(r.id)) }] : []),
      { header: '成员数', width: 8, value: (r) => r.memberCount },
      { header: '期初分', width: 8, value: (r) => r.startingScore },
      { header: '辖区工单得分', width: 12, value: (r) => r.own },
      { header: '成员积分', width: 10, value: (r) => r.members },
      ...reasonColumns(rows),
      { header: '合计', width: 8, value: (r) => r.total },
    ]
    addBoardSheet(wb, '网格考核', heading('网格考核表'), territoryColumns(boards.grids, '网格'), boards.grids)
    addBoardSheet(wb, '村社区考核', heading('村/社区考核表'), territoryColumns(boards.communities, '村/社区'), boards.communities)
  }

  const departments = boards.departments
  addBoardSheet(
    wb,
    '部门考核',
    heading('部门考核表'),
    [
      { header: '排名', width: 6, value: (r) => r.rank },
      { header: '部门', width: 16, value: (r) => r.name },
      { header: '人数', width: 8, value: (r) => r.memberCount },
      { header: '期初分', width: 8, value: (r) => r.startingScore },
      { header: '部门得分', width: 10, value: (r) => r.own },
      { header: '人员积分', width: 10, value: (r) => r.members },
      ...reasonColumns(departments),
      { header: '合计', width: 8, value: (r) => r.total },
    ],
    departments,
  )

  const lines = [...pb.entries].sort((a, b) => new Date(a.eventAt).getTime() - new Date(b.eventAt).getTime() || (a._id < b._id ? -1 : 1))
  const ws = wb.addWorksheet('积分明细', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: '时间', width: 18 },
    { header: '对象', width: 14 },
    { header: '对象类型', width: 10 },
    { header: '分值', width: 8 },
    { header: '原因', width: 60 },
    { header: '工单编号', width: 18 },
    { header: '规则版本', width: 9 },
    { header: '规则项', width: 28 },
    { header: '冲正对象', width: 30 },
    { header: '记录编号', width: 40 },
  ]
  ws.getRow(1).font = { bold: true }
  const kindLabel = { person: '个人', territory: '网格/社区', department: '部门' } as const
  for (const e of lines) {
    ws.addRow(
      excelSafeRow([
        new Date(new Date(e.eventAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '),
        e.subjectName,
        kindLabel[e.subjectKind],
        e.delta,
        e.reason,
        e.taskNo,
        e.ruleVersion,
        e.ruleKey,
        e.corrects,
        e._id,
      ]),
    )
  }

  const buffer = Buffer.from(await wb.xlsx.writeBuffer())
  const filename = `积分考核表-${period.key}${scope.department ? `-${scope.department}` : ''}.xlsx`
  return { buffer, filename, pb }
}
