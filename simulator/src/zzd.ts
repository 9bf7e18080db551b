import { createHash } from 'node:crypto'
import Router from '@koa/router'
import type { Context, Next } from 'koa'
import { formParams, rawBody } from './http'
import { parseWorkMessage } from './messages'
import { SEEDED_APPS, type SimDepartment, type SimUser } from './org'
import type { SimState } from './state'
import { expectedSignature, signaturesMatch } from './zzd-signature'

/**
 * 浙政钉 open platform (docs/dingtalk.md#simulator), mounted at `/zzd`. Every request is signed;
 * answers use the gateway envelope. Where no source pins a behaviour down, the choice is marked
 * OUR CHOICE (and listed in docs/dingtalk.md#open-questions as a question for a real tenant).
 */
const APP = SEEDED_APPS.zhezhengding
/** OUR CHOICE: allowed clock skew and nonce-replay window (the real values are undocumented). */
export const ZZD_SKEW_MS = 15 * 60_000
export const ZZD_NONCE_WINDOW_MS = 15 * 60_000
/** OUR CHOICE: responseCode for a bad, used or expired auth code (the real one is not public). */
export const ZZD_AUTH_CODE_INVALID = '100001'
export const ZZD_TOKEN_INVALID = '250027'
/** OUR CHOICE: responseCode for a reused bizMsgId; the message says 重复 as the docs describe. */
export const ZZD_DUPLICATE_BIZ_MSG_ID = '200102'
const MAX_RECEIVERS = 1000
const MAX_PAGE_SIZE = 100

type Params = Map<string, string[]>

function gatewayReject(ctx: Context, status: number, code: string, message: string) {
  ctx.status = status
  ctx.body = { success: false, Code: code, Message: message, _RequestId: ctx.state.requestId, HostId: 'openplatform-sim', bizErrorCode: code }
}

function ok(ctx: Context, data: unknown, paging?: { totalSize: number; currentPage: number; pageSize: number }) {
  ctx.body = {
    success: true,
    content: { success: true, responseCode: '0', responseMessage: '成功', requestId: ctx.state.requestId, bizErrorCode: '0', data, ...paging },
    bizErrorCode: '0',
  }
}

function bizFail(ctx: Context, code: string, message: string) {
  ctx.body = {
    success: true,
    content: { success: false, responseCode: code, responseMessage: message, requestId: ctx.state.requestId, bizErrorCode: code },
    bizErrorCode: code,
  }
}

const one = (p: Params, name: string) => p.get(name)?.at(-1)?.trim() ?? ''
/** list parameters arrive as repeated fields; comma-separated strings are accepted too */
const many = (p: Params, name: string) =>
  (p.get(name) ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean)

/** Checks apiKey, timestamp skew, signature and nonce replay, in that order; keeps the params for the route. */
function verifySigned(state: SimState) {
  return async (ctx: Context, next: Next) => {
    const apiKey = ctx.get('apiKey')
    const timestamp = ctx.get('X-Hmac-Auth-Timestamp')
    const nonce = ctx.get('X-Hmac-Auth-Nonce')
    const signature = ctx.get('X-Hmac-Auth-Signature')
    if (!apiKey || apiKey !== APP.appKey) return gatewayReject(ctx, 401, 'InvalidApiKey', 'apiKey 不存在或未授权')
    if (!timestamp || !nonce || !signature) return gatewayReject(ctx, 401, 'MissingSignature', '缺少签名请求头')
    const at = Date.parse(timestamp)
    if (Number.isNaN(at)) return gatewayReject(ctx, 401, 'InvalidTimestamp', '时间戳格式不正确')
    const now = state.nowMs()
    if (Math.abs(now - at) > ZZD_SKEW_MS) return gatewayReject(ctx, 401, 'InvalidTimestamp', '时间戳超出允许范围，请校准服务器时间')
    const params = ctx.method === 'GET' ? formParams(ctx.querystring) : formParams(await rawBody(ctx))
    const expected = expectedSignature({ secret: APP.appSecret, method: ctx.method, timestamp, nonce, path: ctx.path, params })
    if (!signaturesMatch(signature, expected)) return gatewayReject(ctx, 401, 'InvalidSignature', '签名不正确')
    for (const [key, seenAt] of state.nonces) if (now - seenAt > ZZD_NONCE_WINDOW_MS) state.nonces.delete(key)
    const nonceKey = `${apiKey}|${nonce}`
    if (state.nonces.has(nonceKey)) return gatewayReject(ctx, 401, 'InvalidNonce', 'nonce 已使用（疑似重放请求）')
    state.nonces.set(nonceKey, now)
    ctx.state.params = params
    await next()
  }
}

