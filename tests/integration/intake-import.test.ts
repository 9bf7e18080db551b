import fs from 'node:fs'
import path from 'node:path'
import type { ImportView } from '@jqtb/shared'
import { generateDemoMonth } from '@jqtb/shared/src/intake/demo/generator'
import request from 'supertest'
import { importFilePath } from '../../bff/src/intake/imports/upload'
import { startTestApp, type TestApp } from '../support/app'
import { authHeader } from '../support/auth'
import { csvFile, type Row, readSheet, settled, upload, xlsxFile } from '../support/intake-files'
import { as, DISPATCHER, WANGLI } from './tasks-fixtures'

const NOW = Date.now()
const month = generateDemoMonth({ end: NOW, records: 500, seed: 23 })
const rowsOf = (channel: string) => month.records.filter((r) => r.channel === channel && r.version === 1).map((r) => r.row as Row)

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const commit = async (id: string) => {
  const res = await as(app, DISPATCHER).post(`/api/intake/imports/${id}/commit`)
  expect(res.status).toBe(200)
  return settled(app, DISPATCHER, id)
}

describe('an .xlsx export: dry run with row-level problems, then commit, then the error sheet', () => {
  const good = rowsOf('110').slice(0, 30)
  const injected = `=cmd|' /C calc'!A0`
  const bad: Row[] = [
    { ...good[0], 警情编号: '', 简要警情: injected },
    { ...good[1], 警情编号: 'J-BAD-DATE', 报警时间: '2026/13/45 25:99' },
  ]
  let view: ImportView
  let file: Buffer

  test('the dry run maps every row and lists each problem with row, column, value and reason', async () => {
    file = await xlsxFile('110', [...good, ...bad], { title: '古塘派出所 非警务警情分流清单' })
    const res = await upload(app, DISPATCHER, '110', file, '110非警务警情.xlsx')
    expect(res.status).toBe(201)
    view = await settled(app, DISPATCHER, res.body.id)
    expect(view).toMatchObject({ state: 'ready', headerRow: 2, counts: { rows: 32, good: 30, bad: 2 } })
    expect(view.sample[0].mapped).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'sourceId', column: '警情编号', value: good[0].警情编号 })]))
    expect(view.sample[0].result?.microName).toEqual(expect.any(String))
    expect(view.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 33, column: '警情编号', reason: '缺少「警情编号」', severity: 'error' }),
        expect.objectContaining({ row: 34, column: '报警时间', value: '2026/13/45 25:99', severity: 'error' }),
      ]),
    )
    // nothing is stored by a dry run
    expect(await app.db.models.IntakeSource.countDocuments({ channel: '110' })).toBe(0)
  })

  test('commit stores the good rows and skips the bad ones', async () => {
    const done = await commit(view.id)
    expect(done).toMatchObject({ state: 'done', counts: { created: 30, rejected: 2, unchanged: 0 } })
    expect(await app.db.models.IntakeSource.countDocuments({ channel: '110' })).toBe(30)
  })

  test('the error sheet has the bad rows in their own columns, the reason, and formulas made text', async () => {
    const res = await request(app.url)
      .get(`/api/intake/imports/${view.id}/errors.xlsx`)
      .set(authHeader(app, DISPATCHER))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(res.status).toBe(200)
    const rows = await readSheet(res.body as Buffer)
    expect(rows[0]).toEqual(expect.arrayContaining(['警情编号', '简要警情', '原行号', '错误说明']))
    expect(rows).toHaveLength(3)
    const contentCol = (rows[0] as string[]).indexOf('简要警情')
    expect(rows[1][contentCol]).toBe(`'${injected}`)
    expect(String(rows[1].at(-1))).toContain('缺少「警情编号」')
  })

  test('importing the same file again changes nothing', async () => {
    const res = await upload(app, DISPATCHER, '110', file, '再次导入.xlsx')
    const again = await settled(app, DISPATCHER, res.body.id)
    expect(again.sameAs?.id).toBe(view.id)
    const done = await commit(again.id)
    expect(done.counts).toMatchObject({ created: 0, updated: 0, unchanged: 30, rejected: 2 })
    expect(await app.db.models.IntakeSource.countDocuments({ channel: '110' })).toBe(30)
  })
})

