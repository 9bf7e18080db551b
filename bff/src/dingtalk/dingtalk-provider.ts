import type { Clock } from '../infra/clock'
import {
  type DingTalkGateway,
  GatewayError,
  type PlatformDepartment,
  type PlatformIdentity,
  type PlatformUser,
  type SendRequest,
  type SendResult,
} from './gateway'
import { asRecord, describe, platformFetch } from './http'
import { TokenCache } from './token-cache'

export interface DingTalkSettings {
  oapiBase: string
  appKey: string
  appSecret: string
  agentId: string
  timeoutMs: number
}

/** errcodes that mean "not now" (docs/dingtalk.md#error-codes): system busy and the rate limits */
const RETRYABLE_CODES = new Set(['-1', '90002', '90018', '90019', '90020'])
/** `88 / sub_code 40014` on topapi, `40014` on older endpoints; `40000` = token missing */
const INVALID_TOKEN_CODES = new Set(['40014', '40000'])
const NOT_FOUND_CODES = new Set(['60121', '60003', '33012'])
/** asyncsend_v2 takes at most 100 userids (the doc text; the API metadata says 5000 — docs/dingtalk.md#open-questions) */
const MAX_USERIDS_PER_SEND = 100

type OapiBody = Record<string, unknown>

/** Public DingTalk over the oapi host (token in the query string, `errcode` in every answer). */
export function createDingTalkProvider(settings: DingTalkSettings, clock: Clock): DingTalkGateway {
  const provider = 'dingtalk' as const
  const url = (path: string, query: Record<string, string>) => `${settings.oapiBase}${path}?${new URLSearchParams(query)}`

  /** Reads an oapi answer: the body, or the error it stands for. */
  function unwrap(path: string, status: number, json: unknown): OapiBody {
    const body = asRecord(json)
    if (status >= 500) throw new GatewayError(provider, 'retryable', `${path}: HTTP ${status}`, String(status))
    if (!body || body.errcode === undefined) {
      // e.g. the per-IP ban page ({"status":1111,"punish":"deny"}) or an HTML error page
      throw new GatewayError(provider, 'retryable', `${path}: unexpected answer (HTTP ${status})`, String(body?.status ?? status))
    }
    if (Number(body.errcode) === 0) return body
    // 88 is a wrapper: the real reason is in sub_code (docs/dingtalk.md#error-codes)
    const code = Number(body.errcode) === 88 && body.sub_code !== undefined ? String(body.sub_code) : String(body.errcode)
    const message = `${path}: ${String(body.sub_msg ?? body.errmsg ?? '')} (errcode ${String(body.errcode)}${code !== String(body.errcode) ? `/${code}` : ''})`
    if (INVALID_TOKEN_CODES.has(code)) throw new GatewayError(provider, 'retryable', message, `token:${code}`)
    if (RETRYABLE_CODES.has(code)) throw new GatewayError(provider, 'retryable', message, code)
    if (code === '40078') throw new GatewayError(provider, 'auth_code_invalid', message, code)
    if (NOT_FOUND_CODES.has(code)) throw new GatewayError(provider, 'not_found', message, code)
    throw new GatewayError(provider, 'permanent', message, code)
  }

  const tokens = new TokenCache(clock, async () => {
    const res = await platformFetch(provider, url('/gettoken', { appkey: settings.appKey, appsecret: settings.appSecret }), {
      method: 'GET',
      timeoutMs: settings.timeoutMs,
    })
    const body = unwrap('/gettoken', res.status, res.json)
    if (typeof body.access_token !== 'string') throw new GatewayError(provider, 'retryable', '/gettoken: no access_token in the answer')
    return { token: body.access_token, expiresInSec: Number(body.expires_in) || 7200 }
  })

  /** POST to a topapi endpoint with the app token; on "invalid token" refresh once and retry once. */
  async function call(path: string, payload: OapiBody): Promise<OapiBody> {
    const attempt = async (token: string) => {
      const res = await platformFetch(provider, url(path, { access_token: token }), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        timeoutMs: settings.timeoutMs,
      })
      return unwrap(path, res.status, res.json)
    }
    const token = await tokens.get()
    try {
      return await attempt(token)
    } catch (err) {
      if (!(err instanceof GatewayError && err.platformCode?.startsWith('token:'))) throw err
      tokens.invalidate(token)
      return attempt(await tokens.get())
    }
  }

  const toUser = (r: OapiBody): PlatformUser => ({
    externalId: String(r.userid),
    name: String(r.name ?? ''),
    title: String(r.title ?? ''),
    mobile: typeof r.mobile === 'string' && r.mobile ? r.mobile : undefined,
    active: r.active !== false,
    departmentIds: Array.isArray(r.dept_id_list) ? r.dept_id_list.map(String) : [],
    unionid: typeof r.unionid === 'string' ? r.unionid : undefined,
  })

  return {
    provider,
    maxRecipientsPerCall: MAX_USERIDS_PER_SEND,

    async userByAuthCode(authCode): Promise<PlatformIdentity> {
      const body = await call('/topapi/v2/user/getuserinfo', { code: authCode })
      const r = asRecord(body.result)
      if (!r || typeof r.userid !== 'string') throw new GatewayError(provider, 'retryable', 'getuserinfo: no userid in the answer')
      return { provider, externalId: r.userid, name: String(r.name ?? ''), unionid: typeof r.unionid === 'string' ? r.unionid : undefined }
    },

    async getUser(externalId) {
      const body = await call('/topapi/v2/user/get', { userid: externalId, language: 'zh_CN' })
      return toUser(asRecord(body.result) ?? {})
    },

    async rootDepartmentIds() {
      return ['1']
    },

    async listSubDepartments(parentId = '1'): Promise<PlatformDepartment[]> {
      const body = await call('/topapi/v2/department/listsub', { dept_id: Number(parentId), language: 'zh_CN' })
      const list = Array.isArray(body.result) ? body.result : []
      return list
        .map((d) => asRecord(d) ?? {})
        .map((d) => ({ id: String(d.dept_id), name: String(d.name ?? ''), parentId: d.parent_id ? String(d.parent_id) : undefined }))
    },

    async listDepartmentUsers(departmentId) {
      const users: PlatformUser[] = []
      let cursor = 0
      for (;;) {
        const body = await call('/topapi/v2/user/list', { dept_id: Number(departmentId), cursor, size: 100, language: 'zh_CN' })
        const r = asRecord(body.result) ?? {}
        for (const u of Array.isArray(r.list) ? r.list : []) users.push(toUser(asRecord(u) ?? {}))
        if (!r.has_more) return users
        cursor = Number(r.next_cursor)
      }
    },

    async sendWorkNotification(req: SendRequest) {
      if (req.recipients.length === 0 || req.recipients.length > MAX_USERIDS_PER_SEND) {
        throw new GatewayError(provider, 'permanent', `asyncsend_v2 takes 1–${MAX_USERIDS_PER_SEND} userids, got ${req.recipients.length}`)
      }
      const body = await call('/topapi/message/corpconversation/asyncsend_v2', {
        agent_id: Number(settings.agentId),
        userid_list: req.recipients.join(','),
        msg: req.message,
      })
      if (body.task_id === undefined) throw new GatewayError(provider, 'retryable', `${describe(settings.oapiBase)} asyncsend_v2: no task_id in the answer`)
      return { taskId: String(body.task_id) }
    },

    async getSendResult(taskId): Promise<SendResult> {
      const body = await call('/topapi/message/corpconversation/getsendresult', { agent_id: Number(settings.agentId), task_id: Number(taskId) })
      const r = asRecord(body.send_result) ?? {}
      const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : [])
      return {
        read: list(r.read_user_id_list),
        unread: list(r.unread_user_id_list),
        invalid: list(r.invalid_user_id_list),
        failed: list(r.failed_user_id_list),
        forbidden: (Array.isArray(r.forbidden_list) ? r.forbidden_list : [])
          .map((f) => asRecord(f) ?? {})
          .map((f) => ({ externalId: String(f.userid), code: String(f.code) })),
      }
    },
  }
}
