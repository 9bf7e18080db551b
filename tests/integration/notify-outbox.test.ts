import { connectDb } from '../../bff/src/compose'
import type { AppDeps } from '../../bff/src/deps'
import { createGateways, type DingTalkGateway, GatewayError, type Gateways } from '../../bff/src/dingtalk'
import { ManualClock } from '../../bff/src/infra/clock'
import { OUTBOX_POLICY, retryDelayMs, runOutboxOnce } from '../../bff/src/notifications/worker'
import { startTestApp, type TestApp } from '../support/app'
import { testMongoUri } from '../support/db'
import { startSimulator, type TestSimulator } from '../support/simulator'

let sim: TestSimulator
let app: TestApp
let clock: ManualClock

const START = Date.parse('2026-11-27T00:00:00Z') // 08:00 in Zhejiang

async function setUp(env: Record<string, string> = {}) {
  clock = new ManualClock(START)
  sim = await startSimulator({ clock })
  app = await startTestApp({ clock, simulatorUrl: sim.url, env: { PUBLIC_URL: 'https://jqtb.example.gov.cn/', ...env } })
}
async function tearDown() {
  await app.close()
  await sim.close()
}
/** An empty outbox and a fresh simulator at 08:00 again, for the next test (cheaper than a new app). */
async function clean() {
  const { Outbox, OutboxAttempt, OutboxPlan, OutboxSend } = app.db.models
  await Promise.all([Outbox.deleteMany({}), OutboxAttempt.deleteMany({}), OutboxPlan.deleteMany({}), OutboxSend.deleteMany({})])
  await sim.control('/reset', {})
  clock.set(START)
  // the reset simulator has forgotten its tokens: start from an empty token cache too, like a restart
  app.deps.gateway = createGateways(app.config, clock)
}

const enqueue = (
  key: string,
  recipients: string[],
  template = 'task_reminder',
  data: Record<string, string | number> = { taskNo: key, title: '楼道堆物纠纷', dueAt: '2026-11-30T09:00:00Z' },
) => app.deps.notifier.enqueue({ key, recipients, template, data, page: `pages/task/index?id=${key}` })
const entry = (key: string) => app.db.models.Outbox.findById(key).lean()
const inbox = (userId: string) => sim.state.messages.filter((m) => m.userId === userId)

/** A gateway that behaves like the real one except where a test says otherwise. */
function wrap(real: DingTalkGateway, over: Partial<DingTalkGateway>): Gateways {
  const primary = Object.assign(Object.create(real), over) as DingTalkGateway
  return { primary, get: () => primary }
}

