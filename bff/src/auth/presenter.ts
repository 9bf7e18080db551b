import { ROLE_LABELS } from '@jqtb/shared'
import type { Db } from '../infra/db'
import type { UserDoc } from '../users/model'

/** The signed-in person as the mini-app sees them (`POST /api/auth/login`, `GET /api/me`). */
export interface MeView {
  id: string
  name: string
  roles: UserDoc['roles']
  roleLabels: string[]
  title: string
  territory: { code: string; name: string }
  department: { code: string; name: string } | null
  /** 专长 */
  tags: string[]
}

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
