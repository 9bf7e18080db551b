import { SIMULATOR_APPS } from '../../bff/src/config'
import { ManualClock } from '../../bff/src/infra/clock'
import { protectPhone } from '../../bff/src/kernel/phone'
import { aliyunSmsGateway, popSign } from '../../bff/src/sms/aliyun'
import { createSmsSender } from '../../bff/src/sms/service'
import type { SmsTemplates } from '../../bff/src/sms/templates'
import { collectReceipts, outIdFor, runSmsOnce, SMS_POLICY } from '../../bff/src/sms/worker'
import { SIM_SMS } from '../../simulator/src/sms'
import { startTestApp, type TestApp } from '../support/app'
import { startSimulator, type TestSimulator } from '../support/simulator'

/**
 * The SMS gateway's promise: a queued message reaches the phone exactly once, with the provider
 * losing answers, refusing with flow control, answering 5xx and timing out, and workers racing on
 * several instances; permanent refusals stop at once with the reason; receipts say what the carrier
 * reported. The gateway speaks Aliyun's API; the simulator answers it.
 */
const TEMPLATES: SmsTemplates = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the provider's placeholder syntax
  test_notice: { text: '${name}您好，您有一条测试通知（${ref}），详情见 ${link}', vars: ['name', 'ref', 'link'] },
}
const phones = Array.from({ length: 8 }, (_, i) => `1390574${String(i).padStart(4, '0')}`)

let sim: TestSimulator
let app: TestApp
let clock: ManualClock

const sender = () => createSmsSender(app.db, clock, app.config, TEMPLATES)
const messagesTo = (outId: string) => sim.state.sms.messages.filter((m) => m.outId === outId)

async function drain(rounds = 60) {
  for (let i = 0; i < rounds; i++) {
    // two workers at once, as two BFF instances would run them
    await Promise.all([runSmsOnce(app.deps, TEMPLATES, { workerId: 'a' }), runSmsOnce(app.deps, TEMPLATES, { workerId: 'b' })])
    if ((await app.db.models.SmsOutbox.countDocuments({ status: 'pending' })) === 0) return
    clock.advance(SMS_POLICY.maxDelayMs)
    // the clock jumps half an hour, but a request the gateway gave up on is still in flight for real
    // milliseconds: let it land, as it would long before the real reconcile grace (a minute) ends
    await new Promise((r) => setTimeout(r, 400))
  }
}

beforeEach(async () => {
  clock = new ManualClock(Date.parse('2026-11-27T02:00:00Z'))
  sim = await startSimulator({ clock })
  app = await startTestApp({ clock, simulatorUrl: sim.url, seed: false, env: { SMS_HTTP_TIMEOUT_MS: '400' } })
})
afterEach(async () => {
  await app.close()
  await sim.close()
})

