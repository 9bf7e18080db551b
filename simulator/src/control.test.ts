import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSimulator } from './app'
import { DT, dingtalkToken, type RunningSim, runSim } from './test-helpers'

let sim: RunningSim
beforeEach(async () => {
  sim = await runSim()
})
afterEach(() => sim.close())

describe('/__sim controls', () => {
  it('lists the demo users with roles, territory and both identities, plus one outsider', async () => {
    const { json } = await sim.call('/__sim/users')
    const users = json.items as Array<Record<string, unknown>>
    expect(users.find((u) => u.id === 'u-wangli')).toMatchObject({
      name: '王丽',
      roles: ['grid_worker'],
      territory: 'GT-01-01',
      inOurOrg: true,
      dingtalk: { userid: 'dt_wangli' },
      zzd: { accountId: 105401 },
    })
    expect(users.find((u) => u.id === 'u-departed')).toMatchObject({ active: false })
    expect(users.find((u) => u.id === 'sim-visitor')).toMatchObject({ inOurOrg: false })
  })

  it('mints codes by our id, DingTalk userid or 浙政钉 accountId; 404 for nobody', async () => {
    for (const body of [{ userId: 'u-hejun' }, { userid: 'dt_hejun' }, { accountId: 105408, platform: 'zhezhengding' }]) {
      const { status, json } = await sim.call('/__sim/authcode', body)
      expect([status, json.userId]).toEqual([200, 'u-hejun'])
    }
    expect((await sim.call('/__sim/authcode', { userid: 'dt_nobody' })).status).toBe(404)
    expect((await sim.call('/__sim/authcode', { userId: 'u-hejun', platform: 'wechat' })).status).toBe(400)
  })

  it('validates fault specs', async () => {
    expect((await sim.call('/__sim/faults', { kind: 'errcode' })).status).toBe(400)
    expect((await sim.call('/__sim/faults', { endpoint: 'x', kind: 'explode' })).status).toBe(400)
    expect((await sim.call('/__sim/faults', { endpoint: 'x', kind: 'http', rate: 2 })).status).toBe(400)
  })

  it('reset forgets tokens, messages and faults', async () => {
    const token = await dingtalkToken(sim)
    await sim.call(`/dingtalk-oapi/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
      agent_id: DT.agentId,
      userid_list: 'dt_wangli',
      msg: { msgtype: 'text', text: { content: 'x' } },
    })
    await sim.call('/__sim/faults', { endpoint: '*', kind: 'latency', ms: 1 })
    await sim.call('/__sim/reset', {})
    expect(sim.state.messages).toHaveLength(0)
    expect((await sim.call('/__sim/faults')).json.items).toEqual([])
    const { json } = await sim.call(`/dingtalk-oapi/topapi/v2/user/get?access_token=${token}`, { userid: 'dt_wangli' })
    expect(json.sub_code).toBe('40014')
  })
})

describe('the clock of a standalone simulator', () => {
  it('moves forward with /__sim/clock/advance and back to real time on reset', async () => {
    const { app } = createSimulator()
    const server: Server = app.listen(0, '127.0.0.1')
    await new Promise<void>((r) => server.once('listening', () => r()))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__sim`
    try {
      const advanced = (await (await fetch(`${base}/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 7200 }) })).json()) as { now: string }
      expect(Date.parse(advanced.now) - Date.now()).toBeGreaterThan(7190_000)
      const reset = (await (await fetch(`${base}/reset`, { method: 'POST' })).json()) as { now: string }
      expect(Math.abs(Date.parse(reset.now) - Date.now())).toBeLessThan(5000)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})

describe('the phone page', () => {
  it('shows each user the notifications they received, newest first, and refreshes itself', async () => {
    const token = await dingtalkToken(sim)
    const send = (content: string) =>
      sim.call(`/dingtalk-oapi/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
        agent_id: DT.agentId,
        userid_list: 'dt_wangli',
        msg: {
          msgtype: 'oa',
          oa: {
            message_url: 'eapp://pages/task/index?id=T1',
            head: { text: '警情通办' },
            body: { title: content, form: [{ key: '工单编号：', value: 'T1' }] },
          },
        },
      })
    await send('第一条 <b>不是标签</b>')
    const second = await send('第二条')
    const page = await (await fetch(`${sim.url}/`)).text()
    expect(page).toContain('<meta http-equiv="refresh" content="3">')
    expect(page).toContain('王丽')
    expect(page.indexOf('第二条')).toBeLessThan(page.indexOf('第一条'))
    expect(page).toContain('&lt;b&gt;不是标签&lt;/b&gt;')
    expect(page).toContain('eapp://pages/task/index?id=T1')
    await sim.call(`/dingtalk-oapi/topapi/message/corpconversation/recall?access_token=${token}`, { agent_id: DT.agentId, msg_task_id: second.json.task_id })
    const one = await (await fetch(`${sim.url}/?user=u-wangli`)).text()
    expect(one).toContain('该消息已撤回')
    expect(one).not.toContain('陈强')
  })
})
