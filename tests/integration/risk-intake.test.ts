/**
 * Repeats across channels: a 110 record pushed by the channel's system, by the same caller as a closed
 * task, is scored as a case of its own with the repeat factor (the phone matched by its keyed hash,
 * whatever format the channel wrote it in), and the caller's open task is re-scored at once; the same
 * record again changes nothing; a 12345 ticket about the same incident an hour later is not a further
 * repeat; the watch list shows the subject with its 110 source. Fed by the risk job reading the records
 * received since its last pass catches up what a missed `lead.linked` left (here: nothing).
 */
import type { RiskCardView, TaskActionResponse, WatchListView } from '@jqtb/shared'
import { ManualClock } from '../../bff/src/infra/clock'
import { feedIntake } from '../../bff/src/risk/intake-feed'
import { riskJobs } from '../../bff/src/risk/jobs'
import type { RiskCaseDoc } from '../../bff/src/risk/model'
import { taskDeps } from '../../bff/src/tasks/log'
import { startAppWithSimulator, type TestApp } from '../support/app'
import { installKeys, pushOk } from '../support/intake'
import { as, baseTask, DISPATCHER } from './tasks-fixtures'

const START = Date.parse('2026-11-20T02:00:00Z')
const DAY = 86_400_000
const HOUR = 3_600_000
let app: TestApp
let close: () => Promise<void>
const clock = new ManualClock(START)

beforeAll(async () => {
  ;({ app, close } = await startAppWithSimulator({ clock }))
  await installKeys(app)
})
afterAll(() => close())

const PHONE = '13705749001'
const create = async (over: Parameters<typeof baseTask>[0] = {}) => {
  const res = await as(app, DISPATCHER).post('/api/tasks', baseTask({ riskColour: 'green', ...over }))
  expect(res.status).toBe(201)
  return (res.body as TaskActionResponse).task.id
}
const card = async (id: string) => (await as(app, DISPATCHER).get(`/api/risk/tasks/${id}`)).body as RiskCardView
/** 「2026/12/3 14:05」 in China time, as 110 writes it */
const chinaTime = (ms: number) => {
  const d = new Date(ms + 8 * HOUR)
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}
const call110 = (id: string, over: Record<string, string> = {}) => ({
  警情编号: id,
  报警时间: chinaTime(clock.now().getTime()),
  报警人: '李某芳',
  报警电话: '+86 137 0574 9001',
  发生地址: '古塘街道新城花苑5幢301室',
  警情类别: '纠纷-家庭纠纷',
  简要警情: '夫妻再次吵架，女方要求民警到场',
  是否非警务: '是',
  ...over,
})
const deps = () => taskDeps(app.deps)
const recordCase = (key: string) => app.db.models.RiskCase.findById(`record:${key}`).lean<RiskCaseDoc>()

