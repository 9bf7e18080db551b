import { CHANNELS, type ChannelCode, ID_FIELDS, type IntakeRecordDetailView, PHONE_FIELDS, type PushResponse } from '@jqtb/shared'
import { type GeneratedRecord, generateDemoMonth } from '@jqtb/shared/src/intake/demo/generator'
import { ManualClock } from '../../bff/src/infra/clock'
import { startTestApp, type TestApp } from '../support/app'
import { installKeys, push, pushOk } from '../support/intake'
import { as, DISPATCHER, WANGLI } from './tasks-fixtures'

const NOW = Date.parse('2026-12-01T10:00:00+08:00')
const month = generateDemoMonth({ end: NOW, records: 300, seed: 11 })
const firstOf = (channel: ChannelCode): GeneratedRecord => {
  const r = month.records.find((r) => r.channel === channel && r.version === 1)
  if (!r) throw new Error(`no generated ${channel} record`)
  return r
}

let app: TestApp
let clock: ManualClock
beforeAll(async () => {
  clock = new ManualClock(new Date(NOW))
  app = await startTestApp({ clock })
  await installKeys(app)
})
afterAll(() => app.close())

const detail = async (key: string) => {
  const res = await as(app, DISPATCHER).get(`/api/intake/records/${encodeURIComponent(key)}`)
  expect(res.status).toBe(200)
  return res.body as IntakeRecordDetailView
}

describe('every system channel pushes its own record shape', () => {
  test.each(CHANNELS.filter((c) => c.push).map((c) => c.code))('%s', async (channel) => {
    const r = firstOf(channel)
    const out = await pushOk(app, channel, [r.row])
    expect(out.results[0]).toMatchObject({ result: 'created', key: r.key, version: 1 })
    const view = await detail(r.key)
    expect(view).toMatchObject({ channel, sourceId: r.sourceId, version: 1 })
    expect(view.territory.micro?.code ?? view.territory.candidates[0]?.code).toBe(month.truth[r.key].micro)
    // personal data never leaves in clear
    const text = JSON.stringify(view)
    const personal = CHANNELS.find((c) => c.code === channel)!.fields.filter((f) => [...PHONE_FIELDS, ...ID_FIELDS].includes(f.field))
    for (const f of personal) if (r.row[f.column]) expect(text).not.toContain(r.row[f.column])
  })
})

describe('idempotent by <channel>:<sourceId>', () => {
  test('the same record 20× at once makes one source', async () => {
    const r = month.records.filter((r) => r.channel === '12345')[3]
    const answers = await Promise.all(Array.from({ length: 20 }, () => push(app, '12345', [r.row])))
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    const results = answers.map((a) => (a.body as PushResponse).results[0].result)
    expect(results.filter((x) => x === 'created')).toHaveLength(1)
    expect(results.filter((x) => x === 'unchanged')).toHaveLength(19)
    expect(await app.db.models.IntakeSource.countDocuments({ _id: r.key })).toBe(1)
    expect(await app.db.models.IntakeVersion.countDocuments({ source: r.key })).toBe(0)
  })

  test('a newer version of a source is an update of it, never a second record; old versions again change nothing', async () => {
    const r = month.records.filter((r) => r.channel === '110')[5]
    await pushOk(app, '110', [r.row])
    const v2 = { ...r.row, 处警情况: '民警到场调解，双方和解', 更新时间: '2026-12-01 11:00' }
    expect((await pushOk(app, '110', [v2])).results[0]).toMatchObject({ result: 'updated', version: 2 })
    expect((await pushOk(app, '110', [r.row])).results[0]).toMatchObject({ result: 'unchanged' })
    expect((await pushOk(app, '110', [v2])).results[0]).toMatchObject({ result: 'unchanged' })
    // an older version arriving late is kept as history but does not replace the newer one
    const older = { ...r.row, 处警情况: '民警正在赶往现场', 更新时间: '2026-12-01 10:30' }
    expect((await pushOk(app, '110', [older])).results[0]).toMatchObject({ result: 'updated', version: 3 })
    const view = await detail(r.key)
    expect(view.version).toBe(3)
    expect(view.extra).toEqual(expect.arrayContaining([{ label: '处置情况', value: '民警到场调解，双方和解' }]))
    expect(view.versions.map((v) => [v.version, v.current])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ])
    expect(await app.db.models.IntakeSource.countDocuments({ sourceId: r.sourceId })).toBe(1)
  })

  test('two different versions at the same moment are both kept', async () => {
    const r = month.records.filter((r) => r.channel === '110')[8]
    await pushOk(app, '110', [r.row])
    const a = { ...r.row, 处警情况: '甲', 更新时间: '2026-12-01 12:00' }
    const b = { ...r.row, 处警情况: '乙', 更新时间: '2026-12-01 12:01' }
    const [ra, rb] = await Promise.all([pushOk(app, '110', [a]), pushOk(app, '110', [b])])
    expect([ra.results[0].version, rb.results[0].version].sort()).toEqual([2, 3])
    const view = await detail(r.key)
    expect(view.version).toBe(3)
    expect(view.extra.find((e) => e.label === '处置情况')?.value).toBe('乙')
  })
})

