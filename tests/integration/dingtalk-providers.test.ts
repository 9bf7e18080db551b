import { loadConfig, SIMULATOR_APPS } from '../../bff/src/config'
import { createGateways, type DingTalkGateway, GatewayError, type ProviderName } from '../../bff/src/dingtalk'
import { ManualClock } from '../../bff/src/infra/clock'
import { SEEDED_APPS } from '../../simulator/src/org'
import { startSimulator, type TestSimulator } from '../support/simulator'

// The real provider code against the simulator, both on one fake clock.

let sim: TestSimulator
let clock: ManualClock

function gateway(provider: ProviderName, env: Record<string, string> = {}): DingTalkGateway {
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: 'mongodb://unused',
    DINGTALK_SIMULATOR: '1',
    DINGTALK_SIM_URL: sim.url,
    DINGTALK_PROVIDER: provider,
    ...env,
  })
  return createGateways(config, clock).primary
}

const TOKEN_PATH: Record<ProviderName, string> = { dingtalk: '/gettoken', zhezhengding: '/gettoken.json' }
const EXCHANGE_PATH: Record<ProviderName, string> = { dingtalk: '/topapi/v2/user/getuserinfo', zhezhengding: '/rpc/oauth2/dingtalk_app_user.json' }
const callsTo = (suffix: string) => sim.state.calls.filter((c) => c.path.endsWith(suffix)).length
const EXTERNAL_ID: Record<ProviderName, (userId: string) => string> = {
  dingtalk: (id) => sim.state.org.userById.get(id)!.dingtalk.userid,
  zhezhengding: (id) => String(sim.state.org.userById.get(id)!.zzd.accountId),
}

async function caught(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p
  } catch (err) {
    if (err instanceof GatewayError) return err
    throw err
  }
  throw new Error('expected a GatewayError')
}

beforeEach(async () => {
  clock = new ManualClock(Date.parse('2026-11-27T01:00:00Z'))
  sim = await startSimulator({ clock })
})
afterEach(() => sim.close())

it('simulator-mode defaults in the BFF are the apps the simulator seeds', () => {
  expect(SIMULATOR_APPS.dingtalk).toEqual({
    appKey: SEEDED_APPS.dingtalk.appKey,
    appSecret: SEEDED_APPS.dingtalk.appSecret,
    agentId: String(SEEDED_APPS.dingtalk.agentId),
    corpId: SEEDED_APPS.dingtalk.corpId,
    callbackToken: SEEDED_APPS.dingtalk.callbackToken,
    callbackAesKey: SEEDED_APPS.dingtalk.callbackAesKey,
  })
  expect(SIMULATOR_APPS.zhezhengding).toEqual({
    appKey: SEEDED_APPS.zhezhengding.appKey,
    appSecret: SEEDED_APPS.zhezhengding.appSecret,
    tenantId: String(SEEDED_APPS.zhezhengding.tenantId),
  })
})

