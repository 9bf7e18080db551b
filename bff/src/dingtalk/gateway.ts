/**
 * One interface over the two platforms the app lives in: public DingTalk and 浙政钉 (government
 * DingTalk). Domain code (login, notifications, org sync) talks only to this; which provider answers
 * is configuration (`DINGTALK_PROVIDER`), and where it lives is a base URL (the real host or the simulator).
 */
import { PLATFORMS, type Platform } from '@jqtb/shared'

export type ProviderName = Platform

export const PROVIDERS: readonly ProviderName[] = PLATFORMS

/** Who an auth code belongs to. */
export interface PlatformIdentity {
  provider: ProviderName
  /** DingTalk `userid`, or the 浙政钉 `accountId` as a string: what our user_identities map */
  externalId: string
  name: string
  /** DingTalk unionid / 浙政钉 employeeCode, when the platform gives one */
  unionid?: string
  employeeCode?: string
}

/** A person in the platform's address book. */
export interface PlatformUser {
  externalId: string
  name: string
  title: string
  mobile?: string
  /** still a member (DingTalk `active`; 浙政钉 employee status `A`) */
  active: boolean
  /** DingTalk dept ids / 浙政钉 organisation codes */
  departmentIds: string[]
  unionid?: string
  employeeCode?: string
}

export interface PlatformDepartment {
  id: string
  name: string
  parentId?: string
}

/** A work-notification message body (docs/dingtalk.md#work-notifications; 浙政钉 uses the same shapes). */
export type WorkMessage = { msgtype: string } & Record<string, unknown>

export interface SendRequest {
  /** platform user ids (DingTalk userid / 浙政钉 accountId), at most `maxRecipientsPerCall` */
  recipients: string[]
  message: WorkMessage
  /** our id for this exact send; 浙政钉 rejects a second send with the same id (its idempotency key) */
  bizMsgId: string
}

/** What became of each recipient of an accepted send (DingTalk getsendresult). */
export interface SendResult {
  read: string[]
  unread: string[]
  invalid: string[]
  failed: string[]
  /** silently not delivered: 143106 same content today (already has it), 143105 daily limit */
  forbidden: Array<{ externalId: string; code: string }>
}

export interface DingTalkGateway {
  readonly provider: ProviderName
  /** platform limit on recipients of one send (DingTalk 100 userids; 浙政钉 1000) */
  readonly maxRecipientsPerCall: number
  userByAuthCode(authCode: string): Promise<PlatformIdentity>
  getUser(externalId: string): Promise<PlatformUser>
  /** where the app's view of the address book starts (DingTalk dept 1; 浙政钉 the app's visible organisations) */
  rootDepartmentIds(): Promise<string[]>
  listSubDepartments(parentId?: string): Promise<PlatformDepartment[]>
  /** users directly in a department (DingTalk dept id / 浙政钉 organisation code) */
  listDepartmentUsers(departmentId: string): Promise<PlatformUser[]>
  /** accepted ≠ delivered: DingTalk decides per recipient afterwards (see getSendResult) */
  sendWorkNotification(req: SendRequest): Promise<{ taskId: string }>
  /** DingTalk only; `null` where the platform has no such query (浙政钉) */
  getSendResult(taskId: string): Promise<SendResult | null>
}

/** The configured providers; notifications go through `primary`, logins may name either. */
export interface Gateways {
  primary: DingTalkGateway
  get(provider?: ProviderName): DingTalkGateway
}

export type GatewayErrorKind =
  /** the auth code is unknown, used or expired: the person must reopen the app */
  | 'auth_code_invalid'
  /** the user or department does not exist on the platform */
  | 'not_found'
  /** busy, rate-limited, 5xx, timeout, unreadable answer: the same call may succeed later */
  | 'retryable'
  /** the platform refused this request (bad parameters, no permission): retrying will not help */
  | 'permanent'
  /** 浙政钉 already has a message with this bizMsgId: it was sent before */
  | 'duplicate'

export class GatewayError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: GatewayErrorKind,
    message: string,
    /** the platform's own code (errcode, sub_code, responseCode, HTTP status) */
    readonly platformCode?: string,
  ) {
    super(message)
    this.name = 'GatewayError'
  }

  get retryable(): boolean {
    return this.kind === 'retryable'
  }
}

export function isGatewayError(err: unknown, kind?: GatewayErrorKind): err is GatewayError {
  return err instanceof GatewayError && (kind === undefined || err.kind === kind)
}
