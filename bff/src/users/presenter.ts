import { ROLE_LABELS } from '@jqtb/shared'
import type { UserDoc } from './model'

/** 13805740101 → 138****0101 */
export function maskMobile(mobile?: string): string | undefined {
  if (!mobile) return undefined
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****'
}

export function presentUser(u: Pick<UserDoc, '_id' | 'name' | 'roles' | 'territory' | 'department' | 'title' | 'mobile' | 'tags'>) {
  return {
    id: u._id,
    name: u.name,
    roles: u.roles,
    roleLabels: u.roles.map((r) => ROLE_LABELS[r]),
    territory: u.territory,
    department: u.department,
    title: u.title,
    mobile: maskMobile(u.mobile),
    tags: u.tags ?? [],
  }
}
