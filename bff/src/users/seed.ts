import { DEMO_USERS } from '@jqtb/shared/src/demo-org'
import { converge, type SeedContext, type SeedResult } from '../kernel/seeding'
import { identityKey } from './model'
import { peopleChanged } from './people-stamp'

/** The demo street's people and their DingTalk / 浙政钉 accounts. */
export async function seedUsers({ db, now }: SeedContext): Promise<SeedResult> {
  const users = DEMO_USERS.map((u) => ({
    _id: u.id,
    name: u.name,
    roles: u.roles,
    territory: u.territory,
    department: u.department,
    title: u.title,
    mobile: u.mobile,
    tags: u.tags,
    active: u.active,
    dingtalk: u.dingtalk,
    zzd: u.zzd,
    createdAt: now,
    updatedAt: now,
  }))
  const identities = DEMO_USERS.flatMap((u) => [
    { _id: identityKey('dingtalk', u.dingtalk.userid), userId: u.id },
    { _id: identityKey('zzd', u.zzd.accountId), userId: u.id },
  ])
  const converged = await converge(db.models.User, users, ['createdAt', 'updatedAt'])
  // the seed writes the people documents directly: instances that kept them must read them again
  if (converged.inserted || converged.updated) await peopleChanged(db, now)
  return { users: converged, identities: await converge(db.models.UserIdentity, identities) }
}
