import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { createApp } from '../../bff/src/app'
import { composeDeps, connectDb } from '../../bff/src/compose'
import type { Db } from '../../bff/src/infra/db'
import type { IntakeSourceDoc } from '../../bff/src/intake/model'
import { factsOf, keysOf } from '../../bff/src/leads/facts'
import { slotIds } from '../../bff/src/leads/keys'
import { leadIdFor, linkSource } from '../../bff/src/leads/linker'
import { leadDeps } from '../../bff/src/leads/store'
import { startTestApp, type TestApp } from '../support/app'
import { testMongoUri } from '../support/db'
import { installKeys, push } from '../support/intake'

/**
 * Two BFF instances on one database: two records of one incident (the 110 call on one, the 12345
 * ticket on the other) arriving at the same moment still make one lead — and the same record pushed to
 * both at once is one source in one lead.
 */
let a: TestApp
let b: TestApp
let dbB: Db

beforeAll(async () => {
  a = await startTestApp()
  await installKeys(a)
  dbB = await connectDb(testMongoUri(), a.db.conn.name)
  const deps = composeDeps({ config: a.config, db: dbB, logger: pino({ level: 'silent' }), clock: a.deps.clock })
  const server = createApp(deps).listen(0, '127.0.0.1')
  await new Promise<void>((r) => server.once('listening', () => r()))
  b = { ...a, deps, db: dbB, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: async () => {} }
})
afterAll(async () => {
  await new Promise<void>((r) => b.server.close(() => r()))
  await dbB.close()
  await a.close()
})

const ROUNDS = 6
const call110 = (i: number) => ({
  警情编号: `J3302822026112100${String(i).padStart(4, '0')}`,
  报警时间: `2026/11/21 ${8 + i}:05`,
  报警人: `张${'一二三四五六七八'[i]}`,
  报警电话: `1385740${String(2000 + i)}`,
  发生地址: `新城花苑${i + 1}幢1单元10${i}室`,
  警情类别: '纠纷-邻里纠纷',
  简要警情: '邻居漏水，双方争吵',
  是否非警务: '是',
})
const ticket = (i: number) => ({
  工单编号: `NB20261121${String(i).padStart(5, '0')}`,
  来电时间: `2026-11-21 ${8 + i}:40`,
  诉求人: `张先生`,
  来电号码: `1385740${String(2000 + i)}`,
  诉求类型: '城市管理-其他',
  诉求内容: '楼上漏水到我家，协商不成',
  事发地址: `古塘街道新城花苑${i + 1}幢`,
})
const leadOf = async (key: string) => (await a.db.models.IntakeSource.findById(key).lean())?.leadId

test('the 110 call on one instance and the 12345 ticket on the other, at the same moment: one lead', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const [ra, rb] = await Promise.all([push(a, '110', [call110(i)]), push(b, '12345', [ticket(i)])])
    expect([ra.status, rb.status]).toEqual([200, 200])
  }
  for (let i = 0; i < ROUNDS; i++) {
    const x = await leadOf(`110:${call110(i).警情编号}`)
    const y = await leadOf(`12345:${ticket(i).工单编号}`)
    expect([i, x]).toEqual([i, y])
    const events = await a.db.models.LeadEvent.find({ leadId: x }).sort({ seq: 1 }).lean()
    // one lead began, the other record joined it, with reasons
    expect(events.filter((e) => e.type === 'opened')).toHaveLength(1)
    expect(events.filter((e) => e.type === 'joined')).toHaveLength(1)
  }
  // no lead of one record left behind by the race
  const keys = Array.from({ length: ROUNDS }, (_, i) => [`110:${call110(i).警情编号}`, `12345:${ticket(i).工单编号}`]).flat()
  const leads = await a.db.models.Lead.find({ sourceKeys: { $in: keys } }).lean()
  expect(leads.filter((l) => l.state !== 'merged')).toHaveLength(ROUNDS)
}, 120_000)

test('the same record pushed to both instances at once: one source, one lead, one opening', async () => {
  const rec = call110(7)
  const [ra, rb] = await Promise.all([push(a, '110', [rec]), push(b, '110', [rec])])
  expect([ra.status, rb.status]).toEqual([200, 200])
  const leadId = await leadOf(`110:${rec.警情编号}`)
  const members = await a.db.models.LeadMember.find({ sourceKey: `110:${rec.警情编号}` }).lean()
  expect(members.map((m) => m.leadId)).toEqual([leadId])
  expect(await a.db.models.LeadEvent.countDocuments({ leadId, type: 'opened' })).toBe(1)
})

test('two records that each won a slot the other lost (what a same-moment race can leave) still end in one lead', async () => {
  const i = 8
  for (const [ch, row] of [
    ['110', call110(i)],
    ['12345', ticket(i)],
  ] as const)
    expect((await push(a, ch, [row])).status).toBe(200)
  const xKey = `110:${call110(i).警情编号}`
  const yKey = `12345:${ticket(i).工单编号}`
  // forget how they were linked, keep the records
  const m = a.db.models
  const first = await leadOf(xKey)
  await m.LeadEvent.deleteMany({ leadId: first })
  await m.Lead.deleteMany({ _id: first })
  for (const model of [m.LeadMember, m.LeadClaim, m.LeadKey] as const) await (model as typeof m.LeadClaim).deleteMany({ sourceKey: { $in: [xKey, yKey] } })
  // the cross: X holds the first slot both want, Y the second
  const [x, y] = (await Promise.all([m.IntakeSource.findById(xKey).lean(), m.IntakeSource.findById(yKey).lean()])) as IntakeSourceDoc[]
  const fx = factsOf(x)
  const fy = factsOf(y)
  const mine = new Set(keysOf(fx).flatMap((k) => slotIds(k, fx.at)))
  const shared = keysOf(fy)
    .flatMap((k) => slotIds(k, fy.at))
    .filter((id) => mine.has(id))
    .sort()
  expect(shared.length).toBeGreaterThanOrEqual(2)
  const now = new Date()
  await m.LeadClaim.collection.insertMany([
    { _id: shared[0], leadId: leadIdFor(x), sourceKey: xKey, at: now },
    { _id: shared[1], leadId: leadIdFor(y), sourceKey: yKey, at: now },
  ] as never[])
  const deps = leadDeps(a.deps)
  const [lx, ly] = await Promise.all([linkSource(deps, xKey), linkSource(deps, yKey)])
  expect(lx?.leadId).toBe(leadIdFor(x))
  expect(ly?.leadId).toBe(leadIdFor(x))
  expect(await leadOf(yKey)).toBe(await leadOf(xKey))
  const events = await m.LeadEvent.find({ leadId: leadIdFor(x) }).lean()
  expect(
    events
      .map((e) => e.type)
      .filter((t) => t === 'opened' || t === 'joined')
      .sort(),
  ).toEqual(['joined', 'opened'])
})
