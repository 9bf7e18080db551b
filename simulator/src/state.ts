import { createHash } from 'node:crypto'
import { chinaDay, type SimClock } from './clock'
import { FaultTable } from './faults'
import { FeedbackInbox } from './intake/feedback'
import { ChannelSystems } from './intake/systems'
import { buildOrg, type SimOrg, type SimUser } from './org'
import { SimSmsState } from './sms'
import type { ZlbTicket } from './zlb'

export type Platform = 'dingtalk' | 'zhezhengding'

export const TOKEN_TTL_MS = 7200_000
export const AUTH_CODE_TTL_MS = 5 * 60_000
/** DingTalk: at most 500 work notifications per user per day per internal app (docs/dingtalk.md#work-notifications) */
export const PER_USER_DAILY_LIMIT = 500
/** getsendresult / recall only reach back 24 h */
export const SEND_RESULT_WINDOW_MS = 24 * 3600_000

interface TokenRecord {
  platform: Platform
  appKey: string
  expiresAt: number
}

interface AuthCodeRecord {
  platform: Platform
  userId: string
  expiresAt: number
}

/** What a phone shows: one delivered notification. */
export interface DeliveredMessage {
  seq: number
  platform: Platform
  /** DingTalk task_id or 浙政钉 msgId of the send call that delivered it */
  taskId: string
  bizMsgId?: string
  userId: string
  externalId: string
  msg: Record<string, unknown>
  at: Date
  read: boolean
  recalled: boolean
}

/** One accepted send call and what became of each recipient (what getsendresult reports). */
export interface SendTask {
  platform: Platform
  taskId: string
  appKey: string
  agentId?: number
  bizMsgId?: string
  at: Date
  msg: Record<string, unknown>
  requested: string[]
  delivered: string[]
  invalid: string[]
  forbidden: Array<{ userid: string; code: string }>
  read: Set<string>
  recalled: boolean
  statusBar?: { value: string; bg: string }
}

export interface CallRecord {
  seq: number
  at: Date
  method: string
  path: string
  status: number
  fault?: string
}

/** Stable JSON (sorted keys): "same content" means same message, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}

/** Everything the simulator remembers. In memory; `/__sim/reset` starts over. */
export class SimState {
  org: SimOrg = buildOrg()
  readonly faults = new FaultTable()
  tokens = new Map<string, TokenRecord>()
  authCodes = new Map<string, AuthCodeRecord>()
  tasks = new Map<string, SendTask>()
  messages: DeliveredMessage[] = []
  /** Aliyun SMS (sms.ts): templates, sent messages, unreachable numbers */
  readonly sms = new SimSmsState()
  calls: CallRecord[] = []
  /** 浙里办 tickets handed out (zlb.ts) */
  zlbTickets = new Map<string, ZlbTicket>()
  /** 浙政钉 nonces seen, with when (replay window) */
  nonces = new Map<string, number>()
  /** 浙政钉 bizMsgIds already used, per app */
  bizMsgIds = new Map<string, string>()
  private dailyCounts = new Map<string, number>()
  private contentSeen = new Set<string>()
  private counter = 0
  /** the channel systems that push records into the BFF (110, 12345 …) */
  readonly channels: ChannelSystems
  /** feedback the channel systems received from the BFF (非警务警情流转闭环) */
  readonly feedback = new FeedbackInbox()

  constructor(readonly clock: SimClock) {
    this.channels = new ChannelSystems(clock)
  }

  reset(): void {
    this.channels.stop()
    this.feedback.clear()
    this.org = buildOrg()
    this.tokens.clear()
    this.authCodes.clear()
    this.tasks.clear()
    this.messages = []
    this.sms.reset()
    this.calls = []
    this.nonces.clear()
    this.zlbTickets.clear()
    this.bizMsgIds.clear()
    this.dailyCounts.clear()
    this.contentSeen.clear()
    this.faults.clear(1)
    this.counter = 0
  }

  nowMs(): number {
    return this.clock.now().getTime()
  }

  /** Deterministic ids: the n-th id after a reset is always the same. */
  newId(prefix: string, length = 32): string {
    this.counter++
    return prefix + createHash('sha1').update(`sim:${prefix}:${this.counter}`).digest('hex').slice(0, length)
  }

  nextNumber(): number {
    this.counter++
    return 256271667000 + this.counter
  }

  recordCall(call: Omit<CallRecord, 'seq'>): void {
    this.calls.push({ ...call, seq: this.calls.length + 1 })
    if (this.calls.length > 5000) this.calls.splice(0, this.calls.length - 5000)
  }

  /**
   * The app's access token: inside its validity a repeat request returns the same token and extends
   * it (docs/dingtalk.md#access-tokens); after expiry a new one is issued and the old one is rejected.
   */
  issueToken(platform: Platform, appKey: string, prefix: string): { token: string; expiresIn: number } {
    const now = this.nowMs()
    for (const [token, rec] of this.tokens) {
      if (rec.platform !== platform || rec.appKey !== appKey) continue
      if (rec.expiresAt > now) {
        rec.expiresAt = now + TOKEN_TTL_MS
        return { token, expiresIn: TOKEN_TTL_MS / 1000 }
      }
      this.tokens.delete(token)
    }
    const token = this.newId(prefix)
    this.tokens.set(token, { platform, appKey, expiresAt: now + TOKEN_TTL_MS })
    return { token, expiresIn: TOKEN_TTL_MS / 1000 }
  }