describe('outbox on DingTalk', () => {
  beforeAll(() => setUp())
  afterEach(() => clean())
  afterAll(() => tearDown())

  it('queues once per key and delivers an OA message that names the task and links into the mini-program', async () => {
    expect(await enqueue('T-1', ['u-wangli'])).toEqual({ queued: true })
    expect(await enqueue('T-1', ['u-wangli'])).toEqual({ queued: false })
    expect(await runOutboxOnce(app.deps)).toEqual({ sent: 1, retried: 0, failed: 0, dropped: 0, skipped: 0 })
    const [msg] = inbox('u-wangli')
    expect(msg.msg).toMatchObject({ msgtype: 'oa', oa: { message_url: 'eapp://pages/task/index?id=T-1', body: { title: '工单催办｜【T-1】楼道堆物纠纷' } } })
    expect(await entry('T-1')).toMatchObject({ status: 'sent', attempts: 1 })
    expect(await runOutboxOnce(app.deps)).toEqual({ sent: 0, retried: 0, failed: 0, dropped: 0, skipped: 0 })
    expect(inbox('u-wangli')).toHaveLength(1)
  })

  it('backs off exponentially on retryable answers (-1 busy, 90018 rate limit, 5xx), then delivers', async () => {
    await enqueue('T-2', ['u-wangli'])
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'errcode', errcode: -1, times: 1 })
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'errcode', errcode: 90018, times: 1 })
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'http', status: 502, times: 1 })
    const delays: number[] = []
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await runOutboxOnce(app.deps)).retried).toBe(1)
      const e = await entry('T-2')
      delays.push(e!.nextAttemptAt.getTime() - clock.now().getTime())
      expect(delays.at(-1)).toBe(retryDelayMs('T-2', attempt))
      expect(await runOutboxOnce(app.deps)).toMatchObject({ sent: 0, retried: 0 }) // not due yet
      clock.set(e!.nextAttemptAt)
    }
    expect(delays[0]).toBeGreaterThanOrEqual(8_000)
    expect(delays[1]).toBeGreaterThan(delays[0])
    expect(delays[2]).toBeGreaterThan(delays[1])
    expect((await runOutboxOnce(app.deps)).sent).toBe(1)
    expect(await entry('T-2')).toMatchObject({ status: 'sent', attempts: 4 })
    expect(inbox('u-wangli')).toHaveLength(1)
    const attempts = await app.db.models.OutboxAttempt.find({ outboxId: 'T-2' }).sort({ n: 1 }).lean()
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'sent'])
    expect(attempts[1].error).toMatch(/90018/)
  })

  it('gives up at once on a permanent refusal, with the reason recorded', async () => {
    await enqueue('T-3', ['u-wangli'])
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'errcode', errcode: 40035, errmsg: '不合法的参数' })
    expect((await runOutboxOnce(app.deps)).failed).toBe(1)
    expect(await entry('T-3')).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/40035/) })
    clock.advance(24 * 3600_000)
    expect(await runOutboxOnce(app.deps)).toMatchObject({ sent: 0, failed: 0 })
  })

  it(`gives up after ${OUTBOX_POLICY.maxAttempts} attempts when the platform stays down`, async () => {
    await enqueue('T-4', ['u-wangli'])
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'http', status: 503 })
    for (let i = 0; i < OUTBOX_POLICY.maxAttempts; i++) {
      await runOutboxOnce(app.deps)
      clock.advance(OUTBOX_POLICY.maxDelayMs * 1.25)
    }
    expect(await entry('T-4')).toMatchObject({ status: 'failed', attempts: OUTBOX_POLICY.maxAttempts, lastError: expect.stringMatching(/重试 12 次后放弃/) })
    expect(inbox('u-wangli')).toHaveLength(0)
  })

  it('skips people it cannot reach and says why; with nobody reachable the entry fails', async () => {
    await enqueue('T-5', ['u-wangli', 'u-departed', 'u-ghost'])
    await enqueue('T-6', ['u-departed'])
    await runOutboxOnce(app.deps)
    expect(await entry('T-5')).toMatchObject({
      status: 'sent',
      unreachable: [
        { userId: 'u-departed', reason: '账号已停用' },
        { userId: 'u-ghost', reason: '用户不存在' },
      ],
    })
    expect(await entry('T-6')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/没有可送达的接收人/) })
    expect(sim.state.messages.map((m) => m.userId)).toEqual(['u-wangli'])
  })

  it('refuses to queue a template no domain declares', async () => {
    await expect(enqueue('T-7a', ['u-wangli'], 'no_such_template')).rejects.toThrow(/no domain declares/)
    expect(await entry('T-7a')).toBeNull()
  })

  it('fails an entry whose template is no longer declared (queued by an older release) instead of retrying it', async () => {
    await app.deps.notifier.enqueue({ key: 'T-7', recipients: ['u-wangli'], template: 'task_reminder', data: { taskNo: 'T-7' } })
    await app.db.models.Outbox.updateOne({ _id: 'T-7' }, { $set: { template: 'no_such_template' } })
    await runOutboxOnce(app.deps)
    expect(await entry('T-7')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/unknown notification template/) })
  })

  it('splits recipients into chunks the platform accepts, and after a failed chunk does not resend the accepted ones', async () => {
    const real = app.deps.gateway.primary
    let calls = 0
    const gateway = wrap(real, {
      maxRecipientsPerCall: 3,
      async sendWorkNotification(req) {
        calls++
        if (calls === 2) throw new GatewayError('dingtalk', 'retryable', 'simulated timeout', 'timeout')
        return real.sendWorkNotification(req)
      },
    })
    const deps: AppDeps = { ...app.deps, gateway }
    const people = ['u-wangli', 'u-chenqiang', 'u-zhoumin', 'u-sunhao', 'u-wujing', 'u-zhengyu', 'u-linfang']
    await enqueue('T-8', people)
    expect((await runOutboxOnce(deps)).retried).toBe(1)
    expect(sim.state.tasks.size).toBe(1)
    clock.advance(OUTBOX_POLICY.maxDelayMs)
    expect((await runOutboxOnce(deps)).sent).toBe(1)
    const sizes = [...sim.state.tasks.values()].map((t) => t.requested.length)
    expect(sizes).toEqual([3, 3, 1])
    for (const p of people) expect([p, inbox(p).length]).toEqual([p, 1])
  })

  it('a lost answer (sent, but the BFF saw a 502) is resent with identical content, which DingTalk drops as a duplicate', async () => {
    await enqueue('T-9', ['u-wangli', 'u-chenqiang'])
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'lost-response', times: 1 })
    expect((await runOutboxOnce(app.deps)).retried).toBe(1)
    clock.advance(OUTBOX_POLICY.maxDelayMs)
    expect((await runOutboxOnce(app.deps)).sent).toBe(1)
    const [first, second] = [...sim.state.tasks.values()]
    expect(first.delivered.sort()).toEqual(['dt_chenqiang', 'dt_wangli'])
    expect(second.forbidden.map((f) => f.code)).toEqual(['143106', '143106'])
    expect(inbox('u-wangli')).toHaveLength(1)
    expect(inbox('u-chenqiang')).toHaveLength(1)
  })

  it('a lost answer just before midnight (China time) is not resent after it: DingTalk would show it twice', async () => {
    clock.set(Date.parse('2026-11-27T15:55:00Z')) // 23:55 in Zhejiang
    await enqueue('T-late', ['u-wangli'])
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'lost-response', times: 1 })
    expect((await runOutboxOnce(app.deps)).retried).toBe(1)
    clock.advance(10 * 60_000) // 00:05 the next day
    expect((await runOutboxOnce(app.deps)).sent).toBe(1)
    expect(inbox('u-wangli')).toHaveLength(1)
    const send = await app.db.models.OutboxSend.findOne({ outboxId: 'T-late' }).lean()
    expect(send?.state).toBe('accepted')
    expect(send?.lastError).toMatch(/跨日/)
  })

  it('a refusal just before midnight is resent after it (it certainly did not get through)', async () => {
    clock.set(Date.parse('2026-11-27T15:58:00Z')) // 23:58
    await enqueue('T-late-2', ['u-wangli'])
    await sim.fault({ endpoint: 'asyncsend_v2', kind: 'errcode', errcode: -1, times: 1 })
    expect((await runOutboxOnce(app.deps)).retried).toBe(1)
    clock.advance(10 * 60_000)
    expect((await runOutboxOnce(app.deps)).sent).toBe(1)
    expect(inbox('u-wangli')).toHaveLength(1)
    expect((await app.db.models.OutboxSend.findOne({ outboxId: 'T-late-2' }).lean())?.lastError ?? '').not.toMatch(/跨日/)
  })

  it('after a crash between "accepted" and "marked sent", checks getsendresult instead of resending', async () => {
    await enqueue('T-10', ['u-wangli'])
    // what a worker that died right after recording the platform's answer leaves behind
    const { taskId } = await app.deps.gateway.primary.sendWorkNotification({
      recipients: ['dt_wangli'],
      message: { msgtype: 'text', text: { content: 'stand-in for the rendered message' } },
      bizMsgId: 'T-10#c0',
    })
    const now = clock.now()
    await app.db.models.OutboxAttempt.create({
      _id: 'T-10#0001',
      outboxId: 'T-10',
      n: 1,
      owner: 'dead-worker',
      startedAt: now,
      leaseUntil: new Date(now.getTime() + OUTBOX_POLICY.leaseMs),
    })
    await app.db.models.OutboxPlan.create({
      _id: 'T-10',
      provider: 'dingtalk',
      chunks: [{ index: 0, recipients: ['dt_wangli'] }],
      unreachable: [],
      createdAt: now,
    })
    await app.db.models.OutboxSend.create({
      _id: 'T-10#c0',
      outboxId: 'T-10',
      chunk: 0,
      provider: 'dingtalk',
      bizMsgId: 'T-10#c0',
      state: 'accepted',
      taskId,
      tries: 1,
      startedAt: now,
    })

    expect((await runOutboxOnce(app.deps)).skipped).toBe(1) // the dead worker's lease still runs
    clock.advance(OUTBOX_POLICY.leaseMs + 1000)
    expect((await runOutboxOnce(app.deps)).sent).toBe(1)
    expect(sim.state.tasks.size).toBe(1)
    const send = await app.db.models.OutboxSend.findById('T-10#c0').lean()
    expect(send?.delivery).toMatchObject({ unread: 1, forbidden: 0, invalid: 0 })
    expect((await app.db.models.OutboxAttempt.find({ outboxId: 'T-10' }).sort({ n: 1 }).lean()).map((a) => [a.owner, a.outcome])).toEqual([
      ['dead-worker', undefined],
      [expect.stringMatching(/^bff-/), 'sent'],
    ])
  })

  it('two BFF instances working the same outbox at once send every entry once', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `T-P${i}`)
    for (const k of keys) await enqueue(k, ['u-zhoumin'])
    const otherDb = await connectDb(testMongoUri(), app.db.conn.name)
    try {
      const other: AppDeps = { ...app.deps, db: otherDb, gateway: createGateways(app.config, clock) }
      const [a, b] = await Promise.all([runOutboxOnce(app.deps, { workerId: 'A' }), runOutboxOnce(other, { workerId: 'B' })])
      expect(a.sent + b.sent).toBe(keys.length)
      expect(sim.state.tasks.size).toBe(keys.length)
      expect(inbox('u-zhoumin')).toHaveLength(keys.length)
    } finally {
      await otherDb.close()
    }
  })

  it('POST /api/notifications/test queues a test notice to the caller that reaches their phone', async () => {
    const { authHeader } = await import('../support/auth')
    const res = await fetch(`${app.url}/api/notifications/test`, {
      method: 'POST',
      headers: { ...authHeader(app, 'u-linfang'), 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(202)
    const { key } = (await res.json()) as { key: string }
    expect(await entry(key)).toMatchObject({ template: 'test', recipients: ['u-linfang'], status: 'pending' })
    await runOutboxOnce(app.deps)
    expect(inbox('u-linfang').map((m) => m.msg.msgtype)).toEqual(['action_card'])
    expect((await fetch(`${app.url}/api/notifications/test`, { method: 'POST' })).status).toBe(401)
  })
})

describe('outbox on 浙政钉', () => {
  beforeAll(() => setUp({ DINGTALK_PROVIDER: 'zhezhengding' }))
  afterEach(() => clean())
  afterAll(() => tearDown())

  it('sends to accountIds with one bizMsgId per chunk and links to the H5 page', async () => {
    await enqueue('Z-1', ['u-wangli', 'u-hejun'])
    expect((await runOutboxOnce(app.deps)).sent).toBe(1)
    const [task] = [...sim.state.tasks.values()]
    expect(task).toMatchObject({ platform: 'zhezhengding', bizMsgId: 'Z-1#c0' })
    expect(task.delivered.sort()).toEqual(['105401', '105408'])
    expect(task.msg).toMatchObject({ oa: { message_url: 'https://jqtb.example.gov.cn/#/pages/task/index?id=Z-1' } })
  })

  it('a lost answer is resent with the same bizMsgId; the platform says "duplicate" and nothing is delivered twice', async () => {
    await enqueue('Z-2', ['u-wangli'])
    await sim.fault({ endpoint: 'workNotification', kind: 'lost-response', times: 1 })
    expect((await runOutboxOnce(app.deps)).retried).toBe(1)
    clock.advance(OUTBOX_POLICY.maxDelayMs)
    expect((await runOutboxOnce(app.deps)).sent).toBe(1)
    expect(inbox('u-wangli')).toHaveLength(1)
    expect(sim.state.tasks.size).toBe(1)
    expect(await app.db.models.OutboxSend.findById('Z-2#c0').lean()).toMatchObject({ state: 'accepted', tries: 2, lastError: expect.stringMatching(/重复/) })
  })
})
