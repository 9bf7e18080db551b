/**
 * What domains use to send an SMS: `sms.enqueue({ key, phone, template, data })`. The number may be
 * given as digits or as an encrypted reference (`{ phoneEnc }`, kernel/phone.ts) so a domain that keeps
 * numbers encrypted never has to decrypt one. The key makes it once: the same key is queued once,
 * however often or concurrently it is asked. The worker (worker.ts) sends.
 */
import type { Config } from '../config'
import type { Clock } from '../infra/clock'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import { decryptPhone, maskPhone, protectPhone } from '../kernel/phone'
import { checkTemplate, MAX_VAR_LENGTH, type SmsTemplates } from './templates'

export interface SmsRequest {
  /** idempotency key, e.g. `<teamId>:invite:<mediatorId>:<seq>` */
  key: string
  /** 11-digit mainland mobile number, or its encrypted form as stored elsewhere */
  phone: string | { phoneEnc: string }
  /** a template some domain declares (its `smsTemplates`) */
  template: string
  data: Record<string, string | number>
}

export type SmsState = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed'

export const SMS_STATE_LABELS: Record<SmsState, string> = {
  queued: '短信排队中',
  sending: '短信发送中',
  sent: '短信已发出',
  delivered: '短信已送达',
  undelivered: '短信未送达',
  failed: '短信发送失败',
}

export interface SmsStatus {
  state: SmsState
  label: string
  /** why it failed or was not delivered */
  error?: string
}

export interface SmsSender {
  enqueue(req: SmsRequest): Promise<{ queued: boolean }>
  /** what became of queued messages, by key (keys never queued are absent) */
  status(keys: readonly string[]): Promise<Map<string, SmsStatus>>
}

const MOBILE = /^1\d{10}$/

export function createSmsSender(db: Db, clock: Clock, config: Pick<Config, 'piiKey'>, templates: SmsTemplates): SmsSender {
  for (const [name, t] of Object.entries(templates)) checkTemplate(name, t)
  return {
    async enqueue(req) {
      const template = Object.hasOwn(templates, req.template) ? templates[req.template] : undefined
      if (!template) throw new Error(`no domain declares the SMS template "${req.template}"`)
      const data: Record<string, string> = {}
      for (const v of template.vars) {
        const value = req.data[v]
        if (value === undefined || String(value).trim() === '') throw new Error(`SMS template "${req.template}" needs "${v}"`)
        data[v] = String(value).slice(0, MAX_VAR_LENGTH)
      }
      const digits = typeof req.phone === 'string' ? req.phone.replace(/[-\s]/g, '') : decryptPhone(config.piiKey, req.phone.phoneEnc)
      if (!MOBILE.test(digits)) throw new Error('an SMS needs an 11-digit mobile number')
      const stored = typeof req.phone === 'string' ? protectPhone(config.piiKey, digits) : { phoneEnc: req.phone.phoneEnc, phoneMasked: maskPhone(digits) }
      const now = clock.now()
      try {
        await db.models.SmsOutbox.create({
          _id: req.key,
          phoneEnc: stored.phoneEnc,
          phoneMasked: stored.phoneMasked,
          template: req.template,
          data,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        })
        return { queued: true }
      } catch (err) {
        if (isDuplicateKey(err)) return { queued: false }
        throw err
      }
    },

    async status(keys) {
      const out = new Map<string, SmsStatus>()
      if (!keys.length) return out
      // point reads by _id (docs/database.md#reading-by-id): a team asks for a handful
      const entries = await Promise.all(keys.map((k) => db.models.SmsOutbox.findById(k).lean()))
      const sends = await Promise.all(keys.map((k) => db.models.SmsSend.findById(k).lean()))
      keys.forEach((key, i) => {
        const entry = entries[i]
        if (!entry) return
        const send = sends[i]
        const state: SmsState =
          entry.status === 'failed'
            ? 'failed'
            : send?.state === 'accepted'
              ? send.receipt?.status === 'delivered'
                ? 'delivered'
                : send.receipt?.status === 'failed'
                  ? 'undelivered'
                  : 'sent'
              : entry.attempts > 0
                ? 'sending'
                : 'queued'
        const error = state === 'failed' ? entry.lastError : state === 'undelivered' ? `运营商回执：${send?.receipt?.errCode ?? '未知原因'}` : undefined
        out.set(key, { state, label: SMS_STATE_LABELS[state], ...(error ? { error } : {}) })
      })
      return out
    },
  }
}