describe('SMS exactly once', () => {
  it('with lost answers, flow control, 5xx and timeouts, and two workers racing, every message arrives once', async () => {
    await sim.fault({ endpoint: 'SendSms', kind: 'lost-response', times: 3 })
    await sim.fault({ endpoint: 'SendSms', kind: 'lost-response', rate: 0.15 })
    await sim.fault({ endpoint: 'SendSms', kind: 'errcode', errcode: 'isv.BUSINESS_LIMIT_CONTROL', rate: 0.1 })
    await sim.fault({ endpoint: 'SendSms', kind: 'http', status: 503, rate: 0.08 })
    await sim.fault({ endpoint: 'SendSms', kind: 'latency', ms: 700, rate: 0.05 })
    await sim.fault({ endpoint: 'QuerySendDetails', kind: 'http', status: 500, rate: 0.1 })
    const keys = Array.from({ length: 24 }, (_, i) => `test:${i}`)
    // asked twice, concurrently (a retried command): queued once
    const asks = keys.flatMap((key, i) =>
      [0, 1].map(() =>
        sender().enqueue({
          key,
          phone: phones[i % phones.length],
          template: 'test_notice',
          data: { name: '冯波', ref: key, link: `https://x.example/m/${i}` },
        }),
      ),
    )
    const queued = await Promise.all(asks)
    expect(queued.filter((q) => q.queued)).toHaveLength(keys.length)

    await drain()
    await new Promise((r) => setTimeout(r, 800)) // answers the BFF gave up waiting for still land
    for (const key of keys) {
      const got = messagesTo(outIdFor(key))
      expect([key, got.length]).toEqual([key, 1])
      expect(got[0].content).toContain(`（${key}）`)
    }
    expect(await app.db.models.SmsOutbox.countDocuments({ status: 'sent' })).toBe(keys.length)
    expect(await app.db.models.SmsSend.countDocuments({ state: 'accepted' })).toBe(keys.length)
  })

  it('a worker that died after the provider took the message does not send it again: the provider’s record is found by OutId', async () => {
    const key = 'test:crash'
    await sender().enqueue({ key, phone: phones[0], template: 'test_notice', data: { name: '冯波', ref: key, link: 'https://x.example/m/c' } })
    await runSmsOnce(app.deps, TEMPLATES) // registers the template, sends
    expect(messagesTo(outIdFor(key))).toHaveLength(1)
    // as if that worker had died between the provider's answer and its own record: the record still says sending
    await app.db.models.SmsSend.updateOne({ _id: key }, { $set: { state: 'sending', uncertainDays: ['20261127'] }, $unset: { bizId: 1, acceptedAt: 1 } })
    await app.db.models.SmsOutbox.updateOne({ _id: key }, { $set: { status: 'pending', nextAttemptAt: clock.now() } })
    await app.db.models.SmsAttempt.deleteMany({ smsId: key })
    await runSmsOnce(app.deps, TEMPLATES)
    expect(messagesTo(outIdFor(key))).toHaveLength(1)
    const send = await app.db.models.SmsSend.findById(key).lean()
    expect(send).toMatchObject({ state: 'accepted', lastError: '上次发送的应答丢失，已在服务商记录中找到' })
  })

  it('a refusal about the request itself (an unapproved template) fails at once with the reason, without retrying', async () => {
    await app.close()
    // an explicit API base: nothing registers templates with the simulator, as with a real provider
    app = await startTestApp({
      clock,
      simulatorUrl: sim.url,
      seed: false,
      env: { SMS_API_BASE: `${sim.url}/sms`, SMS_TEMPLATE_CODES: 'test_notice=SMS_NOT_APPROVED' },
    })
    await sender().enqueue({ key: 'test:bad', phone: phones[1], template: 'test_notice', data: { name: '冯波', ref: 'r', link: 'l' } })
    const report = await runSmsOnce(app.deps, TEMPLATES)
    expect(report.failed).toBe(1)
    const status = (await sender().status(['test:bad'])).get('test:bad')
    expect(status).toMatchObject({ state: 'failed', label: '短信发送失败' })
    expect(status?.error).toContain('isv.SMS_TEMPLATE_ILLEGAL')
  })

  it('delivery receipts: delivered, or not delivered when the phone is off', async () => {
    await sim.control('/sms/unreachable', { phone: phones[3] })
    const s = sender()
    await s.enqueue({ key: 'test:on', phone: phones[2], template: 'test_notice', data: { name: '甲', ref: 'r', link: 'l' } })
    await s.enqueue({
      key: 'test:off',
      phone: { phoneEnc: protectPhone(app.config.piiKey, phones[3]).phoneEnc },
      template: 'test_notice',
      data: { name: '乙', ref: 'r', link: 'l' },
    })
    await runSmsOnce(app.deps, TEMPLATES)
    expect([...(await s.status(['test:on', 'test:off'])).values()].map((v) => v.state)).toEqual(['sent', 'sent'])
    await collectReceipts(app.deps)
    const after = await s.status(['test:on', 'test:off', 'test:never'])
    expect(after.get('test:on')).toMatchObject({ state: 'delivered', label: '短信已送达' })
    expect(after.get('test:off')).toMatchObject({ state: 'undelivered', error: '运营商回执：MK:0005' })
    expect(after.has('test:never')).toBe(false)
  })

  it('refuses what it cannot send: an unknown template, a missing variable, a landline', async () => {
    const s = sender()
    await expect(s.enqueue({ key: 'k1', phone: phones[0], template: 'nope', data: {} })).rejects.toThrow(/no domain declares/)
    await expect(s.enqueue({ key: 'k2', phone: phones[0], template: 'test_notice', data: { name: 'x', ref: 'y' } })).rejects.toThrow(/needs "link"/)
    await expect(s.enqueue({ key: 'k3', phone: '0574-12345678', template: 'test_notice', data: { name: 'x', ref: 'y', link: 'z' } })).rejects.toThrow(
      /11-digit/,
    )
  })

  it('stores the number only encrypted', async () => {
    await sender().enqueue({ key: 'test:pii', phone: phones[4], template: 'test_notice', data: { name: 'x', ref: 'y', link: 'z' } })
    const raw = JSON.stringify(await app.db.models.SmsOutbox.findById('test:pii').lean())
    expect(raw).not.toContain(phones[4])
    expect(raw).toContain('139****0004')
  })

  it('with no provider configured nothing is sent and the entry says why', async () => {
    await app.close()
    app = await startTestApp({ clock, simulatorUrl: sim.url, seed: false, env: { SMS_PROVIDER: 'off' } })
    await sender().enqueue({ key: 'test:off-provider', phone: phones[5], template: 'test_notice', data: { name: 'x', ref: 'y', link: 'z' } })
    await runSmsOnce(app.deps, TEMPLATES)
    expect((await sender().status(['test:off-provider'])).get('test:off-provider')?.error).toBe('未配置短信服务（SMS_PROVIDER），短信未发送')
  })
})

describe('the Aliyun request signature', () => {
  it('the simulator checks what the gateway signs; a wrong secret is refused as SignatureDoesNotMatch', async () => {
    const wrong = aliyunSmsGateway({ apiBase: `${sim.url}/sms`, accessKeyId: SIM_SMS.accessKeyId, accessKeySecret: 'wrong', timeoutMs: 2000 }, clock)
    await expect(wrong.query(phones[0], '20261127')).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', kind: 'permanent' })
    const right = aliyunSmsGateway(
      { apiBase: `${sim.url}/sms`, accessKeyId: SIM_SMS.accessKeyId, accessKeySecret: SIM_SMS.accessKeySecret, timeoutMs: 2000 },
      clock,
    )
    await expect(right.query(phones[0], '20261127')).resolves.toEqual([])
  })

  it('signs as Aliyun documents: sorted, RFC 3986 encoded, HMAC-SHA1 with the secret and "&"', () => {
    const { canonical, signature } = popSign('GET', { B: 'x y', A: '*~' }, 'secret')
    expect(canonical).toBe('A=%2A~&B=x%20y')
    // computed independently: echo -n 'GET&%2F&A%3D%252A~%26B%3Dx%2520y' | openssl dgst -sha1 -hmac 'secret&' -binary | base64
    expect(signature).toBe('h/1/nUUdo9p5ScpoaBkd04sVB+w=')
  })

  it('the BFF’s simulator keys are the simulator’s', () => {
    expect(SIMULATOR_APPS.sms).toEqual(SIM_SMS)
  })
})
