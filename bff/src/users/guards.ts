/**
 * The checks an admin who is not a programmer needs between them and a locked-out organisation, and the
 * references a person's record must point at. Every refusal says in Chinese what to do instead.
 */
import { ROLE_LABELS, type Role } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import type { UserDoc } from './model'
import { type PersonDeps, signInState } from './store'

/** Roles that belong to a department: a person with one of them needs a department. */
export const DEPARTMENT_ROLES: readonly Role[] = ['dept_lead', 'dept_staff', 'dispatcher']

export const isAdminRecord = (u: Pick<UserDoc, 'roles'>) => u.roles.includes('admin')

/** The territory exists, and so does the department (needed when a role belongs to one). */
export async function assertReferences(deps: PersonDeps, p: { roles?: readonly Role[]; territory?: string; department?: string | null }): Promise<void> {
  const { Territory, Department } = deps.db.models
  if (p.territory && !(await Territory.exists({ _id: p.territory }))) {
    throw new AppError('DOMAIN_RULE', `属地 ${p.territory} 不存在，请从区域树中选择街道、村/社区或网格`)
  }
  if (p.department && !(await Department.exists({ _id: p.department }))) {
    throw new AppError('DOMAIN_RULE', `部门 ${p.department} 不存在，请从部门列表中选择`)
  }
  if (p.roles) assertDepartmentIfNeeded(p.roles, p.department)
}

export function assertDepartmentIfNeeded(roles: readonly Role[], department: string | null | undefined): void {
  const needing = roles.filter((r) => DEPARTMENT_ROLES.includes(r))
  if (needing.length > 0 && !department) {
    throw new AppError('DOMAIN_RULE', `${needing.map((r) => ROLE_LABELS[r]).join('、')}需要选择所属部门`)
  }
}

/**
 * Admins who may sign in now. Read from the cache and then each folded: someone who gained the role in
 * a change the cache lacks is not counted, which only makes the guard stricter, never looser.
 */
export async function activeAdminIds(deps: PersonDeps): Promise<string[]> {
  const candidates = await deps.db.models.User.find({ roles: 'admin' }, { _id: 1 }).lean()
  const out: string[] = []
  for (const c of candidates) {
    const s = await signInState(deps.db, c._id)
    if (s.allowed && s.person && isAdminRecord(s.person.user)) out.push(c._id)
  }
  return out
}

export const lastAdminError = (what: string) =>
  new AppError('LAST_ADMIN', `不能${what}最后一位在职的管理员，否则没有人能再管理系统。请先给另一位同事加上「管理员」角色。`)

/** Before removing `userId` from the admins: is anyone else left? */
export async function assertAnotherAdmin(deps: PersonDeps, userId: string, what: string): Promise<void> {
  const others = (await activeAdminIds(deps)).filter((id) => id !== userId)
  if (others.length === 0) throw lastAdminError(what)
}

/**
 * After removing an admin: two admins removing each other at the same moment can both pass the check
 * above. Each looks again once its own change is in; whoever then finds no admin left undoes its own
 * change. The later of the two looks sees both changes, so at least one admin always remains.
 */
export async function noAdminLeft(deps: PersonDeps): Promise<boolean> {
  return (await activeAdminIds(deps)).length === 0
}