  /** The app a valid token belongs to, or undefined for a missing, unknown or expired token. */
  checkToken(platform: Platform, token: string | undefined): string | undefined {
    if (!token) return undefined
    const rec = this.tokens.get(token)
    if (!rec || rec.platform !== platform) return undefined
    if (rec.expiresAt <= this.nowMs()) {
      this.tokens.delete(token)
      return undefined
    }
    return rec.appKey
  }

  /** Invalidates every token now (as if the platform rotated them): the next call gets "invalid token". */
  revokeTokens(): number {
    const n = this.tokens.size
    this.tokens.clear()
    return n
  }

  /** What `dd.getAuthCode` / gdt-jsapi `getAuthCode` would return in the app for this user. */
  mintAuthCode(platform: Platform, user: SimUser): { authCode: string; expiresAt: Date } {
    const authCode = this.newId(platform === 'dingtalk' ? '' : 'zzd', 32)
    const expiresAt = this.nowMs() + AUTH_CODE_TTL_MS
    this.authCodes.set(authCode, { platform, userId: user.id, expiresAt })
    return { authCode, expiresAt: new Date(expiresAt) }
  }

  /** Single use: the first exchange consumes the code, a second one fails like an unknown code. */
  consumeAuthCode(platform: Platform, code: string | undefined): SimUser | undefined {
    if (!code) return undefined
    const rec = this.authCodes.get(code)
    if (!rec || rec.platform !== platform) return undefined
    this.authCodes.delete(code)
    if (rec.expiresAt <= this.nowMs()) return undefined
    return this.org.userById.get(rec.userId)
  }

  /**
   * Accepts a send and decides per recipient, silently, like the platform: over the per-user daily
   * limit → forbidden 143105; the same content already delivered to this user today → forbidden
   * 143106; otherwise the phone gets it. The caller only learns this through getsendresult.
   */
  deliver(input: {
    platform: Platform
    appKey: string
    agentId?: number
    bizMsgId?: string
    msg: Record<string, unknown>
    recipients: SimUser[]
    invalid: string[]
  }): SendTask {
    const at = this.clock.now()
    const day = chinaDay(at)
    const content = createHash('sha1').update(canonicalJson(input.msg)).digest('hex')
    const taskId = input.platform === 'dingtalk' ? String(this.nextNumber()) : this.newId('', 32)
    const task: SendTask = {
      platform: input.platform,
      taskId,
      appKey: input.appKey,
      agentId: input.agentId,
      bizMsgId: input.bizMsgId,
      at,
      msg: input.msg,
      requested: [],
      delivered: [],
      invalid: [...input.invalid],
      forbidden: [],
      read: new Set(),
      recalled: false,
    }
    for (const user of input.recipients) {
      const externalId = input.platform === 'dingtalk' ? user.dingtalk.userid : String(user.zzd.accountId)
      if (task.requested.includes(externalId)) continue
      task.requested.push(externalId)
      const countKey = `${input.platform}|${input.appKey}|${externalId}|${day}`
      const contentKey = `${countKey}|${content}`
      const count = this.dailyCounts.get(countKey) ?? 0
      if (count >= PER_USER_DAILY_LIMIT) {
        task.forbidden.push({ userid: externalId, code: '143105' })
      } else if (this.contentSeen.has(contentKey)) {
        task.forbidden.push({ userid: externalId, code: '143106' })
      } else {
        this.dailyCounts.set(countKey, count + 1)
        this.contentSeen.add(contentKey)
        task.delivered.push(externalId)
        this.messages.push({
          seq: this.messages.length + 1,
          platform: input.platform,
          taskId,
          bizMsgId: input.bizMsgId,
          userId: user.id,
          externalId,
          msg: input.msg,
          at,
          read: false,
          recalled: false,
        })
      }
    }
    task.requested.push(...input.invalid)
    this.tasks.set(`${input.platform}:${taskId}`, task)
    return task
  }

  /** Someone leaves the organisation: gone from both address books; their auth codes stop working. */
  removeUser(userId: string): SimUser | undefined {
    const user = this.org.userById.get(userId)
    if (!user) return undefined
    this.org.users = this.org.users.filter((u) => u.id !== userId)
    this.org.userById.delete(user.id)
    this.org.userByDingtalkId.delete(user.dingtalk.userid)
    this.org.userByAccountId.delete(user.zzd.accountId)
    this.org.userByEmployeeCode.delete(user.zzd.employeeCode)
    for (const [code, rec] of this.authCodes) if (rec.userId === userId) this.authCodes.delete(code)
    return user
  }

  markRead(platform: Platform, taskId: string, externalId: string): boolean {
    const task = this.tasks.get(`${platform}:${taskId}`)
    if (!task?.delivered.includes(externalId)) return false
    task.read.add(externalId)
    for (const m of this.messages) if (m.platform === platform && m.taskId === taskId && m.externalId === externalId) m.read = true
    return true
  }

  recall(platform: Platform, taskId: string): void {
    const task = this.tasks.get(`${platform}:${taskId}`)
    if (!task) return
    task.recalled = true
    for (const m of this.messages) if (m.platform === platform && m.taskId === taskId) m.recalled = true
  }
}
