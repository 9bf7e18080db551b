/** Helpers shared by the public-*.test.ts files: log a citizen in through the real SMS-code flow, file a case. */
import { randomUUID } from 'node:crypto'
import type { FileCaseInput } from '@jqtb/shared'
import request from 'supertest'
import { settleDeferred } from '../../bff/src/kernel/background'
import { decryptPhone } from '../../bff/src/kernel/phone'
import type { TestApp } from '../support/app'

/** The newest login code queued for this number (read from the SMS outbox, as the phone would show it). */
export async function lastCodeFor(app: TestApp, phone: string): Promise<string | null> {
  const queued = await app.db.models.SmsOutbox.find({ template: 'public_login_code' }).sort({ createdAt: -1, _id: 1 }).lean()
  const mine = queued.find((q) => decryptPhone(app.config.piiKey, q.phoneEnc) === phone)
  return mine ? String(mine.data.code) : null
}

/** Sends a code and logs in with it; answers the citizen token. */
export async function loginCitizen(app: TestApp, phone: string): Promise<string> {
  const sent = await request(app.url).post('/api/public/auth/code').send({ phone })
  if (sent.status !== 200) throw new Error(`code: ${sent.status} ${JSON.stringify(sent.body)}`)
  const code = await lastCodeFor(app, phone)
  const res = await request(app.url).post('/api/public/auth/login').send({ phone, code })
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token as string
}

/** A citizen's requests, each after the milestones this process still owes are recorded (kernel/background.ts). */
export function citizen(app: TestApp, token: string) {
  const auth = { authorization: `Bearer ${token}` }
  return {
    get: async (path: string) => {
      await settleDeferred(app.db)
      return request(app.url).get(path).set(auth)
    },
    post: async (path: string, body: unknown = {}) => {
      await settleDeferred(app.db)
      return request(app.url)
        .post(path)
        .set(auth)
        .send(body as object)
    },
  }
}

export const dispute = (overrides: Partial<FileCaseInput> = {}): FileCaseInput => ({
  requestId: randomUUID(),
  category: 'neighbour',
  content: '楼上卫生间漏水到我家天花板，沟通多次没有处理',
  community: 'GT-01',
  addressNote: '新城花苑5幢',
  name: '王女士',
  otherParty: '楼上住户',
  ...overrides,
})

/** Files a dispute as this citizen; answers its case code. */
export async function fileDispute(app: TestApp, token: string, overrides: Partial<FileCaseInput> = {}): Promise<string> {
  const res = await citizen(app, token).post('/api/public/cases', dispute(overrides))
  if (res.status !== 201) throw new Error(`file: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.code as string
}

/** Keys that must never reach a citizen: internal notes, staff, numbers, risk, the task, the lead. */
export const FORBIDDEN_KEYS = [
  'taskId',
  'taskNo',
  'leadId',
  'note',
  'notes',
  'actor',
  'holders',
  'phone',
  'phoneEnc',
  'phoneMasked',
  'riskColour',
  'risk',
  'score',
  'citizenId',
  'intakeKey',
  'by',
  'department',
]

/** Walks a citizen's JSON: forbidden keys, anything like a phone number, and the given words. */
export function internalIn(value: unknown, words: string[], path = '$', problems: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) internalIn(v, words, `${path}[${i}]`, problems)
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.includes(k)) problems.push(`${path}.${k}`)
      internalIn(v, words, `${path}.${k}`, problems)
    }
  } else if (typeof value === 'string') {
    if (/1[3-9]\d{9}|\d{3}\*{4}\d{4}/.test(value)) problems.push(`${path}: a phone number`)
    for (const w of words) if (value.includes(w)) problems.push(`${path}: ${w}`)
  }
  return problems
}

export { leadsWaitForCentre, setAutoConvertAbove } from '../support/intake'
