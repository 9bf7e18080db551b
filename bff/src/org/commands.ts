/**
 * Bringing our people in line with the platform's address book: the sync an admin runs (通讯录同步), and
 * the DingTalk event push between syncs (事件订阅). Both go through the admins' own commands
 * (users/commands.ts), so every change is in the person's history; nobody is created or reactivated here.
 */
import { randomBytes } from 'node:crypto'
import type { OrgSyncReport } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { DingTalkCallbackCrypto } from '../dingtalk/callback-crypto'
import { GatewayError, type PlatformUser, type ProviderName } from '../dingtalk/gateway'
import { AppError, forbidden, isDuplicateKey } from '../infra/errors'
import { deactivatePerson } from '../users/commands'
import { type Actor, identityKey, type UserDoc } from '../users/model'
import { changePerson, DINGTALK_EVENTS, diff, ORG_SYNC, readPerson, signInState } from '../users/store'

/** Platform ids are stored as `<prefix><id>` in user_identities (users/model.ts `identityKey`). */
export const identityPrefix = (provider: ProviderName) => (provider === 'dingtalk' ? 'dingtalk:' : 'zzd:')

/** The profile fields the platform is the authority for; roles and territory stay ours. */
export function profileChanges(user: Pick<UserDoc, 'name' | 'title' | 'mobile'>, member: Pick<PlatformUser, 'name' | 'title' | 'mobile'>): Partial<UserDoc> {
  const changes: Partial<UserDoc> = {}
  if (member.name && member.name !== user.name) changes.name = member.name
  if (member.title && member.title !== user.title) changes.title = member.title
  if (member.mobile && member.mobile !== user.mobile) changes.mobile = member.mobile
  return changes
}

/**
 * Reads the whole address book the app can see (departments breadth-first, members of each) and brings
 * our users in line through the same commands an admin uses: profile fields updated, people who left
 * deactivated. Nobody is created or reactivated here — which role and territory a newcomer gets is a
 * person's decision (the run is kept for the 「通讯录新成员」 page). If any platform call fails the sync
 * stops before changing anything, so a partial read can never deactivate anyone; nor can a read that
 * succeeds with nobody in it.
 */
export async function syncOrg(deps: AppDeps, provider?: ProviderName, by?: Actor): Promise<OrgSyncReport> {
  try {
    return await bringInLine(deps, provider, by)
  } catch (err) {
    if (err instanceof GatewayError) throw new AppError('UPSTREAM_FAILED', `通讯录同步失败，未做任何更改：${err.message}`)
    throw err
  }
}

