import { randomBytes } from 'node:crypto'
import type { AppDeps } from '../deps'
import type { PlatformUser, ProviderName } from '../dingtalk/gateway'
import { AppError } from '../infra/errors'
import { deactivatePerson } from '../users/departures'
import type { Actor, UserDoc } from '../users/model'
import { changePerson, diff, ORG_SYNC, signInState } from '../users/store'

/** Platform ids are stored as `<prefix><id>` in user_identities (users/model.ts `identityKey`). */
export const identityPrefix = (provider: ProviderName) => (provider === 'dingtalk' ? 'dingtalk:' : 'zzd:')

export interface Newcomer {
  externalId: string
  name: string
  title: string
  departments: string[]
}

export interface OrgSyncReport {
  provider: ProviderName
  departments: number
  members: number
  /** our users whose name, title or mobile changed to the platform's */
  updated: string[]
  /** our users who are no longer in the platform's address book (or marked as left): deactivated */
  deactivated: string[]
  /** people who left but were not deactivated, and why (the last admin) */
  kept: Array<{ userId: string; name: string; reason: string }>
  /** people in the platform's address book who are not in our organisation: an admin adds them (users/commands.ts addPerson) */
  newcomers: Newcomer[]
}

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

export interface NewcomerView extends Newcomer {
  provider: ProviderName
}

/** The newcomers of the latest sync that nobody has added since (the 「通讯录新成员」 page). */
export async function pendingNewcomers(deps: AppDeps): Promise<{ run: { at: string; provider: ProviderName; by: string } | null; items: NewcomerView[] }> {
  const { OrgSyncRun, UserIdentity } = deps.db.models
  const run = await OrgSyncRun.findOne({}).sort({ at: -1, _id: -1 }).lean()
  if (!run) return { run: null, items: [] }
  const report = run.report as unknown as OrgSyncReport
  const prefix = identityPrefix(report.provider)
  const keys = (report.newcomers ?? []).map((n) => `${prefix}${n.externalId}`)
  const added = new Set((await UserIdentity.find({ _id: { $in: keys } }, { _id: 1 }).lean()).map((l) => l._id))
  return {
    run: { at: new Date(run.at).toISOString(), provider: report.provider, by: run.by.name },
    items: (report.newcomers ?? []).filter((n) => !added.has(`${prefix}${n.externalId}`)).map((n) => ({ ...n, provider: report.provider })),
  }
}
