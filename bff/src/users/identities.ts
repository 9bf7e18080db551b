/**
 * A person's DingTalk / 浙政钉 accounts. The link `user_identities` `<provider>:<id>` is what login
 * follows; its unique `_id` is inserted before anything else, so one account can belong to one person
 * only, even when two admins add the same person at the same moment. The copy on the user document
 * (`dingtalk.userid`, `zzd.accountId`) is what notifications address.
 */
import type { ProviderName } from '../dingtalk/gateway'
import { AppError, isDuplicateKey } from '../infra/errors'
import { identityKey, type UserDoc } from './model'
import { type PersonDeps, readPerson } from './store'

export interface Identity {
  provider: ProviderName
  key: string
  /** the field of the user document that carries it */
  field: 'dingtalk' | 'zzd'
  value: UserDoc['dingtalk'] | UserDoc['zzd']
  externalId: string
  /** 钉钉账号 dt_wangli */
  label: string
}

export function identityOf(provider: ProviderName, externalId: string | number): Identity {
  if (provider === 'dingtalk') {
    const userid = String(externalId)
    return { provider, key: identityKey('dingtalk', userid), field: 'dingtalk', value: { userid }, externalId: userid, label: `钉钉账号 ${userid}` }
  }
  const accountId = Number(externalId)
  return { provider, key: identityKey('zzd', accountId), field: 'zzd', value: { accountId }, externalId: String(accountId), label: `浙政钉账号 ${accountId}` }
}

/** The accounts a user document carries, DingTalk first (the order every add claims them in). */
export function identitiesOfUser(u: Pick<UserDoc, 'dingtalk' | 'zzd'>): Identity[] {
  const out: Identity[] = []
  if (u.dingtalk?.userid) out.push({ ...identityOf('dingtalk', u.dingtalk.userid), value: u.dingtalk })
  if (u.zzd?.accountId) out.push({ ...identityOf('zhezhengding', u.zzd.accountId), value: u.zzd })
  return out
}

/** An add that crashed between claiming an account and creating the person leaves a link to nobody. */
const ABANDONED_AFTER_MS = 60_000

/**
 * Claims the account for `userId` by inserting its link. Taken by someone else: 409 IDENTITY_TAKEN
 * naming them. Already ours: nothing to do. Returns whether this call inserted the link.
 */
export async function claimIdentity(deps: PersonDeps, identity: Identity, userId: string): Promise<boolean> {
  const { UserIdentity } = deps.db.models
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = deps.clock.now()
    try {
      await UserIdentity.create({ _id: identity.key, userId, createdAt: now })
      return true
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
    const link = await UserIdentity.findById(identity.key).lean()
    if (!link) continue // unlinked in between: try once more
    if (link.userId === userId) return false
    const holder = await readPerson(deps.db, link.userId)
    if (holder) throw await takenError(deps, identity, holder.user)
    const age = now.getTime() - (link.createdAt ? new Date(link.createdAt).getTime() : 0)
    if (age < ABANDONED_AFTER_MS) {
      throw new AppError('IDENTITY_TAKEN', `${identity.label} 正由其他管理员添加，请稍后刷新人员名单查看，不要重复添加`, {
        identity: { provider: identity.provider, externalId: identity.externalId },
        holder: null,
      })
    }
    // an abandoned add: free the account, then claim it as anyone would (the unique insert decides)
    const still = await UserIdentity.findById(identity.key).lean()
    if (still?.userId === link.userId) await UserIdentity.deleteOne({ _id: identity.key })
  }
  throw new AppError('CONFLICT', `${identity.label} 正被同时修改，请稍后重试`)
}

async function takenError(deps: PersonDeps, identity: Identity, holder: UserDoc): Promise<AppError> {
  const territory = await deps.db.models.Territory.findById(holder.territory).lean()
  const departed = holder.active === false || !!(await deps.db.models.UserDeparture.exists({ _id: holder._id }))
  const where = [territory?.fullName ?? holder.territory, departed ? '已停用' : ''].filter(Boolean).join('，')
  const hint = departed ? '如果是同一个人回来了，请打开他的页面点「恢复」。' : '同一个账号只能对应一个人。'
  return new AppError('IDENTITY_TAKEN', `${identity.label} 已属于${holder.name}（${where}），${hint}`, {
    identity: { provider: identity.provider, externalId: identity.externalId },
    holder: { id: holder._id, name: holder.name },
  })
}

/** Gives back links this call claimed (a later step failed). Only our own links, by `_id`. */
export async function releaseIdentities(deps: PersonDeps, keys: string[]): Promise<void> {
  for (const key of keys) await deps.db.models.UserIdentity.deleteOne({ _id: key }).catch(() => undefined)
}