describe.each<ProviderName>(['dingtalk', 'zhezhengding'])('%s provider against the simulator', (provider) => {
  it('logs a user in by auth code, and the code works once only', async () => {
    const gw = gateway(provider)
    const code = await sim.authCode('u-wangli', provider)
    const who = await gw.userByAuthCode(code)
    expect(who).toMatchObject({ provider, externalId: EXTERNAL_ID[provider]('u-wangli'), name: '王丽' })
    const again = await caught(gw.userByAuthCode(code))
    expect(again.kind).toBe('auth_code_invalid')
  })

  it('an expired code (over 5 minutes) is refused the same way', async () => {
    const gw = gateway(provider)
    const code = await sim.authCode('u-hejun', provider)
    clock.advance(5 * 60_000 + 1000)
    expect((await caught(gw.userByAuthCode(code))).kind).toBe('auth_code_invalid')
  })

  it('reuses the access token, and refreshes it early, before the platform would expire it', async () => {
    const gw = gateway(provider)
    for (const userId of ['u-wangli', 'u-chenqiang', 'u-zhoumin']) await gw.userByAuthCode(await sim.authCode(userId, provider))
    expect(callsTo(TOKEN_PATH[provider])).toBe(1)
    clock.advance(6800_000) // still comfortably valid: no new request
    await gw.userByAuthCode(await sim.authCode('u-sunhao', provider))
    expect(callsTo(TOKEN_PATH[provider])).toBe(1)
    clock.advance(200_000) // 7000 s: inside the last 5 minutes of 7200 s — refresh now, not after a failure
    await gw.userByAuthCode(await sim.authCode('u-wujing', provider))
    expect(callsTo(TOKEN_PATH[provider])).toBe(2)
    expect(callsTo(EXCHANGE_PATH[provider])).toBe(5)
  })

  it('on an invalid-token answer refreshes once and retries once', async () => {
    const gw = gateway(provider)
    await gw.userByAuthCode(await sim.authCode('u-wangli', provider))
    await sim.control('/tokens/revoke', {})
    const code = await sim.authCode('u-chenqiang', provider)
    expect((await gw.userByAuthCode(code)).name).toBe('陈强')
    expect(callsTo(TOKEN_PATH[provider])).toBe(2)
    expect(callsTo(EXCHANGE_PATH[provider])).toBe(3)
  })

  it('does not loop when the platform keeps rejecting the token: one refresh, one retry, then a retryable error', async () => {
    const gw = gateway(provider)
    const invalid = provider === 'dingtalk' ? { errcode: 40014 } : { errcode: '250027' }
    await sim.fault({ endpoint: EXCHANGE_PATH[provider], kind: 'errcode', ...invalid })
    const err = await caught(gw.userByAuthCode(await sim.authCode('u-wangli', provider)))
    expect(err.retryable).toBe(true)
    expect(callsTo(EXCHANGE_PATH[provider])).toBe(2)
    expect(callsTo(TOKEN_PATH[provider])).toBe(2)
  })

  it('looks users up; an unknown one is not_found', async () => {
    const gw = gateway(provider)
    const user = await gw.getUser(EXTERNAL_ID[provider]('u-zhengyu'))
    expect(user).toMatchObject({ name: '郑宇', title: '网格员（兼调解员）', active: true })
    expect(user.departmentIds).toHaveLength(2) // a grid and the justice office
    const departed = await gw.getUser(EXTERNAL_ID[provider]('u-departed'))
    expect(departed.active).toBe(false)
    const missing = await caught(gw.getUser(provider === 'dingtalk' ? 'dt_nobody' : '999999'))
    expect(missing.kind).toBe('not_found')
  })

  it('lists departments and their members', async () => {
    const gw = gateway(provider)
    const top = await gw.listSubDepartments()
    expect(top.map((d) => d.name)).toEqual(expect.arrayContaining(['古塘派出所', '社治中心', '新城社区', '东山村']))
    const police = top.find((d) => d.name === '古塘派出所')!
    const members = await gw.listDepartmentUsers(police.id)
    expect(members.map((m) => m.name).sort()).toEqual(['徐明', '何军'].sort())
    expect(members.map((m) => m.externalId).sort()).toEqual([EXTERNAL_ID[provider]('u-hejun'), EXTERNAL_ID[provider]('u-xuming')].sort())
  })

  it('sends a work notification that reaches the phone', async () => {
    const gw = gateway(provider)
    const { taskId } = await gw.sendWorkNotification({
      recipients: [EXTERNAL_ID[provider]('u-wangli')],
      message: { msgtype: 'text', text: { content: '测试' } },
      bizMsgId: 'gw-test-1',
    })
    expect(taskId).toBeTruthy()
    expect(sim.state.messages.map((m) => [m.userId, m.platform])).toEqual([['u-wangli', provider]])
  })

  it('refuses more recipients than the platform takes in one call, before calling it', async () => {
    const gw = gateway(provider)
    expect(gw.maxRecipientsPerCall).toBe(provider === 'dingtalk' ? 100 : 1000)
    const tooMany = Array.from({ length: gw.maxRecipientsPerCall + 1 }, (_, i) => String(300000 + i))
    const err = await caught(gw.sendWorkNotification({ recipients: tooMany, message: { msgtype: 'text', text: { content: 'x' } }, bizMsgId: 'x' }))
    expect(err.kind).toBe('permanent')
    expect(sim.state.tasks.size).toBe(0)
  })

  it('classifies platform trouble: busy and rate limits, 5xx, timeouts and the ban page are retryable', async () => {
    const gw = gateway(provider, { DINGTALK_HTTP_TIMEOUT_MS: '1000' })
    const send = () =>
      gw.sendWorkNotification({
        recipients: [EXTERNAL_ID[provider]('u-wangli')],
        message: { msgtype: 'text', text: { content: 'x' } },
        bizMsgId: `b-${Math.random()}`,
      })
    const endpoint = provider === 'dingtalk' ? 'asyncsend_v2' : 'workNotification'
    for (const fault of [
      { kind: 'errcode' as const, errcode: -1 },
      { kind: 'errcode' as const, errcode: 90018 },
      { kind: 'http' as const, status: 503 },
      { kind: 'ipban' as const },
      { kind: 'latency' as const, ms: 1500 },
    ]) {
      await sim.fault({ endpoint, times: 1, ...fault })
      const err = await caught(send())
      expect([fault.kind, err.kind]).toEqual([fault.kind, 'retryable'])
    }
    await send() // and then it works again
  })
})

it('浙政钉: a second send with the same bizMsgId is reported as a duplicate, not as a failure', async () => {
  const gw = gateway('zhezhengding')
  const req = { recipients: ['105401'], message: { msgtype: 'text', text: { content: 'x' } }, bizMsgId: 'dup-1' }
  await gw.sendWorkNotification(req)
  expect((await caught(gw.sendWorkNotification(req))).kind).toBe('duplicate')
})

it('DingTalk: getsendresult shows what the silent dedup swallowed', async () => {
  const gw = gateway('dingtalk')
  const req = { recipients: ['dt_wangli'], message: { msgtype: 'text', text: { content: 'same' } }, bizMsgId: 'unused' }
  const first = await gw.sendWorkNotification(req)
  const second = await gw.sendWorkNotification(req)
  expect((await gw.getSendResult(first.taskId))?.unread).toEqual(['dt_wangli'])
  expect((await gw.getSendResult(second.taskId))?.forbidden).toEqual([{ externalId: 'dt_wangli', code: '143106' }])
})
