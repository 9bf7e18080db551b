import type { Clock } from '../infra/clock'
import { type DingTalkGateway, GatewayError, type PlatformDepartment, type PlatformIdentity, type PlatformUser, type SendRequest } from './gateway'
import { asRecord, platformFetch } from './http'
import { TokenCache } from './token-cache'
import { type SignedParams, zzdNonce, zzdSign, zzdStringToSign, zzdTimestamp } from './zzd-signature'

export interface ZzdSettings {
  base: string
  appKey: string
  appSecret: string
  tenantId: string
  timeoutMs: number
}

/** `responseCode` for a stale access token (docs/dingtalk.md#access-tokens) */
const TOKEN_INVALID = '250027'
/** workNotification: receivers + organisations ≤ 1000 per call (docs/dingtalk.md#work-notifications) */
const MAX_RECEIVERS_PER_SEND = 1000
const PAGE_SIZE = 100

type Content = Record<string, unknown>

/**
 * 浙政钉 over its open-platform gateway: every request HMAC-signed with the app secret, form bodies,
 * answers in the `{success, content:{success, responseCode, data}}` envelope. Users are identified by
 * accountId (login, notifications) and employeeCode (address book).
 */
export function createZzdProvider(settings: ZzdSettings, clock: Clock): DingTalkGateway {
  const provider = 'zhezhengding' as const

  /** A signed request. Returns the outer answer; gateway-level rejections become errors. */
  async function signed(method: 'GET' | 'POST', path: string, params: SignedParams): Promise<Record<string, unknown>> {
    const url = new URL(settings.base + path)
    // the SDK drops blank values from both the request and the signature
    const sent = params.filter(([, v]) => v.trim() !== '')
    const now = clock.now()
    const timestamp = zzdTimestamp(now)
    const nonce = zzdNonce(now)
    const signature = zzdSign(settings.appSecret, zzdStringToSign(method, timestamp, nonce, url.pathname, sent))
    const form = new URLSearchParams(sent).toString()
    const headers: Record<string, string> = {
      apiKey: settings.appKey,
      'X-Hmac-Auth-Timestamp': timestamp,
      'X-Hmac-Auth-Nonce': nonce,
      'X-Hmac-Auth-Version': '1.0',
      'X-Hmac-Auth-Signature': signature,
      'X-Hmac-Auth-IP': '127.0.0.1',
      'X-Hmac-Auth-MAC': '',
    }
    if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8'
    const res = await platformFetch(provider, method === 'GET' && form ? `${url}?${form}` : String(url), {
      method,
      headers,
      body: method === 'POST' ? form : undefined,
      timeoutMs: settings.timeoutMs,
    })
    const body = asRecord(res.json)
    // the SDK treats HTTP ≥ 300 and 203 as failures; the gateway's own rejections (signature, skew,
    // replay, unknown apiKey) arrive that way with outer success:false
    if (res.status >= 300 || res.status === 203 || !body || body.success === false) {
      const code = String(body?.Code ?? body?.bizErrorCode ?? res.status)
      throw new GatewayError(provider, 'retryable', `${path}: gateway answered HTTP ${res.status} ${code} ${String(body?.Message ?? '')}`.trim(), code)
    }
    return body
  }

  /** Business result: `content.data`, or the error its responseCode stands for. */
  function content(path: string, body: Record<string, unknown>): Content {
    const c = asRecord(body.content)
    if (!c) throw new GatewayError(provider, 'retryable', `${path}: answer has no content`)
    if (c.success === false) {
      const code = String(c.responseCode ?? c.bizErrorCode ?? '')
      const message = `${path}: ${String(c.responseMessage ?? '')} (responseCode ${code})`
      if (code === TOKEN_INVALID) throw new GatewayError(provider, 'retryable', message, `token:${code}`)
      // OUR CHOICE: -1 and the 900xx family mean "busy / too many calls", as on DingTalk
      if (code === '-1' || /^900\d\d$/.test(code)) throw new GatewayError(provider, 'retryable', message, code)
      if (/重复/.test(String(c.responseMessage ?? ''))) throw new GatewayError(provider, 'duplicate', message, code)
      throw new GatewayError(provider, 'permanent', message, code)
    }
    return c
  }

  const tokens = new TokenCache(clock, async () => {
    const c = content(
      '/gettoken.json',
      await signed('GET', '/gettoken.json', [
        ['appkey', settings.appKey],
        ['appsecret', settings.appSecret],
      ]),
    )
    const data = asRecord(c.data)
    if (typeof data?.accessToken !== 'string') throw new GatewayError(provider, 'retryable', '/gettoken.json: no accessToken in the answer')
    return { token: data.accessToken, expiresInSec: Number(data.expiresIn) || 7200 }
  })

  /** Calls that take `access_token` (rpc/oauth2/*): on 250027 refresh once and retry once. */
  async function withToken(path: string, params: SignedParams): Promise<Content> {
    const attempt = async (token: string) => content(path, await signed('POST', path, [['access_token', token], ...params]))
    const token = await tokens.get()
    try {
      return await attempt(token)
    } catch (err) {
      if (!(err instanceof GatewayError && err.platformCode === `token:${TOKEN_INVALID}`)) throw err
      tokens.invalidate(token)
      return attempt(await tokens.get())
    }
  }

  /** mozi/* and message/* are authorised by the signed apiKey alone, scoped by tenant. */
  const tenantCall = async (path: string, params: SignedParams) => content(path, await signed('POST', path, [['tenantId', settings.tenantId], ...params]))

  /** the organisations the app may see in the address book (its 通讯录 scope) */
  async function rootDepartmentIds(): Promise<string[]> {
    const scopes = asRecord((await tenantCall('/auth/scopesV2', [])).data)
    return (Array.isArray(scopes?.deptVisibleScopes) ? scopes.deptVisibleScopes : []).map(String)
  }

  async function employeeToUser(employeeCode: string, accountId?: string): Promise<PlatformUser> {
    const emp = asRecord((await tenantCall('/mozi/employee/getEmployeeByCode', [['employeeCode', employeeCode]])).data)
    if (!emp) throw new GatewayError(provider, 'not_found', `employee ${employeeCode} not found`)
    const positions = (
      await tenantCall('/mozi/employee/listEmployeePositionsByEmployeeCode', [
        ['employeeCode', employeeCode],
        ['employeePositionStatus', 'A'],
      ])
    ).data
    const list = (Array.isArray(positions) ? positions : []).map((p) => asRecord(p) ?? {})
    const main = list.find((p) => p.mainJob) ?? list[0]
    let account = accountId
    if (!account) {
      const ids = (await tenantCall('/mozi/employee/listEmployeeAccountIds', [['employeeCodes', employeeCode]])).data
      account = String(asRecord(Array.isArray(ids) ? ids[0] : undefined)?.accountId ?? '')
    }
    return {
      externalId: account,
      name: String(emp.employeeName ?? ''),
      title: String(main?.govEmpPosJob ?? ''),
      active: emp.status !== 'F',
      departmentIds: list.map((p) => String(p.organizationCode)),
      employeeCode,
    }
  }

  return {
    provider,
    maxRecipientsPerCall: MAX_RECEIVERS_PER_SEND,

    async userByAuthCode(authCode): Promise<PlatformIdentity> {
      let c: Content
      try {
        c = await withToken('/rpc/oauth2/dingtalk_app_user.json', [['auth_code', authCode]])
      } catch (err) {
        // the real responseCode for a bad code is not public: any refusal that is not "busy" or
        // "bad token" is taken to mean the code is unusable (README, real-device questions)
        if (err instanceof GatewayError && err.kind === 'permanent') throw new GatewayError(provider, 'auth_code_invalid', err.message, err.platformCode)
        throw err
      }
      const d = asRecord(c.data)
      if (!d || d.accountId === undefined) throw new GatewayError(provider, 'retryable', 'dingtalk_app_user: no accountId in the answer')
      return {
        provider,
        externalId: String(d.accountId),
        name: String(d.lastName ?? d.nickNameCn ?? ''),
        employeeCode: typeof d.employeeCode === 'string' ? d.employeeCode : undefined,
      }
    },

    async getUser(externalId) {
      const codes = (await tenantCall('/mozi/employee/listGovEmployeeCodesByAccountIds', [['accountIds', externalId]])).data
      const first = asRecord(Array.isArray(codes) ? codes[0] : undefined)
      if (!first?.employeeCode) throw new GatewayError(provider, 'not_found', `accountId ${externalId} not found`)
      return employeeToUser(String(first.employeeCode), externalId)
    },

    rootDepartmentIds,

    async listSubDepartments(parentId): Promise<PlatformDepartment[]> {
      const parent = parentId ?? (await rootDepartmentIds())[0] ?? ''
      const codes: string[] = []
      for (let pageNo = 1; ; pageNo++) {
        const c = await tenantCall('/mozi/organization/pageSubOrganizationCodes', [
          ['organizationCode', parent],
          ['status', 'A'],
          ['pageNo', String(pageNo)],
          ['pageSize', String(PAGE_SIZE)],
          ['returnTotalSize', 'true'],
        ])
        const page = Array.isArray(c.data) ? c.data.map(String) : []
        codes.push(...page)
        if (page.length < PAGE_SIZE || codes.length >= Number(c.totalSize ?? 0)) break
      }
      const out: PlatformDepartment[] = []
      for (let i = 0; i < codes.length; i += PAGE_SIZE) {
        const orgs = (
          await tenantCall(
            '/mozi/organization/listOrganizationsByCodes',
            codes.slice(i, i + PAGE_SIZE).map((c) => ['organizationCodes', c]),
          )
        ).data
        for (const o of Array.isArray(orgs) ? orgs : []) {
          const org = asRecord(o) ?? {}
          out.push({
            id: String(org.organizationCode),
            name: String(org.organizationName ?? ''),
            parentId: org.parentCode ? String(org.parentCode) : undefined,
          })
        }
      }
      return out
    },

    async listDepartmentUsers(departmentId) {
      const employees: Record<string, unknown>[] = []
      for (let pageNo = 1; ; pageNo++) {
        const c = await tenantCall('/mozi/organization/pageOrganizationEmployeePositions', [
          ['organizationCode', departmentId],
          ['pageNo', String(pageNo)],
          ['pageSize', String(PAGE_SIZE)],
          ['returnTotalSize', 'true'],
        ])
        const page = (Array.isArray(c.data) ? c.data : []).map((e) => asRecord(e) ?? {})
        employees.push(...page)
        if (page.length < PAGE_SIZE || employees.length >= Number(c.totalSize ?? 0)) break
      }
      const accounts = new Map<string, string>()
      for (let i = 0; i < employees.length; i += PAGE_SIZE) {
        const ids = (
          await tenantCall(
            '/mozi/employee/listEmployeeAccountIds',
            employees.slice(i, i + PAGE_SIZE).map((e) => ['employeeCodes', String(e.employeeCode)]),
          )
        ).data
        for (const a of Array.isArray(ids) ? ids : []) {
          const rec = asRecord(a) ?? {}
          accounts.set(String(rec.employeeCode), String(rec.accountId))
        }
      }
      return employees.map((e) => {
        const positions = (Array.isArray(e.govEmployeePositions) ? e.govEmployeePositions : []).map((p) => asRecord(p) ?? {})
        return {
          externalId: accounts.get(String(e.employeeCode)) ?? '',
          name: String(e.employeeName ?? ''),
          title: String(positions[0]?.govEmpPosJob ?? ''),
          active: e.status !== 'F',
          departmentIds: [departmentId],
          employeeCode: String(e.employeeCode),
        }
      })
    },

    async sendWorkNotification(req: SendRequest) {
      if (req.recipients.length === 0 || req.recipients.length > MAX_RECEIVERS_PER_SEND) {
        throw new GatewayError(provider, 'permanent', `workNotification takes 1–${MAX_RECEIVERS_PER_SEND} receivers, got ${req.recipients.length}`)
      }
      const path = '/message/workNotification'
      const body = await signed('POST', path, [
        ['tenantId', settings.tenantId],
        ['receiverIds', req.recipients.join(',')],
        ['bizMsgId', req.bizMsgId],
        ['msg', JSON.stringify(req.message)],
      ])
      const c = asRecord(body.content)
      // success is the flat {"success":true,"content":{"msgId":…}}; a refusal uses the usual envelope
      if (c && typeof c.msgId === 'string') return { taskId: c.msgId }
      content(path, body)
      throw new GatewayError(provider, 'retryable', `${path}: no msgId in the answer`)
    },

    async getSendResult() {
      return null
    },
  }
}