async function bringInLine(deps: AppDeps, provider?: ProviderName, by?: Actor): Promise<OrgSyncReport> {
  const gateway = deps.gateway.get(provider)
  const { User, UserIdentity } = deps.db.models
  const members = new Map<string, PlatformUser>()
  const deptNames = new Map<string, string>()
  const queue = await gateway.rootDepartmentIds()
  const visited = new Set<string>()
  while (queue.length > 0) {
    const id = queue.shift()!
    if (visited.has(id)) continue
    visited.add(id)
    for (const m of await gateway.listDepartmentUsers(id)) {
      if (!m.externalId) continue
      const known = members.get(m.externalId)
      members.set(m.externalId, known ? { ...known, departmentIds: [...new Set([...known.departmentIds, ...m.departmentIds])] } : m)
    }
    for (const child of await gateway.listSubDepartments(id)) {
      deptNames.set(child.id, child.name)
      queue.push(child.id)
    }
  }

  const prefix = identityPrefix(gateway.provider)
  const links = await UserIdentity.find({ _id: { $regex: `^${prefix}` } }).lean()
  if (members.size === 0 && links.length > 0) {
    // an answer with nobody in it is a narrowed contact scope or a platform fault, not everyone leaving at once
    throw new AppError(
      'UPSTREAM_FAILED',
      `${gateway.provider === 'dingtalk' ? '钉钉' : '浙政钉'}通讯录读到 0 人，同步未做任何更改。请检查应用的通讯录权限范围后再试。`,
    )
  }
  const users = new Map((await User.find({ _id: { $in: links.map((l) => l.userId) } }).lean()).map((u) => [u._id, u]))
  const report: OrgSyncReport = {
    provider: gateway.provider,
    departments: visited.size,
    members: members.size,
    updated: [],
    deactivated: [],
    kept: [],
    newcomers: [],
  }
  const actor = by ? { ...ORG_SYNC, name: `${ORG_SYNC.name}（${by.name}）` } : ORG_SYNC
  const linked = new Set<string>()
  for (const link of links) {
    const externalId = link._id.slice(prefix.length)
    linked.add(externalId)
    const user = users.get(link.userId)
    if (!user) continue
    const member = members.get(externalId)
    // DingTalk's `active` only says whether the person activated the app; 浙政钉 status F means they left
    const left = !member || (gateway.provider === 'zhezhengding' && !member.active)
    if (left) {
      if (!(await signInState(deps.db, user._id)).allowed) continue
      try {
        await deactivatePerson(deps, actor, user._id, { reason: `已不在${gateway.provider === 'dingtalk' ? '钉钉' : '浙政钉'}通讯录中` })
        report.deactivated.push(user._id)
      } catch (err) {
        if (!(err instanceof AppError)) throw err
        // the last admin stays (the report says why); one deactivated meanwhile by someone else is done
        if (err.code !== 'CONFLICT') report.kept.push({ userId: user._id, name: user.name, reason: err.message })
      }
      continue
    }
    const { changed } = await changePerson(deps, user._id, actor, (u) => ({ kind: 'synced', changes: diff(u, profileChanges(u, member)) }))
    if (changed) report.updated.push(user._id)
  }
  for (const [externalId, m] of members) {
    if (linked.has(externalId) || (gateway.provider === 'zhezhengding' && !m.active)) continue
    report.newcomers.push({ externalId, name: m.name, title: m.title, departments: m.departmentIds.map((d) => deptNames.get(d) ?? d) })
  }
  await recordRun(deps, report, by)
  deps.logger.info(
    {
      provider: report.provider,
      departments: report.departments,
      members: report.members,
      updated: report.updated.length,
      deactivated: report.deactivated,
      kept: report.kept.map((k) => k.userId),
      newcomers: report.newcomers.length,
    },
    'org sync finished',
  )
  return report
}

const RUN_KEEP_MS = 90 * 24 * 3_600_000

async function recordRun(deps: AppDeps, report: OrgSyncReport, by?: Actor): Promise<void> {
  const { OrgSyncRun } = deps.db.models
  const at = deps.clock.now()
  await OrgSyncRun.create({
    _id: `${at.toISOString()}-${randomBytes(4).toString('hex')}`,
    provider: report.provider,
    at,
    by: by ?? ORG_SYNC,
    report: report as unknown as Record<string, unknown>,
  })
  await OrgSyncRun.deleteMany({ at: { $lt: new Date(at.getTime() - RUN_KEEP_MS) } })
}

// ---------------------------------------------------------------------------------------------
// The DingTalk event push (docs/dingtalk.md#event-push)

/** A push whose signed timestamp is further than this from our clock is refused (a replay, or a broken clock). */
const CALLBACK_SKEW_MS = 10 * 60_000
const RECEIPT_KEEP_MS = 24 * 3_600_000

/** One signed, encrypted push as DingTalk sends it (the query and body of `POST /api/dingtalk/events`). */
export interface SignedPush {
  signature: string
  timestamp: string
  nonce: string
  encrypt: string
}

/**
 * Receives one push: checks its signature and age, applies it once, and answers the encrypted "success"
 * DingTalk waits for. A replay or the platform's retry of a push already applied is acknowledged and not
 * applied again; a push that fails is not acknowledged, so DingTalk sends it again later.
 */
