/**
 * The monthly assessment sheet: downloaded as .xlsx by admins and the centre (everything) and
 * department leads (their department), opened with exceljs and checked cell by cell; refused to grid workers.
 */
import ExcelJS from 'exceljs'
import request from 'supertest'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { ADMIN, acceptedTask, as, claimedTask, DISPATCHER } from './points-fixtures'
import { createTask } from './tasks-fixtures'

const clock = new ManualClock(Date.UTC(2026, 10, 10, 2)) // 2026-11-10 10:00 China time
let app: TestApp
const WANGLI = 'u-wangli'
const HEJUN = 'u-hejun' // lead of 古塘派出所 (PCS)

/** A PCS task: routed, signed and published by the department, done by 王丽, accepted by the lead. */
async function departmentTask() {
  const id = await createTask(app, { title: '邻里纠纷', category: 'neighbour' })
  const step = async (user: string, verb: string, body: unknown = {}) => {
    const res = await as(app, user).post(`/api/tasks/${id}/${verb}`, body)
    if (res.status !== 200) throw new Error(`${verb}: ${res.status} ${JSON.stringify(res.body)}`)
  }
  await step(DISPATCHER, 'route', { department: 'PCS' })
  await step(HEJUN, 'sign')
  await step(HEJUN, 'publish', { claimMode: 'first_come' })
  await step(WANGLI, 'claim')
  await step(WANGLI, 'progress', { note: '已到现场' })
  await step(WANGLI, 'submit', { note: '已调解' })
  await step(HEJUN, 'review', { decision: 'accept', rating: 4 })
}

async function download(userId: string, query = '?period=2026-11') {
  return request(app.url)
    .get(`/api/points/export${query}`)
    .set(authHeader(app, userId))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => done(null, Buffer.concat(chunks)))
    })
}

async function open(body: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(body as unknown as ArrayBuffer)
  return wb
}

/** Rows of a sheet below its header row, as objects keyed by header. */
function rows(ws: ExcelJS.Worksheet, headerRow: number): Array<Record<string, unknown>> {
  const headers = (ws.getRow(headerRow).values as unknown[]).map((v) => String(v ?? ''))
  const out: Array<Record<string, unknown>> = []
  ws.eachRow((row, n) => {
    if (n <= headerRow) return
    const values = row.values as unknown[]
    out.push(Object.fromEntries(headers.map((h, i) => [h, values[i]]).filter(([h]) => h)))
  })
  return out
}

beforeAll(async () => {
  app = await startTestApp({ clock })
  await acceptedTask(app, WANGLI, { rating: 5 }) // 5 + 1 (5 stars) + 1 (on time) + 3 (early)
  await departmentTask() // 5 + 1 + 3; PCS +1
  const { id } = await claimedTask(app, 'u-chenqiang', { create: { territory: 'GT-01-02' } })
  await as(app, 'u-chenqiang').post(`/api/tasks/${id}/release`, { reason: '临时外出' })
})
afterAll(() => app.close())

describe('the admin’s assessment sheet', () => {
  let wb: ExcelJS.Workbook

  beforeAll(async () => {
    const res = await download(ADMIN)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('积分考核表-2026-11.xlsx')}`)
    wb = await open(res.body as Buffer)
  })

  it('has one sheet per level and the lines behind them', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['个人考核', '网格考核', '村社区考核', '部门考核', '积分明细'])
    expect(wb.getWorksheet('个人考核')?.getCell('A1').value).toBe('古塘街道 2026年11月 个人积分考核表（考核规则第 1 版）')
  })

  it('one row per person with totals and a breakdown by reason', () => {
    const people = rows(wb.getWorksheet('个人考核') as ExcelJS.Worksheet, 2)
    const wangli = people.find((r) => r.姓名 === '王丽')
    expect(wangli).toMatchObject({ 排名: 1, 账号: WANGLI, 期初分: 100, 基础分: 10, '加分（获得）': 9, '加分（计入）': 9, 扣分: 0, 合计: 119 })
    expect(wangli).toMatchObject({ 办结基础分: 10, 验收评分: 1, 按时办结: 2, 提前办结: 6 })
    expect(wangli?.['所在网格/社区']).toBe('新城社区第1网格')
    expect(people.find((r) => r.姓名 === '陈强')).toMatchObject({ 扣分: -2, 放弃认领: -2, 合计: 98 })
    // everyone assessed is listed, quiet or not
    expect(people.find((r) => r.姓名 === '吴静')).toMatchObject({ 合计: 100 })
  })

  it('one row per grid and community, and per department', () => {
    const grids = rows(wb.getWorksheet('网格考核') as ExcelJS.Worksheet, 2)
    expect(grids.find((r) => r.编码 === 'GT-01-01')).toMatchObject({
      网格: '新城社区第1网格',
      所属社区: '新城社区',
      成员数: 1,
      辖区工单得分: 2,
      成员积分: 19,
      合计: 121,
    })
    const communities = rows(wb.getWorksheet('村社区考核') as ExcelJS.Worksheet, 2)
    expect(communities.find((r) => r.编码 === 'GT-01')).toMatchObject({ 合计: 100 + 2 + 19 - 2 })
    const departments = rows(wb.getWorksheet('部门考核') as ExcelJS.Worksheet, 2)
    expect(departments.find((r) => r.部门 === '古塘派出所')).toMatchObject({ 部门得分: 1, 合计: 101 })
  })

  it('the detail sheet has every ledger line of the month with its reason and rule version', async () => {
    const lines = rows(wb.getWorksheet('积分明细') as ExcelJS.Worksheet, 1)
    expect(lines).toHaveLength(await app.db.models.LedgerEntry.countDocuments({ month: '2026-11' }))
    expect(lines.find((l) => String(l.原因).startsWith('认领后放弃'))).toMatchObject({ 对象: '陈强', 分值: -2, 规则版本: 1, 规则项: 'penalties.released' })
  })
})

describe('who may download', () => {
  it('a department lead gets their department: its line and the points on its tasks', async () => {
    const res = await download(HEJUN)
    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('积分考核表-2026-11-PCS.xlsx'))
    const wb = await open(res.body as Buffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['个人考核', '部门考核', '积分明细'])
    const departments = rows(wb.getWorksheet('部门考核') as ExcelJS.Worksheet, 2)
    expect(departments.map((r) => r.部门)).toEqual(['古塘派出所'])
    const people = rows(wb.getWorksheet('个人考核') as ExcelJS.Worksheet, 2)
    // 王丽's points from the PCS task only; 陈强's release was not a PCS task
    expect(people.find((r) => r.姓名 === '王丽')).toMatchObject({ 基础分: 5, 合计: 109 })
    expect(people.find((r) => r.姓名 === '陈强')).toBeUndefined()
  })

  it('the centre (社治中心) gets everything, as admins do: it prepares the monthly assessment meeting', async () => {
    const res = await download(DISPATCHER)
    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('积分考核表-2026-11.xlsx'))
    const wb = await open(res.body as Buffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['个人考核', '网格考核', '村社区考核', '部门考核', '积分明细'])
    expect(((await as(app, DISPATCHER).get('/api/points/leaderboard?period=2026-11')).body as { canExport: boolean }).canExport).toBe(true)
  })

  it('a grid worker is refused', async () => {
    const res = await as(app, WANGLI).get('/api/points/export?period=2026-11')
    expect(res.status).toBe(403)
    expect(res.body.error.message).toContain('部门负责人')
  })
})
