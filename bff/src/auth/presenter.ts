import { type AuthConfigView, type MeView, ROLE_LABELS } from '@jqtb/shared'
import type { Config } from '../config'
import type { Db } from '../infra/db'
import type { UserDoc } from '../users/model'

/** What the mini-app needs before login: which platform's JSAPI to call and with which ids. */
export function presentAuthConfig(config: Config): AuthConfigView {
  const dingtalk = config.dingtalk.provider === 'dingtalk'
  return {
    provider: config.dingtalk.provider,
    simulator: config.dingtalk.simulator,
    corpId: dingtalk ? config.dingtalk.corpId : config.zzd.tenantId,
    clientId: dingtalk ? config.dingtalk.appKey : config.zzd.appKey,
  }
}

/** The signed-in person as the mini-app sees them (`POST /api/auth/login`, `GET /api/me`). */
export async function presentMe(db: Db, user: Pick<UserDoc, '_id' | 'name' | 'roles' | 'title' | 'territory' | 'department' | 'tags'>): Promise<MeView> {
  const [territory, department] = await Promise.all([
    db.models.Territory.findById(user.territory).lean(),
    user.department ? db.models.Department.findById(user.department).lean() : null,
  ])
  return {
    id: user._id,
    name: user.name,
    roles: user.roles,
    roleLabels: user.roles.map((r) => ROLE_LABELS[r]),
    title: user.title ?? '',
    territory: { code: user.territory, name: territory?.fullName ?? user.territory },
    department: user.department ? { code: user.department, name: department?.name ?? user.department } : null,
    tags: user.tags ?? [],
  }
}
