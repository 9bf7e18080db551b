import type { AppDeps } from '../deps'
import type { PlatformUser, ProviderName } from '../dingtalk/gateway'
import type { UserDoc } from '../users/model'

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
  /** people in the platform's address book who are not in our organisation: an admin decides (role, territory) */
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
 * our users in line: profile fields updated, people who left deactivated. Nobody is created or
 * reactivated here — which role and territory a newcomer gets is a person's decision. If any platform
 * call fails the sync stops before changing anything, so a partial read can never deactivate anyone.
 */
export async function syncOrg(deps: AppDeps, provider?: ProviderName): Promise<OrgSyncReport> {
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
  const users = new Map((await User.find({ _id: { $in: links.map((l) => l.userId) } }).lean()).map((u) => [u._id, u]))
  const report: OrgSyncReport = { provider: gateway.provider, departments: visited.size, members: members.size, updated: [], deactivated: [], newcomers: [] }
  const now = deps.clock.now()
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
      if (user.active) {
        await User.updateOne({ _id: user._id }, { $set: { active: false, updatedAt: now } })
        report.deactivated.push(user._id)
      }
      continue
    }
    const changes = profileChanges(user, member)
    if (Object.keys(changes).length > 0) {
      await User.updateOne({ _id: user._id }, { $set: { ...changes, updatedAt: now } })
      report.updated.push(user._id)
    }
  }
  for (const [externalId, m] of members) {
    if (linked.has(externalId) || (gateway.provider === 'zhezhengding' && !m.active)) continue
    report.newcomers.push({ externalId, name: m.name, title: m.title, departments: m.departmentIds.map((d) => deptNames.get(d) ?? d) })
  }
  deps.logger.info(
    {
      provider: report.provider,
      departments: report.departments,
      members: report.members,
      updated: report.updated.length,
      deactivated: report.deactivated,
      newcomers: report.newcomers.length,
    },
    'org sync finished',
  )
  return report
}