describe('a bad record never blocks the good ones', () => {
  test('rejected rows say what is wrong, per column, in Chinese', async () => {
    const good = month.records.filter((r) => r.channel === 'odr')[2]
    const { 案件编号: _, ...noId } = good.row
    const badTime = { ...good.row, 案件编号: 'JF-BAD-TIME', 申请时间: '昨天下午' }
    const out = await pushOk(app, 'odr', [noId, good.row, badTime], { allowRejected: true })
    expect(out.counts).toMatchObject({ created: 1, rejected: 2 })
    expect(out.results[0].issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ column: '案件编号', severity: 'error', reason: '缺少「案件编号」' })]),
    )
    expect(out.results[2].issues).toEqual(expect.arrayContaining([expect.objectContaining({ column: '申请时间', value: '昨天下午', severity: 'error' })]))
  })
})

describe('signature, replay and clock skew are refused', () => {
  const r = () => firstOf('81890')
  test('no signature headers', async () => {
    const res = await (await import('supertest'))
      .default(app.url)
      .post('/api/intake/channels/81890/records')
      .send({ records: [r().row] })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('SIGNATURE_INVALID')
  })
  test('a wrong secret', async () => {
    const res = await push(app, '81890', [r().row], { secret: 'not-the-secret-0123456789' })
    expect(res.status).toBe(401)
    expect(res.body.error).toMatchObject({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('签名不正确') })
  })
  test('the key of another channel', async () => {
    const res = await push(app, '81890', [r().row], { keyId: 'sim-110', secret: 'sim-intake-110-secret-0123456789abcdef' })
    expect(res.status).toBe(401)
    expect(res.body.error.message).toContain('不属于这个渠道')
  })
  test('a body changed after signing', async () => {
    const res = await push(app, '81890', [r().row], { sendBody: JSON.stringify({ records: [{ ...r().row, 求助内容: '改过的内容' }] }) })
    expect(res.status).toBe(401)
  })
  test('a timestamp more than 5 minutes off', async () => {
    const res = await push(app, '81890', [r().row], { timestamp: Math.floor(NOW / 1000) - 6 * 60 })
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('TIMESTAMP_SKEW')
    const ok = await push(app, '81890', [r().row], { timestamp: Math.floor(NOW / 1000) - 4 * 60 })
    expect(ok.status).toBe(200)
  })
  test('the same request again (same nonce) is a replay', async () => {
    const nonce = 'replay-nonce-000000000001'
    expect((await push(app, '81890', [r().row], { nonce })).status).toBe(200)
    const again = await push(app, '81890', [r().row], { nonce })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('REPLAYED')
  })
  test('a revoked key', async () => {
    const created = await as(app, 'u-admin').post('/api/intake/channels/labour/keys', { label: '测试系统' })
    expect(created.status).toBe(201)
    const { id, secret } = created.body
    const rec = firstOf('labour').row
    expect((await push(app, 'labour', [rec], { keyId: id, secret })).status).toBe(200)
    expect((await as(app, 'u-admin').delete(`/api/intake/keys/${id}`)).status).toBe(200)
    const res = await push(app, 'labour', [rec], { keyId: id, secret })
    expect(res.status).toBe(401)
    expect(res.body.error.message).toContain('已停用')
  })
  test('only admins manage keys', async () => {
    expect((await as(app, DISPATCHER).post('/api/intake/channels/110/keys', { label: '某系统' })).status).toBe(403)
  })
})