describe('CSV exports in GBK and UTF-8', () => {
  test('a GBK .csv (Excel on a Chinese Windows) is recognised and imported', async () => {
    const rows = rowsOf('12345').slice(0, 12)
    const res = await upload(app, DISPATCHER, '12345', csvFile('12345', rows, 'gbk'), '12345工单.csv')
    const v = await settled(app, DISPATCHER, res.body.id)
    expect(v).toMatchObject({ state: 'ready', encoding: 'GBK', counts: { rows: 12, good: 12 } })
    expect((await commit(v.id)).counts.created).toBe(12)
    const list = await as(app, DISPATCHER).get('/api/intake/records?channel=12345')
    expect(list.body.items[0].title).toMatch(/[\u4e00-\u9fff]/)
  })

  test('a UTF-8 .csv with a byte-order mark', async () => {
    const rows = rowsOf('odr').slice(0, 5)
    const res = await upload(app, DISPATCHER, 'odr', csvFile('odr', rows, 'utf8bom'), 'odr.csv')
    const v = await settled(app, DISPATCHER, res.body.id)
    expect(v).toMatchObject({ state: 'ready', encoding: 'UTF-8', counts: { good: 5 } })
  })
})

describe('hostile files end with a clear error and nothing stored', () => {
  const count = () => app.db.models.IntakeSource.countDocuments({ channel: 'mediation' })
  const rows = rowsOf('mediation').slice(0, 4)

  test('GBK bytes read as UTF-8 (the person chose the wrong encoding)', async () => {
    const res = await upload(app, DISPATCHER, 'mediation', csvFile('mediation', rows, 'gbk'), 'tj.csv', 'utf8')
    const v = await settled(app, DISPATCHER, res.body.id)
    expect(v.state).toBe('refused')
    expect(v.refusal?.message).toContain('编码')
    expect((await as(app, DISPATCHER).post(`/api/intake/imports/${v.id}/commit`)).status).toBe(409)
    expect(await count()).toBe(0)
  })

  test('binary garbage named .csv, and named .xlsx', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))
    const a = await settled(app, DISPATCHER, (await upload(app, DISPATCHER, 'mediation', garbage, 'data.csv')).body.id)
    expect(a).toMatchObject({ state: 'refused', refusal: { code: 'FILE_UNREADABLE' } })
    const b = await settled(app, DISPATCHER, (await upload(app, DISPATCHER, 'mediation', garbage, 'data.xlsx')).body.id)
    expect(b.refusal?.message).toContain('不是有效的 .xlsx')
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), garbage])
    const c = await settled(app, DISPATCHER, (await upload(app, DISPATCHER, 'mediation', zip, 'broken.xlsx')).body.id)
    expect(c.state).toBe('refused')
    expect(await count()).toBe(0)
  })

  test('an old .xls and other file types are refused at upload', async () => {
    const res = await upload(app, DISPATCHER, 'mediation', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'old.xls')
    expect(res.status).toBe(415)
    expect(res.body.error.message).toContain('.xlsx')
    expect((await upload(app, DISPATCHER, 'mediation', Buffer.from('hi'), 'notes.docx')).status).toBe(415)
  })

  test('a file over 50 MB is refused while it arrives, and nothing is left on disk', async () => {
    const before = fs.readdirSync(path.dirname(importFilePath(app.config.dataDir, 'x'))).length
    const big = Buffer.alloc(51 * 1024 * 1024, 0x41)
    const res = await upload(app, DISPATCHER, 'mediation', big, 'huge.csv').catch((e) => e.response ?? { status: 'reset' })
    expect([413, 'reset']).toContain(res.status)
    expect(fs.readdirSync(path.dirname(importFilePath(app.config.dataDir, 'x'))).length).toBe(before)
  })

  test('a sheet of another channel (no header the profile knows)', async () => {
    const res = await upload(app, DISPATCHER, 'mediation', await xlsxFile('110', rowsOf('110').slice(0, 2)), 'wrong-channel.xlsx')
    const v = await settled(app, DISPATCHER, res.body.id)
    expect(v.state).toBe('refused')
    expect(v.refusal?.message).toContain('没有找到表头')
    expect(v.refusal?.message).toContain('人民调解')
  })

  test('formula cells count as their computed value, never as code', async () => {
    const wb = new (await import('exceljs')).default.Workbook()
    const ws = wb.addWorksheet('s')
    const cols = Object.keys(rows[0])
    ws.addRow(cols)
    ws.addRow(cols.map((c) => (c === '纠纷简况' ? { formula: 'HYPERLINK("http://evil","x")', result: '邻居漏水纠纷' } : rows[0][c])))
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    const v = await settled(app, DISPATCHER, (await upload(app, DISPATCHER, 'mediation', buf, 'formula.xlsx')).body.id)
    expect(v.state).toBe('ready')
    expect(v.sample[0].mapped.find((m) => m.field === 'content')?.value).toBe('邻居漏水纠纷')
  })

  test('only the centre and admins import', async () => {
    expect((await upload(app, WANGLI, 'mediation', csvFile('mediation', rows), 'x.csv')).status).toBe(403)
  })
})
