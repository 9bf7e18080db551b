import { createHash } from 'node:crypto'
import { connectDb } from '../../bff/src/compose'
import type { AppDeps } from '../../bff/src/deps'
import { createGateways, type DingTalkGateway, type ProviderName } from '../../bff/src/dingtalk'
import { ManualClock } from '../../bff/src/infra/clock'
import type { Db } from '../../bff/src/infra/db'
import { OUTBOX_POLICY, runOutboxOnce } from '../../bff/src/notifications/worker'
import { startTestApp, type TestApp } from '../support/app'
import { testMongoUri } from '../support/db'
import { startSimulator, type TestSimulator } from '../support/simulator'

/**
 * The promise of the outbox: every queued notification reaches every recipient exactly once, even
 * with about 30 % of send calls failing in every way the platforms fail (busy, rate limit, 5xx,
 * answers lost after the message went out, timeouts) and a BFF that dies mid-run and is replaced
 * by two fresh instances on the same database.
 */
const PEOPLE = ['u-wangli', 'u-chenqiang', 'u-zhoumin', 'u-sunhao', 'u-wujing', 'u-zhengyu', 'u-linfang', 'u-hejun', 'u-xuming', 'u-majie', 'u-zhaoyan']
const TEMPLATES = [
  'task_routed',
  'task_published',
  'claim_approved',
  'claim_expiring',
  'claim_expired',
  'task_returned',
  'task_reminder',
  'task_overdue_escalated',
]
const ENTRIES = 30

/** The reference every rendered notice carries (templates.ts): which outbox key a message came from. */
const refOf = (key: string) => createHash('sha1').update(key).digest('hex').slice(0, 8)

describe.each<ProviderName>(['dingtalk', 'zhezhengding'])('exactly once on %s', (provider) => {
  let sim: TestSimulator
  let app: TestApp
  const extraDbs: Db[] = []

  afterEach(async () => {
    for (const db of extraDbs.splice(0)) await db.close().catch(() => {})
    await app.close()
    await sim.close()
  })

  it('with 30 % injected send failures and a BFF restart in the middle, every notification is delivered once per recipient', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T00:00:00Z'))
    sim = await startSimulator({ clock })
    app = await startTestApp({ clock, simulatorUrl: sim.url, env: { DINGTALK_PROVIDER: provider, DINGTALK_HTTP_TIMEOUT_MS: '400' } })
    const endpoint = provider === 'dingtalk' ? 'asyncsend_v2' : 'workNotification'
    // the first two sends go through but their answers are lost, then random trouble
    await sim.fault({ endpoint, kind: 'lost-response', times: 2 })
    await sim.fault({ endpoint, kind: 'lost-response', rate: 0.12 })
    await sim.fault({ endpoint, kind: 'errcode', errcode: -1, rate: 0.08 })
    await sim.fault({ endpoint, kind: 'errcode', errcode: 90018, rate: 0.05 })
    await sim.fault({ endpoint, kind: 'http', status: 503, rate: 0.05 })
    await sim.fault({ endpoint, kind: 'latency', ms: 700, rate: 0.03 }) // answered after the BFF gave up, delivered anyway

    const expected = new Map<string, string[]>()
    for (let i = 0; i < ENTRIES; i++) {
      const key = `task:T20261127-${String(i).padStart(4, '0')}:${TEMPLATES[i % TEMPLATES.length]}`
      const recipients = PEOPLE.filter((_, j) => (i + j) % 4 === 0 || j === i % PEOPLE.length)
      expected.set(key, recipients)
      const data = {
        taskNo: `T20261127-${String(i).padStart(4, '0')}`,
        title: `第${i}号纠纷`,
        count: 2,
        titles: `第${i}号纠纷\n另一起纠纷`,
        dueAt: '2026-11-30T09:00:00Z',
      }
      await app.deps.notifier.enqueue({ key, recipients, template: TEMPLATES[i % TEMPLATES.length], data, page: `pages/task/index?id=${i}` })
    }

    const instance = async (gateway?: (real: DingTalkGateway, db: Db) => DingTalkGateway): Promise<AppDeps> => {
      const db = await connectDb(testMongoUri(), app.db.conn.name)
      extraDbs.push(db)
      const fresh = createGateways(app.config, clock) // a new process: its own, empty token cache
      const primary = gateway ? gateway(fresh.primary, db) : fresh.primary
      return { ...app.deps, db, gateway: { primary, get: () => primary } }
    }
    const round = async (workers: AppDeps[]) => {
      await Promise.all(workers.map((deps, i) => runOutboxOnce(deps, { workerId: `w${i}-${workers.length}` })))
      clock.advance(OUTBOX_POLICY.maxDelayMs + 60_000) // everything due again, every lease expired
    }

    // instance A works for a while, then dies in the middle of a send: the platform got the message,
    // A never recorded it
    let sends = 0
    let crashed = false
    const a = await instance((real, db) =>
      Object.assign(Object.create(real), {
        async sendWorkNotification(req: Parameters<DingTalkGateway['sendWorkNotification']>[0]) {
          const answer = await real.sendWorkNotification(req)
          if (++sends === 12) {
            crashed = true
            await db.conn.close(true)
          }
          return answer
        },
      }),
    )
    for (let i = 0; i < 4 && !crashed; i++) await round([a])
    expect(crashed).toBe(true)

    // two fresh instances take over on the same database, working side by side
    const b = await instance()
    const c = await instance()
    for (let i = 0; i < 30; i++) {
      if ((await app.db.models.Outbox.countDocuments({ status: 'pending' })) === 0) break
      await round([b, c])
    }
    await new Promise((r) => setTimeout(r, 800)) // let late (latency-faulted) requests land in the simulator

    const entries = await app.db.models.Outbox.find({}).lean()
    expect(entries.filter((e) => e.status !== 'sent').map((e) => [e._id, e.status, e.lastError])).toEqual([])
    let total = 0
    for (const [key, recipients] of expected) {
      const ref = refOf(key)
      for (const userId of recipients) {
        const got = sim.state.messages.filter((m) => m.userId === userId && JSON.stringify(m.msg).includes(ref)).length
        expect([key, userId, got]).toEqual([key, userId, 1])
        total++
      }
    }
    expect(sim.state.messages).toHaveLength(total)

    // the trouble really happened: sends were repeated and the platform's dedup caught the repeats
    // (B and C draw from the fault dice in whatever order their requests arrive, so only bounds that
    // hold for any order are asserted: the two scripted losses, and some of the random trouble)
    const faults = sim.state.faults.list()
    expect(faults[0].hits).toBe(2)
    expect(faults.slice(1).reduce((n, f) => n + f.hits, 0)).toBeGreaterThan(0)
    const calls = sim.state.calls.filter((c) => c.path.endsWith(endpoint)).length
    expect(calls).toBeGreaterThan(ENTRIES + 2)
  }, 180_000)
})
