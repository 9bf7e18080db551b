/**
 * The SMS gateway: what the outbox worker needs from an SMS provider — send one templated message,
 * and ask what became of messages sent to a number on a day (delivery receipts, and the only way to
 * learn whether a send whose answer was lost went through). Providers: Aliyun Dysmsapi (aliyun.ts),
 * which the simulator also speaks, and `off` (unconfigured: every send fails with a clear reason).
 */

export interface SmsSendRequest {
  /** mainland mobile number, 11 digits */
  phone: string
  signName: string
  /** the provider's approved template code */
  templateCode: string
  params: Record<string, string>
  /** our reference, echoed back in receipts: how a lost answer is reconciled (docs/sms.md) */
  outId: string
}

export interface SmsReceipt {
  bizId?: string
  outId?: string
  /** waiting: the carrier has not reported yet */
  status: 'waiting' | 'delivered' | 'failed'
  errCode?: string
  /** when the phone got it (delivered) or the carrier gave up (failed) */
  at?: Date
}

export interface SmsGateway {
  readonly provider: string
  send(req: SmsSendRequest): Promise<{ bizId: string }>
  /** messages sent to `phone` on `day` (China time, YYYYMMDD), optionally one by its bizId */
  query(phone: string, day: string, bizId?: string): Promise<SmsReceipt[]>
}

/**
 * `retryable` — try again later (flow control, a busy or unreachable provider); `outcomeUnknown` says
 * the message may have been accepted anyway (timeout, 5xx, a dropped connection). `permanent` — the
 * request itself is wrong (number, template, signature, account): retrying cannot help.
 */
export class SmsGatewayError extends Error {
  constructor(
    message: string,
    readonly kind: 'retryable' | 'permanent',
    readonly code: string,
    readonly outcomeUnknown = false,
  ) {
    super(message)
    this.name = 'SmsGatewayError'
  }
}

/** No provider configured: nothing is ever sent, and each entry says why. */
export const OFF_GATEWAY: SmsGateway = {
  provider: 'off',
  async send() {
    throw new SmsGatewayError('未配置短信服务（SMS_PROVIDER），短信未发送', 'permanent', 'not_configured')
  },
  async query() {
    return []
  },
}