function appUser(u: SimUser, withOpenid: boolean) {
  return {
    accountId: u.zzd.accountId,
    account: u.zzd.account,
    employeeCode: u.zzd.employeeCode,
    lastName: u.name,
    nickNameCn: u.name,
    namespace: 'local',
    clientId: APP.appKey,
    realmId: APP.tenantId,
    tenantId: APP.tenantId,
    realmName: APP.tenantName,
    tenantName: APP.tenantName,
    tenantUserId: `${APP.tenantId}$${u.zzd.accountId}`,
    ...(withOpenid ? { openid: createHash('sha1').update(`openid:${APP.appKey}:${u.zzd.accountId}`).digest('hex').slice(0, 32) } : {}),
    avatar: '',
    referId: '',
  }
}

function organization(state: SimState, d: SimDepartment) {
  const parent = d.parentId ? state.org.deptById.get(d.parentId) : undefined
  const leaf = !state.org.departments.some((x) => x.parentId === d.deptId)
  return {
    organizationCode: d.orgCode,
    organizationName: d.name,
    parentCode: parent?.orgCode ?? '',
    parentName: parent?.name ?? '',
    typeCode: parent ? 'GOV_INTERNAL_INSTITUTION' : 'GOV_UNIT',
    typeName: parent ? '内设机构' : '单位',
    displayOrder: d.order,
    leaf,
    gmtCreate: '2024-01-01 00:00:00',
    status: 'A',
  }
}

function positions(state: SimState, u: SimUser) {
  const root = state.org.departments[0].orgCode
  return u.zzd.orgCodes.map((code, i) => ({
    organizationCode: code,
    empPosUnitCode: root,
    empPosInnerInstitutionCode: code,
    govEmpPosJob: u.title,
    mainJob: i === 0,
    orderInOrganization: 0,
    empPosEmployeeRoleCode: u.roles.includes('dept_lead') && i === 0 ? 'LEADER' : '',
    visibilityIndicatorCode: '',
    govEmpPosPhoneNo: '',
    status: 'A',
  }))
}

function employee(u: SimUser) {
  return {
    employeeCode: u.zzd.employeeCode,
    employeeName: u.name,
    empGender: '9',
    status: u.active ? 'A' : 'F',
    gmtCreate: '2024-01-01 00:00:00',
    govEmpAvatar: '',
    empJobLevelCode: '',
    empBudgetedPostCode: '',
    empPoliticalStatusCode: '',
    govEmpRemarks: '',
    positionExtProperties: [],
  }
}

function paging(p: Params): { pageNo: number; pageSize: number; withTotal: boolean } | { error: string } {
  const pageNo = Number(one(p, 'pageNo') || 1)
  const pageSize = Number(one(p, 'pageSize') || 20)
  if (!Number.isInteger(pageNo) || pageNo < 1) return { error: 'pageNo 不合法' }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return { error: `pageSize 必须在 1–${MAX_PAGE_SIZE} 之间` }
  return { pageNo, pageSize, withTotal: one(p, 'returnTotalSize') === 'true' }
}

