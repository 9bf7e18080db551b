import { type SignedParams, zzdSign, zzdStringToSign, zzdTimestamp } from '../../bff/src/dingtalk/zzd-signature'
import { type RunningSim, runSim, ZZD } from './test-helpers'

// Requests here are signed with the BFF's signer; the simulator verifies with its own, separately written one.

let sim: RunningSim
beforeEach(async () => {
  sim = await runSim()
})
afterEach(() => sim.close())

let nonceSeq = 0

interface SignOptions {
  method?: 'GET' | 'POST'
  at?: Date
  nonce?: string
  apiKey?: string
  secret?: string
  /** change the body after signing */
  tamper?: (params: SignedParams) => SignedParams
}

async function zzd(path: string, params: SignedParams, opts: SignOptions = {}) {
  const method = opts.method ?? 'POST'
  const fullPath = `/zzd${path}`
  const timestamp = zzdTimestamp(opts.at ?? sim.clock.now())
  const nonce = opts.nonce ?? `${Date.now()}${String(++nonceSeq).padStart(4, '0')}`
  const signature = zzdSign(opts.secret ?? ZZD.appSecret, zzdStringToSign(method, timestamp, nonce, fullPath, params))
  const sent = new URLSearchParams(opts.tamper ? opts.tamper(params) : params).toString()
  const res = await fetch(`${sim.url}${fullPath}${method === 'GET' && sent ? `?${sent}` : ''}`, {
    method,
    headers: {
      apiKey: opts.apiKey ?? ZZD.appKey,
      'X-Hmac-Auth-Timestamp': timestamp,
      'X-Hmac-Auth-Nonce': nonce,
      'X-Hmac-Auth-Version': '1.0',
      'X-Hmac-Auth-Signature': signature,
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: method === 'POST' ? sent : undefined,
  })
  // biome-ignore lint/suspicious/noExplicitAny: the tests read deep into loosely shaped gateway JSON
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}

async function token(): Promise<string> {
  const { json } = await zzd(
    '/gettoken.json',
    [
      ['appkey', ZZD.appKey],
      ['appsecret', ZZD.appSecret],
    ],
    { method: 'GET' },
  )
  return json.content.data.accessToken
}

const tenant: [string, string] = ['tenantId', String(ZZD.tenantId)]

describe('浙政钉 request signatures', () => {
  it('accepts a correctly signed request (GET and POST) in the gateway envelope', async () => {
    const { status, json } = await zzd(
      '/gettoken.json',
      [
        ['appkey', ZZD.appKey],
        ['appsecret', ZZD.appSecret],
      ],
      { method: 'GET' },
    )
    expect(status).toBe(200)
    expect(json).toMatchObject({ success: true, content: { success: true, responseCode: '0', data: { expiresIn: 7200 } } })
    const post = await zzd('/mozi/organization/getOrganizationByCode', [tenant, ['organizationCode', sim.state.org.departments[0].orgCode]])
    expect(post.json.content.data).toMatchObject({ organizationName: '古塘街道', typeCode: 'GOV_UNIT' })
  })

  it('rejects a body changed after signing', async () => {
    const res = await zzd('/mozi/employee/getEmployeeByCode', [tenant, ['employeeCode', 'GE_a']], {
      tamper: (p) => p.map(([k, v]) => [k, k === 'employeeCode' ? 'GE_b' : v]),
    })
    expect(res.status).toBe(401)
    expect(res.json).toMatchObject({ success: false, Code: 'InvalidSignature' })
  })

  it('rejects a wrong secret and an unknown apiKey', async () => {
    expect((await zzd('/gettoken.json', [], { secret: 'not-the-secret' })).json.Code).toBe('InvalidSignature')
    expect((await zzd('/gettoken.json', [], { apiKey: 'someone-else' })).json.Code).toBe('InvalidApiKey')
  })

  it('rejects a timestamp more than 15 minutes off', async () => {
    const stale = new Date(sim.clock.now().getTime() - 16 * 60_000)
    const res = await zzd('/gettoken.json', [], { at: stale })
    expect(res.status).toBe(401)
    expect(res.json.Code).toBe('InvalidTimestamp')
    const slightlyOff = new Date(sim.clock.now().getTime() + 14 * 60_000)
    expect((await zzd('/gettoken.json', [], { at: slightlyOff })).status).toBe(200)
  })

  it('rejects a replayed nonce, and accepts it again once the window has passed', async () => {
    expect((await zzd('/gettoken.json', [], { nonce: '17000000000001234' })).status).toBe(200)
    const replay = await zzd('/gettoken.json', [], { nonce: '17000000000001234' })
    expect(replay.status).toBe(401)
    expect(replay.json.Code).toBe('InvalidNonce')
    sim.clock.advance(16 * 60_000)
    expect((await zzd('/gettoken.json', [], { nonce: '17000000000001234' })).status).toBe(200)
  })

  it('signs list parameters once per value: listEmployeesByCodes with repeated employeeCodes', async () => {
    const [a, b] = sim.state.org.users.slice(0, 2).map((u) => u.zzd.employeeCode)
    const res = await zzd('/mozi/employee/listEmployeesByCodes', [tenant, ['employeeCodes', b], ['employeeCodes', a]])
    expect(res.status).toBe(200)
    expect(res.json.content.data.map((e: { employeeName: string }) => e.employeeName)).toEqual(['陈强', '王丽'])
  })
})

describe('浙政钉 login (dingtalk_app_user.json)', () => {
  it('exchanges a code once for the user (accountId, employeeCode, tenant); the second time it fails', async () => {
    const t = await token()
    const { json: minted } = await sim.call('/__sim/authcode', { userId: 'u-wangli', platform: 'zhezhengding' })
    const first = await zzd('/rpc/oauth2/dingtalk_app_user.json', [
      ['access_token', t],
      ['auth_code', String(minted.authCode)],
    ])
    expect(first.json.content.data).toMatchObject({ accountId: 105401, lastName: '王丽', realmId: ZZD.tenantId, tenantUserId: `${ZZD.tenantId}$105401` })
    expect(first.json.content.data.employeeCode).toMatch(/^GE_[0-9a-f]{32}$/)
    const again = await zzd('/rpc/oauth2/dingtalk_app_user.json', [
      ['access_token', t],
      ['auth_code', String(minted.authCode)],
    ])
    expect(again.json).toMatchObject({ success: true, content: { success: false } })
    expect(again.json.content.responseCode).not.toBe('0')
  })

  it('a stale access token is responseCode 250027', async () => {
    const t = await token()
    sim.clock.advance(7201_000)
    const res = await zzd('/rpc/oauth2/dingtalk_app_user.json', [
      ['access_token', t],
      ['auth_code', 'whatever'],
    ])
    expect(res.json.content).toMatchObject({ success: false, responseCode: '250027', responseMessage: 'accessToken not correct' })
  })
})

describe('浙政钉 work notifications', () => {
  const msg = JSON.stringify({ msgtype: 'text', text: { content: '工单 GT-2 已退回' } })

  it('delivers to accountIds and answers the flat {success, content:{msgId}}', async () => {
    const res = await zzd('/message/workNotification', [tenant, ['receiverIds', '105401,105402'], ['bizMsgId', 'b-1'], ['msg', msg]])
    expect(res.json).toEqual({ success: true, content: { msgId: expect.any(String) } })
    expect(sim.state.messages.map((m) => m.userId)).toEqual(['u-wangli', 'u-chenqiang'])
  })

  it('refuses a second send with the same bizMsgId ("重复") and delivers nothing more', async () => {
    await zzd('/message/workNotification', [tenant, ['receiverIds', '105401'], ['bizMsgId', 'b-2'], ['msg', msg]])
    const again = await zzd('/message/workNotification', [tenant, ['receiverIds', '105401'], ['bizMsgId', 'b-2'], ['msg', msg]])
    expect(again.json.content.success).toBe(false)
    expect(again.json.content.responseMessage).toMatch(/重复/)
    expect(sim.state.messages).toHaveLength(1)
  })

  it('silently drops the same content to the same person on the same day, even with a new bizMsgId', async () => {
    await zzd('/message/workNotification', [tenant, ['receiverIds', '105401'], ['bizMsgId', 'b-3'], ['msg', msg]])
    const second = await zzd('/message/workNotification', [tenant, ['receiverIds', '105401'], ['bizMsgId', 'b-4'], ['msg', msg]])
    expect(second.json.success).toBe(true)
    expect(sim.state.messages).toHaveLength(1)
  })

  it('needs tenantId, receivers and a bizMsgId; at most 1000 receivers', async () => {
    expect(
      (
        await zzd('/message/workNotification', [
          ['receiverIds', '105401'],
          ['bizMsgId', 'x'],
          ['msg', msg],
        ])
      ).json.content.success,
    ).toBe(false)
    expect((await zzd('/message/workNotification', [tenant, ['bizMsgId', 'x'], ['msg', msg]])).json.content.success).toBe(false)
    expect((await zzd('/message/workNotification', [tenant, ['receiverIds', '105401'], ['msg', msg]])).json.content.success).toBe(false)
    const many = Array.from({ length: 1001 }, (_, i) => String(200000 + i)).join(',')
    expect((await zzd('/message/workNotification', [tenant, ['receiverIds', many], ['bizMsgId', 'x'], ['msg', msg]])).json.content.responseMessage).toMatch(
      /1000/,
    )
  })
})
