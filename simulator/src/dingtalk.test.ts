import { DT, dingtalkToken, type RunningSim, runSim } from './test-helpers'

let sim: RunningSim
beforeEach(async () => {
  sim = await runSim()
})
afterEach(() => sim.close())

const text = (content: string) => ({ msgtype: 'text', text: { content } })

async function send(token: string, userids: string[], msg: unknown) {
  return sim.call(`/dingtalk-oapi/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
    agent_id: DT.agentId,
    userid_list: userids.join(','),
    msg,
  })
}

async function sendResult(token: string, taskId: unknown) {
  const { json } = await sim.call(`/dingtalk-oapi/topapi/message/corpconversation/getsendresult?access_token=${token}`, {
    agent_id: DT.agentId,
    task_id: taskId,
  })
  return json.send_result as Record<string, unknown[]>
}

describe('access token (gettoken)', () => {
  it('asks for appkey and appsecret in the query: 40035 when missing, 40096 when wrong', async () => {
    expect((await sim.call('/dingtalk-oapi/gettoken')).json.errcode).toBe(40035)
    expect((await sim.call(`/dingtalk-oapi/gettoken?appkey=${DT.appKey}&appsecret=nope`)).json.errcode).toBe(40096)
  })

  it('returns the same token while it is valid, a new one after 7200 s, and rejects the old one with 88/40014', async () => {
    const first = await dingtalkToken(sim)
    sim.clock.advance(3600_000)
    expect(await dingtalkToken(sim)).toBe(first)
    // the repeat request extended it: still good 7200 s after the *second* request minus a little
    sim.clock.advance(7199_000)
    expect(await dingtalkToken(sim)).toBe(first)
    sim.clock.advance(7201_000)
    const { json } = await sim.call(`/dingtalk-oapi/topapi/v2/user/get?access_token=${first}`, { userid: 'dt_wangli' })
    expect(json).toMatchObject({ errcode: 88, sub_code: '40014' })
    const second = await dingtalkToken(sim)
    expect(second).not.toBe(first)
  })

  it('the v1.0 host issues the same app token and answers bad credentials with HTTP 400', async () => {
    const ok = await sim.call('/dingtalk-api/v1.0/oauth2/accessToken', { appKey: DT.appKey, appSecret: DT.appSecret })
    expect(ok.json).toEqual({ accessToken: await dingtalkToken(sim), expireIn: 7200 })
    const bad = await sim.call('/dingtalk-api/v1.0/oauth2/accessToken', { appKey: DT.appKey, appSecret: 'x' })
    expect(bad.status).toBe(400)
    expect(bad.json.code).toBe('invalidClientIdOrSecret')
  })

  it('a topapi call without a token is 88 / 40000 "access_token is blank"', async () => {
    const { json } = await sim.call('/dingtalk-oapi/topapi/v2/user/get', { userid: 'dt_wangli' })
    expect(json).toMatchObject({ errcode: 88, sub_code: '40000' })
  })
})

describe('auth codes (免登)', () => {
  it('are single use: the second exchange of the same code is 40078', async () => {
    const token = await dingtalkToken(sim)
    const { json: minted } = await sim.call('/__sim/authcode', { userId: 'u-wangli' })
    const path = `/dingtalk-oapi/topapi/v2/user/getuserinfo?access_token=${token}`
    const first = await sim.call(path, { code: minted.authCode })
    expect(first.json.result).toMatchObject({ userid: 'dt_wangli', name: '王丽', sys_level: 0 })
    const again = await sim.call(path, { code: minted.authCode })
    expect(again.json).toMatchObject({ errcode: 40078, errmsg: '不存在的临时授权码' })
  })

  it('expire after 5 minutes', async () => {
    const token = await dingtalkToken(sim)
    const { json: minted } = await sim.call('/__sim/authcode', { userid: 'dt_admin' })
    sim.clock.advance(5 * 60_000 + 1)
    const { json } = await sim.call(`/dingtalk-oapi/topapi/v2/user/getuserinfo?access_token=${token}`, { code: minted.authCode })
    expect(json.errcode).toBe(40078)
  })

  it('a 浙政钉 code is not a DingTalk code', async () => {
    const token = await dingtalkToken(sim)
    const { json: minted } = await sim.call('/__sim/authcode', { userId: 'u-wangli', platform: 'zhezhengding' })
    const { json } = await sim.call(`/dingtalk-oapi/topapi/v2/user/getuserinfo?access_token=${token}`, { code: minted.authCode })
    expect(json.errcode).toBe(40078)
  })
})

describe('address book', () => {
  it('user/get returns the seeded user; an unknown userid is 60121', async () => {
    const token = await dingtalkToken(sim)
    const { json } = await sim.call(`/dingtalk-oapi/topapi/v2/user/get?access_token=${token}`, { userid: 'dt_hejun', language: 'zh_CN' })
    expect(json.result).toMatchObject({ userid: 'dt_hejun', name: '何军', title: '派出所副所长', dept_id_list: [101], active: true })
    expect((json.result as { leader_in_dept: unknown[] }).leader_in_dept).toEqual([{ dept_id: 101, leader: true }])
    const missing = await sim.call(`/dingtalk-oapi/topapi/v2/user/get?access_token=${token}`, { userid: 'dt_nobody' })
    expect(missing.json.errcode).toBe(60121)
  })

  it('departments: root 1 lists the offices and the 16 communities; an unknown id is 60003', async () => {
    const token = await dingtalkToken(sim)
    const { json } = await sim.call(`/dingtalk-oapi/topapi/v2/department/listsub?access_token=${token}`, { dept_id: 1 })
    const names = (json.result as Array<{ name: string }>).map((d) => d.name)
    expect(names).toContain('古塘派出所')
    expect(names).toContain('新城社区')
    expect(names).toHaveLength(8 + 16)
    const ids = await sim.call(`/dingtalk-oapi/topapi/v2/department/listsubid?access_token=${token}`, { dept_id: 201 })
    expect((ids.json.result as { dept_id_list: number[] }).dept_id_list).toContain(20101)
    expect((await sim.call(`/dingtalk-oapi/topapi/v2/department/listsubid?access_token=${token}`, { dept_id: 999999 })).json.errcode).toBe(60003)
  })
})

describe('work notifications (asyncsend_v2)', () => {
  it('the same content to the same user on the same day is accepted (errcode 0) but only visible as 143106 in getsendresult', async () => {
    const token = await dingtalkToken(sim)
    const first = await send(token, ['dt_wangli'], text('工单 GT-1 催办'))
    const second = await send(token, ['dt_wangli'], text('工单 GT-1 催办'))
    expect(first.json.errcode).toBe(0)
    expect(second.json.errcode).toBe(0)
    expect(second.json.task_id).not.toBe(first.json.task_id)
    expect(sim.state.messages.filter((m) => m.userId === 'u-wangli')).toHaveLength(1)
    expect((await sendResult(token, first.json.task_id)).unread_user_id_list).toEqual(['dt_wangli'])
    const result = await sendResult(token, second.json.task_id)
    expect(result.unread_user_id_list).toEqual([])
    expect(result.forbidden_list).toEqual([{ code: '143106', count: 1, userid: 'dt_wangli' }])
  })

  it('different content is delivered, and the same content again on the next day too', async () => {
    const token = await dingtalkToken(sim)
    await send(token, ['dt_wangli'], text('A'))
    await send(token, ['dt_wangli'], text('B'))
    sim.clock.advance(24 * 3600_000)
    const t = await dingtalkToken(sim)
    await send(t, ['dt_wangli'], text('A'))
    expect(sim.state.messages.filter((m) => m.userId === 'u-wangli').map((m) => (m.msg.text as { content: string }).content)).toEqual(['A', 'B', 'A'])
  })

  it('stops delivering after 500 messages per user per day: 143105, still errcode 0', async () => {
    const token = await dingtalkToken(sim)
    for (let i = 0; i < 500; i++) await send(token, ['dt_chenqiang'], text(`n${i}`))
    const over = await send(token, ['dt_chenqiang'], text('n500'))
    expect(over.json.errcode).toBe(0)
    expect((await sendResult(token, over.json.task_id)).forbidden_list).toEqual([{ code: '143105', count: 1, userid: 'dt_chenqiang' }])
  })

  it('rejects more than 100 userids, a missing agent_id, an invalid msg and one over 2048 bytes', async () => {
    const token = await dingtalkToken(sim)
    const many = Array.from({ length: 101 }, (_, i) => `dt_x${i}`)
    expect((await send(token, many, text('x'))).json.errcode).toBe(40035)
    const noAgent = await sim.call(`/dingtalk-oapi/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
      userid_list: 'dt_wangli',
      msg: text('x'),
    })
    expect(noAgent.json.errcode).toBe(40035)
    expect((await send(token, ['dt_wangli'], { msgtype: 'oa', oa: {} })).json.errcode).toBe(40035)
    expect((await send(token, ['dt_wangli'], text('长'.repeat(700)))).json.errcode).toBe(40035)
    expect(sim.state.messages).toHaveLength(0)
  })

  it('unknown userids end up in invalid_user_id_list', async () => {
    const token = await dingtalkToken(sim)
    const res = await send(token, ['dt_wangli', 'dt_ghost'], text('x'))
    const result = await sendResult(token, res.json.task_id)
    expect(result.invalid_user_id_list).toEqual(['dt_ghost'])
    expect(result.unread_user_id_list).toEqual(['dt_wangli'])
  })

  it('read marks and recall show in getsendresult and on the phone', async () => {
    const token = await dingtalkToken(sim)
    const res = await send(token, ['dt_wangli', 'dt_zhoumin'], text('x'))
    await sim.call('/__sim/read', { platform: 'dingtalk', taskId: String(res.json.task_id), userid: 'dt_zhoumin' })
    const result = await sendResult(token, res.json.task_id)
    expect(result.read_user_id_list).toEqual(['dt_zhoumin'])
    expect(result.unread_user_id_list).toEqual(['dt_wangli'])
    const recall = await sim.call(`/dingtalk-oapi/topapi/message/corpconversation/recall?access_token=${token}`, {
      agent_id: DT.agentId,
      msg_task_id: res.json.task_id,
    })
    expect(recall.json.errcode).toBe(0)
    expect(sim.state.messages.every((m) => m.recalled)).toBe(true)
  })
})