describe('窗口登记', () => {
  const form = {
    requestId: '6a1f0c2e-8d3b-4c59-9a7e-2f4b1d6c8e90',
    form: '来访',
    desk: '人民调解',
    visitorName: '吴美华',
    visitorPhone: '139 0574 1122',
    visitorIdNo: '33028219710405602X',
    otherPartyName: '吴建军',
    address: '南门小区7幢2单元502室',
    category: 'family.household.support',
    content: '兄弟吴建军不承担母亲赡养费，要求调解',
  }
  test('registers once per form, cleaned like any channel', async () => {
    const first = await as(app, DISPATCHER).post('/api/intake/window', form)
    expect(first.status).toBe(201)
    expect(first.body.record).toMatchObject({
      channel: 'window',
      territory: { micro: { code: 'GT-08-01-02' }, confident: true },
      category: { code: 'family.household.support', confident: true },
      parties: [
        { name: '吴美华', role: '来访人', phone: '139****1122', idNo: '3302**********602X' },
        { name: '吴建军', role: '对方当事人', phone: null, idNo: null },
      ],
    })
    const again = await as(app, DISPATCHER).post('/api/intake/window', form)
    expect(again.status).toBe(200)
    expect(again.body.result.result).toBe('unchanged')
  })
  test('only the centre registers at the window', async () => {
    expect((await as(app, WANGLI).post('/api/intake/window', { ...form, requestId: '7b2f0c2e-8d3b-4c59-9a7e-2f4b1d6c8e91' })).status).toBe(403)
  })
  test('an unknown category is a 400', async () => {
    const res = await as(app, DISPATCHER).post('/api/intake/window', { ...form, requestId: '8c3f0c2e-8d3b-4c59-9a7e-2f4b1d6c8e92', category: 'made.up' })
    expect(res.status).toBe(400)
  })
})

describe('网格上报 is recorded as a channel record', () => {
  test('a direct report becomes a grid record keyed by its task number', async () => {
    const res = await as(app, WANGLI).post('/api/reports', {
      kind: 'direct',
      title: '楼道堆物引发争吵',
      description: '两户因公共通道堆物争吵',
      category: 'neighbour',
      parties: [{ name: '赵大伯', phone: '13805748888' }],
    })
    expect(res.status).toBe(201)
    const taskNo = res.body.task.taskNo
    const view = await detail(`grid:${taskNo}`)
    expect(view).toMatchObject({ channel: 'grid', category: { code: 'neighbour.general' }, parties: [{ name: '赵大伯', phone: '138****8888' }] })
  })
})

describe('reading', () => {
  test('the list pages newest first and filters by channel and flag', async () => {
    const all = await as(app, DISPATCHER).get('/api/intake/records?limit=3')
    expect(all.status).toBe(200)
    expect(all.body.items).toHaveLength(3)
    const next = await as(app, DISPATCHER).get(`/api/intake/records?limit=3&cursor=${all.body.nextCursor}`)
    expect(next.body.items.map((i: { key: string }) => i.key)).not.toContain(all.body.items[0].key)
    const only110 = await as(app, DISPATCHER).get('/api/intake/records?channel=110')
    expect(only110.body.items.every((i: { channel: string }) => i.channel === '110')).toBe(true)
  })
  test('grid workers cannot read the intake desk', async () => {
    expect((await as(app, WANGLI).get('/api/intake/records')).status).toBe(403)
  })
  test('the address preview answers a micro-grid with a confidence', async () => {
    const res = await as(app, DISPATCHER).get(`/api/intake/address?address=${encodeURIComponent('丰园村5组12号')}`)
    expect(res.body).toMatchObject({ micro: { code: 'GT-09-01-05', name: expect.stringContaining('丰园村') }, confident: true })
  })
})