export async function receiveDingTalkPush(
  deps: AppDeps,
  crypto: DingTalkCallbackCrypto,
  push: SignedPush,
): Promise<ReturnType<DingTalkCallbackCrypto['successReply']>> {
  const { CallbackReceipt } = deps.db.models
  const { signature, timestamp, nonce, encrypt } = push
  if (!crypto.verify(signature, timestamp, nonce, encrypt)) throw forbidden('回调签名不正确')
  const now = deps.clock.now()
  if (!(Math.abs(now.getTime() - Number(timestamp)) <= CALLBACK_SKEW_MS)) throw forbidden('回调时间戳超出允许范围（重放或服务器时钟不准）')
  const receiptId = `${nonce}:${signature}`
  const reply = () => crypto.successReply(String(now.getTime()), randomBytes(6).toString('hex'))
  if (await CallbackReceipt.exists({ _id: receiptId })) return reply() // already applied: a replay or the platform's retry
  let event: DingTalkEvent
  try {
    event = JSON.parse(crypto.decrypt(encrypt))
  } catch {
    throw new AppError('VALIDATION_FAILED', '回调内容无法解密')
  }
  if (typeof event?.EventType !== 'string') throw new AppError('VALIDATION_FAILED', '回调内容缺少 EventType')
  try {
    await handleDingTalkEvent(deps, event)
  } catch (err) {
    // not "success": DingTalk pushes the event again later
    if (err instanceof GatewayError) throw new AppError('UPSTREAM_FAILED', `处理钉钉事件时无法连接钉钉：${err.message}`)
    throw err
  }
  // recorded after the change is applied, so a push that failed half-way is applied again on retry
  await CallbackReceipt.create({ _id: receiptId, eventType: event.EventType, at: now }).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
  await CallbackReceipt.deleteMany({ at: { $lt: new Date(now.getTime() - RECEIPT_KEEP_MS) } })
  return reply()
}

/** A decrypted DingTalk address-book event (docs/dingtalk.md#event-push). */
export interface DingTalkEvent {
  EventType: string
  CorpId?: string
  UserId?: string[]
  DeptId?: number[]
  TimeStamp?: string
}

export interface EventOutcome {
  type: string
  /** our user ids changed by the event */
  changed: string[]
  /** DingTalk userids the event named that our organisation does not know */
  unknown: string[]
}

/**
 * Keeps our users in step with DingTalk between syncs, through the admins' own commands. A person who
 * leaves is deactivated at once (their token stops working on the next request); a person who joins or
 * changes gets their profile refreshed if we know them, and is logged for an admin if we do not (the
 * next sync lists them as a newcomer). Nobody is reactivated here. Handling is idempotent, because
 * DingTalk resends an event until it gets "success".
 */
export async function handleDingTalkEvent(deps: AppDeps, event: DingTalkEvent): Promise<EventOutcome> {
  const { UserIdentity } = deps.db.models
  const outcome: EventOutcome = { type: event.EventType, changed: [], unknown: [] }
  const userIds = Array.isArray(event.UserId) ? event.UserId.map(String) : []
  const ourUser = async (userid: string) => {
    const link = await UserIdentity.findById(identityKey('dingtalk', userid)).lean()
    return link ? ((await readPerson(deps.db, link.userId))?.user ?? null) : null
  }

  switch (event.EventType) {
    case 'check_url':
      break
    case 'user_leave_org':
      for (const userid of userIds) {
        const user = await ourUser(userid)
        if (!user) outcome.unknown.push(userid)
        else if ((await signInState(deps.db, user._id)).allowed) {
          try {
            await deactivatePerson(deps, DINGTALK_EVENTS, user._id, { reason: '钉钉通知：已离开组织' })
            outcome.changed.push(user._id)
          } catch (err) {
            if (!(err instanceof AppError)) throw err
            // the last admin stays; someone deactivated meanwhile is done. Either way DingTalk needs no resend
            deps.logger.warn({ userId: user._id, code: err.code, msg: err.message }, 'DingTalk leave event not applied')
          }
        }
      }
      break
    case 'user_add_org':
    case 'user_modify_org':
    case 'user_active_org':
      for (const userid of userIds) {
        const user = await ourUser(userid)
        if (!user) {
          outcome.unknown.push(userid)
          continue
        }
        let member: Awaited<ReturnType<AppDeps['gateway']['primary']['getUser']>>
        try {
          member = await deps.gateway.get('dingtalk').getUser(userid)
        } catch (err) {
          if (err instanceof GatewayError && err.kind === 'not_found') continue // gone again since
          throw err // DingTalk will resend the event
        }
        const { changed } = await changePerson(deps, user._id, DINGTALK_EVENTS, (u) => ({ kind: 'synced', changes: diff(u, profileChanges(u, member)) }))
        if (changed) outcome.changed.push(user._id)
      }
      break
    default:
      break // department events: the next sync picks them up
  }
  if (outcome.unknown.length > 0 && event.EventType !== 'user_leave_org') {
    deps.logger.warn({ event: event.EventType, userids: outcome.unknown }, 'DingTalk member not in our organisation: an admin must add them')
  }
  deps.logger.info({ event: event.EventType, changed: outcome.changed }, 'DingTalk event handled')
  return outcome
}