export function zzdRoutes(state: SimState): Router {
  const r = new Router()
  r.use(verifySigned(state))
  const params = (ctx: Context) => ctx.state.params as Params

  /** mozi and message calls are authorised by the signed apiKey; they still name the tenant */
  const tenantOk = (ctx: Context) => {
    if (one(params(ctx), 'tenantId') === String(APP.tenantId)) return true
    bizFail(ctx, '400', '参数 tenantId 不正确')
    return false
  }
  const tokenOk = (ctx: Context) => {
    if (state.checkToken('zhezhengding', one(params(ctx), 'access_token'))) return true
    bizFail(ctx, ZZD_TOKEN_INVALID, 'accessToken not correct')
    return false
  }

  const gettoken = (ctx: Context) => {
    const p = params(ctx)
    const appkey = one(p, 'appkey')
    const appsecret = one(p, 'appsecret')
    if ((appkey && appkey !== APP.appKey) || (appsecret && appsecret !== APP.appSecret)) return bizFail(ctx, '400', 'appkey 或 appsecret 不正确')
    const { token, expiresIn } = state.issueToken('zhezhengding', APP.appKey, 'app_')
    ok(ctx, { accessToken: token, expiresIn })
  }
  r.get('/gettoken.json', gettoken)
  r.post('/gettoken.json', gettoken)

  const exchange = (withOpenid: boolean, field: string) => (ctx: Context) => {
    if (!tokenOk(ctx)) return
    const user = state.consumeAuthCode('zhezhengding', one(params(ctx), field))
    if (!user) return bizFail(ctx, ZZD_AUTH_CODE_INVALID, '临时授权码无效或已过期')
    ok(ctx, appUser(user, withOpenid))
  }
  r.post('/rpc/oauth2/dingtalk_app_user.json', exchange(true, 'auth_code'))
  r.post('/rpc/oauth2/getuserinfo_bycode.json', exchange(false, 'code'))

  r.post('/get_jsapi_token.json', (ctx) => {
    if (!tokenOk(ctx)) return
    ok(ctx, { accessToken: state.newId('jsApi_'), expiresIn: 7200 })
  })

  r.post('/mozi/employee/getEmployeeByCode', (ctx) => {
    if (!tenantOk(ctx)) return
    const u = state.org.userByEmployeeCode.get(one(params(ctx), 'employeeCode'))
    if (!u) return bizFail(ctx, '400', '人员不存在')
    ok(ctx, employee(u))
  })

  r.post('/mozi/employee/listEmployeesByCodes', (ctx) => {
    if (!tenantOk(ctx)) return
    const codes = many(params(ctx), 'employeeCodes')
    if (codes.length > MAX_PAGE_SIZE) return bizFail(ctx, '400', `employeeCodes 最多 ${MAX_PAGE_SIZE} 个`)
    ok(ctx, codes.flatMap((c) => state.org.userByEmployeeCode.get(c) ?? []).map(employee))
  })

  r.post('/mozi/employee/listEmployeeAccountIds', (ctx) => {
    if (!tenantOk(ctx)) return
    const codes = many(params(ctx), 'employeeCodes')
    if (codes.length > MAX_PAGE_SIZE) return bizFail(ctx, '400', `employeeCodes 最多 ${MAX_PAGE_SIZE} 个`)
    const found = codes.flatMap((c) => state.org.userByEmployeeCode.get(c) ?? [])
    ok(
      ctx,
      found.map((u) => ({ accountId: u.zzd.accountId, accountCode: u.zzd.account, accountNamespace: 'local', employeeCode: u.zzd.employeeCode })),
    )
  })

  r.post('/mozi/employee/listGovEmployeeCodesByAccountIds', (ctx) => {
    if (!tenantOk(ctx)) return
    const ids = many(params(ctx), 'accountIds')
    const found = ids.flatMap((id) => state.org.userByAccountId.get(Number(id)) ?? [])
    ok(
      ctx,
      found.map((u) => ({ accountId: u.zzd.accountId, employeeCode: u.zzd.employeeCode })),
    )
  })

  r.post('/mozi/employee/listEmployeePositionsByEmployeeCode', (ctx) => {
    if (!tenantOk(ctx)) return
    const u = state.org.userByEmployeeCode.get(one(params(ctx), 'employeeCode'))
    if (!u) return bizFail(ctx, '400', '人员不存在')
    const mainOnly = one(params(ctx), 'employeePositionType') === 'EMPLOYEE_POSITION_MAIN'
    ok(
      ctx,
      positions(state, u).filter((pos) => !mainOnly || pos.mainJob),
    )
  })

  const byMobiles = (mobiles: string[]) =>
    mobiles
      .flatMap((m) => state.org.users.filter((u) => u.mobile === m))
      .map((u) => ({ accountId: u.zzd.accountId, mobile: u.mobile, employeeCode: u.zzd.employeeCode, status: u.active ? 'A' : 'F' }))
  r.post('/mozi/employee/get_by_mobiles', (ctx) => {
    if (!tenantOk(ctx)) return
    const mobiles = many(params(ctx), 'mobiles')
    if (mobiles.length > 50) return bizFail(ctx, '400', 'mobiles 最多 50 个')
    ok(ctx, byMobiles(mobiles))
  })
  r.post('/mozi/employee/get_by_mobile', (ctx) => {
    if (!tenantOk(ctx)) return
    const found = byMobiles([one(params(ctx), 'mobile')])
    if (found.length === 0) return bizFail(ctx, '400', '人员不存在')
    ok(ctx, found[0])
  })

  r.post('/mozi/organization/getOrganizationByCode', (ctx) => {
    if (!tenantOk(ctx)) return
    const d = state.org.deptByOrgCode.get(one(params(ctx), 'organizationCode'))
    if (!d) return bizFail(ctx, '400', '组织不存在')
    ok(ctx, organization(state, d))
  })

  r.post('/mozi/organization/listOrganizationsByCodes', (ctx) => {
    if (!tenantOk(ctx)) return
    const codes = many(params(ctx), 'organizationCodes')
    ok(
      ctx,
      codes.flatMap((c) => state.org.deptByOrgCode.get(c) ?? []).map((d) => organization(state, d)),
    )
  })

  r.post('/mozi/organization/pageSubOrganizationCodes', (ctx) => {
    if (!tenantOk(ctx)) return
    const p = params(ctx)
    const d = state.org.deptByOrgCode.get(one(p, 'organizationCode'))
    if (!d) return bizFail(ctx, '400', '组织不存在')
    const page = paging(p)
    if ('error' in page) return bizFail(ctx, '400', page.error)
    const codes = state.org.departments.filter((x) => x.parentId === d.deptId).map((x) => x.orgCode)
    const slice = codes.slice((page.pageNo - 1) * page.pageSize, page.pageNo * page.pageSize)
    ok(ctx, slice, { totalSize: page.withTotal ? codes.length : 0, currentPage: page.pageNo, pageSize: page.pageSize })
  })

  r.post('/mozi/organization/pageOrganizationEmployeePositions', (ctx) => {
    if (!tenantOk(ctx)) return
    const p = params(ctx)
    const d = state.org.deptByOrgCode.get(one(p, 'organizationCode'))
    if (!d) return bizFail(ctx, '400', '组织不存在')
    const page = paging(p)
    if ('error' in page) return bizFail(ctx, '400', page.error)
    const status = one(p, 'employeeStatus')
    const members = state.org.users.filter((u) => u.zzd.orgCodes.includes(d.orgCode) && (!status || status === (u.active ? 'A' : 'F')))
    const slice = members.slice((page.pageNo - 1) * page.pageSize, page.pageNo * page.pageSize)
    ok(
      ctx,
      slice.map((u) => ({ ...employee(u), govEmployeePositions: positions(state, u).filter((pos) => pos.organizationCode === d.orgCode) })),
      { totalSize: page.withTotal ? members.length : 0, currentPage: page.pageNo, pageSize: page.pageSize },
    )
  })

  r.post('/auth/scopesV2', (ctx) => {
    if (!tenantOk(ctx)) return
    ok(ctx, { deptVisibleScopes: [state.org.departments[0].orgCode], employeeVisibleScopes: [] })
  })

  r.post('/message/workNotification', (ctx) => {
    if (!tenantOk(ctx)) return
    const p = params(ctx)
    const receiverIds = many(p, 'receiverIds')
    const orgCodes = many(p, 'organizationCodes')
    const bizMsgId = one(p, 'bizMsgId')
    if (receiverIds.length + orgCodes.length === 0) return bizFail(ctx, '400', 'receiverIds 和 organizationCodes 不能同时为空')
    if (receiverIds.length + orgCodes.length > MAX_RECEIVERS) return bizFail(ctx, '400', `接收人和组织合计最多 ${MAX_RECEIVERS} 个`)
    if (!bizMsgId) return bizFail(ctx, '400', '缺少参数 bizMsgId')
    const parsed = parseWorkMessage(one(p, 'msg'))
    if ('error' in parsed) return bizFail(ctx, '400', parsed.error)
    const dedupKey = `${APP.appKey}|${bizMsgId}`
    if (state.bizMsgIds.has(dedupKey)) return bizFail(ctx, ZZD_DUPLICATE_BIZ_MSG_ID, 'bizMsgId重复，消息已发送')
    const recipients: SimUser[] = []
    const invalid: string[] = []
    for (const id of receiverIds) {
      const u = state.org.userByAccountId.get(Number(id))
      if (u?.active) recipients.push(u)
      else invalid.push(id)
    }
    const inOrgs = new Set(orgCodes)
    for (const u of state.org.users) if (u.active && u.zzd.orgCodes.some((c) => inOrgs.has(c))) recipients.push(u)
    const task = state.deliver({ platform: 'zhezhengding', appKey: APP.appKey, bizMsgId, msg: parsed.msg, recipients, invalid })
    state.bizMsgIds.set(dedupKey, task.taskId)
    // the one flat answer of this gateway (docs/dingtalk.md#zzd-envelope)
    ctx.body = { success: true, content: { msgId: task.taskId } }
  })

  r.post('/message/revoke', (ctx) => {
    if (!tenantOk(ctx)) return
    const taskId = state.bizMsgIds.get(`${APP.appKey}|${one(params(ctx), 'bizMsgId')}`)
    if (!taskId) return bizFail(ctx, '400', '消息不存在')
    state.recall('zhezhengding', taskId)
    ok(ctx, true)
  })

  return r
}