describe('a new 110 record by the caller of a closed case', () => {
  let open: string

  it('is scored with the repeat factor, and the caller’s open task is re-scored at once', async () => {
    const closed = await create({ title: '夫妻纠纷', category: 'family', parties: [{ name: '李某芳', phone: PHONE }] })
    const cancel = await as(app, DISPATCHER).post(`/api/tasks/${closed}/cancel`, { closureCode: 'resolved', reason: '双方和好，当事人撤回' })
    expect(cancel.status).toBe(200)
    clock.advance(5 * DAY)
    open = await create({ title: '夫妻纠纷（再次来访）', category: 'family', parties: [{ name: '李某芳', phone: PHONE }] })
    expect((await card(open)).factors.map((f) => f.line)).toContain('近 30 天同一当事人（李某芳）第 2 次报警 +15')
    const before = await app.db.models.RiskCase.findById(`task:${open}`).lean<RiskCaseDoc>()

    clock.advance(3 * DAY)
    const pushed = await pushOk(app, '110', [call110('J330282202611280001')])
    expect(pushed.results[0].result).toBe('created')
    // noted in the push's own request (its lead's lead.linked); the job's pass finds nothing left to do
    const fed = await feedIntake(deps(), clock.now().getTime() - 60_000)
    expect(fed).toMatchObject({ read: 1, records: 0, linked: 0, failed: 0 })

    const rec = await recordCase('110:J330282202611280001')
    expect(rec?.factors.map((f) => `${f.text} +${f.points}`)).toEqual(['近 30 天同一当事人（李某芳）第 3 次报警，涉 110、社治中心 +30', '婚恋家庭纠纷 +10'])
    expect(rec).toMatchObject({ kind: 'record', colour: 'yellow', score: 40 })

    const after = await app.db.models.RiskCase.findById(`task:${open}`).lean<RiskCaseDoc>()
    expect(after?.score).toBeGreaterThan(before?.score ?? 0)
    const c = await card(open)
    expect(c.factors.map((f) => f.line)).toContain('近 30 天同一当事人（李某芳）共 3 次报警，涉 社治中心、110 +30')
    // the centre sees the 110 record among the linked cases (no task to open)
    expect(c.linked?.find((l) => l.ref === '110 J330282202611280001')).toMatchObject({ taskId: null, channels: ['110'], via: '同一当事人（李某芳）' })
  })

  it('the same record again, or fed twice, changes nothing', async () => {
    const again = await pushOk(app, '110', [call110('J330282202611280001')])
    expect(again.results[0].result).toBe('unchanged')
    expect(await feedIntake(deps(), clock.now().getTime() - DAY)).toMatchObject({ read: 1, records: 0, linked: 0 })
  })

  it('a 12345 ticket about the same incident an hour later is no further repeat; a call ten days later is', async () => {
    clock.advance(HOUR)
    await pushOk(app, '12345', [
      {
        工单编号: 'NB2026112800077',
        来电时间: chinaTime(clock.now().getTime()),
        诉求人: '李女士',
        来电号码: '137-0574-9001',
        诉求类型: '家庭纠纷',
        诉求内容: '丈夫经常吵闹，要求社区介入',
        事发地址: '新城花苑5幢301',
      },
    ])
    expect(await feedIntake(deps(), clock.now().getTime() - 60_000)).toMatchObject({ read: 1, records: 0 })
    const ticket = await recordCase('12345:NB2026112800077')
    expect(ticket?.factors[0].text).toBe('近 30 天同一当事人（李女士）第 3 次报警，涉 12345、社治中心、110')

    clock.advance(10 * DAY)
    await pushOk(app, '110', [call110('J330282202612080002', { 简要警情: '男方扬言要拼命，女方害怕' })])
    // the job itself: its first pass looks 90 days back, and finds nothing the lead listener left
    const [job] = riskJobs(app.deps)
    expect(job.name).toBe('risk-intake')
    expect(await job.run()).toMatchObject({ records: 0, failed: 0 })
    const call = await recordCase('110:J330282202612080002')
    expect(call?.factors.map((f) => f.text)).toEqual(
      expect.arrayContaining(['近 30 天同一当事人（李某芳）第 4 次报警，涉 110、社治中心、12345', '报警内容含「拼命」', '报警内容含「扬言」']),
    )
    expect(call?.colour).toBe('red')
    // the open task hears of the threat in a linked case
    expect((await card(open)).factors.map((f) => f.text)).toEqual(expect.arrayContaining([expect.stringMatching(/关联案件.*含「拼命」/)]))
  })

  it('the watch list shows the caller with the 110 and 12345 sources behind them', async () => {
    const list = (await as(app, DISPATCHER).get('/api/risk/watch')).body as WatchListView
    const li = list.items.find((s) => s.kind === 'party' && s.label.includes('李'))
    expect(li).toBeDefined()
    expect(li?.channels).toEqual(expect.arrayContaining(['110', '12345', '社治中心']))
    expect(li?.colour).toBe('red')
    expect(li?.phone).toBe('137****9001')
  })
})