describe('fault injection', () => {
  it('errcode faults answer like the platform and stop after `times`', async () => {
    const token = await dingtalkToken(sim)
    await sim.call('/__sim/faults', { endpoint: 'asyncsend_v2', kind: 'errcode', errcode: 90018, times: 1 })
    expect((await send(token, ['dt_wangli'], text('x'))).json).toMatchObject({ errcode: 90018 })
    expect((await send(token, ['dt_wangli'], text('x'))).json.errcode).toBe(0)
  })

  it('a lost response does the work and still answers 502', async () => {
    const token = await dingtalkToken(sim)
    await sim.call('/__sim/faults', { endpoint: 'asyncsend_v2', kind: 'lost-response' })
    const res = await send(token, ['dt_wangli'], text('x'))
    expect(res.status).toBe(502)
    expect(sim.state.messages).toHaveLength(1)
  })

  it('HTTP 5xx, the IP-ban page and latency', async () => {
    await sim.call('/__sim/faults', { endpoint: 'gettoken', kind: 'http', status: 503, times: 1 })
    await sim.call('/__sim/faults', { endpoint: 'gettoken', kind: 'ipban', times: 1 })
    const path = `/dingtalk-oapi/gettoken?appkey=${DT.appKey}&appsecret=${DT.appSecret}`
    expect((await sim.call(path)).status).toBe(503)
    expect((await sim.call(path)).json).toMatchObject({ status: 1111, punish: 'deny' })
    await sim.call('/__sim/faults', { endpoint: 'gettoken', kind: 'latency', ms: 150, times: 1 })
    const started = Date.now()
    expect((await sim.call(path)).json.errcode).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('a failure rate is reproducible: the same seed hits the same requests', async () => {
    const pattern = async () => {
      await fetch(`${sim.url}/__sim/faults?seed=7`, { method: 'DELETE' })
      await sim.call('/__sim/faults', { endpoint: 'gettoken', kind: 'errcode', errcode: -1, rate: 0.3 })
      const codes: unknown[] = []
      for (let i = 0; i < 20; i++) codes.push((await sim.call(`/dingtalk-oapi/gettoken?appkey=${DT.appKey}&appsecret=${DT.appSecret}`)).json.errcode)
      return codes
    }
    const a = await pattern()
    const b = await pattern()
    expect(a).toEqual(b)
    const failures = a.filter((c) => c === -1).length
    expect(failures).toBeGreaterThan(0)
    expect(failures).toBeLessThan(20)
  })
})
