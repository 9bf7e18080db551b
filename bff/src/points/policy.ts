/**
 * Who may see and do what with points and rules — in one place.
 *
 * In words:
 * - Everyone signed in reads the rules in force, the version history and the leaderboards (the
 *   assessment is meant to be seen), and their own points with every reason.
 * - A person's points are also open to admins and the centre, to their department's lead, and to the
 *   staff of the community they work in.
 * - Only admins edit drafts, preview, publish, and decide appeals.
 * - The assessment sheet downloads for admins and the centre, 社治中心 dispatchers (everything), and
 *   for department leads (their department's people, the points earned on its tasks and the
 *   department's own line). The issue names admins and leads only; the centre is included on
 *   purpose: it prepares and chairs the monthly assessment meeting.
 * - Only the person a deduction is about may appeal it.
 * - The points a task caused (its 积分 card, and its 申诉 steps in the timeline), for someone who may
 *   open the task: admins and the centre see every line; a department lead every line of their
 *   department's tasks and every line about their department's people; everyone the lines about
 *   territories, departments and themselves.
 */
import { ancestorsOf, canSeePointsLine, territoryContains } from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export const isAdmin = (u: AuthUser) => hasRole(u, 'admin')
const isCentre = (u: AuthUser) => hasRole(u, 'admin', 'dispatcher')

export function assertAdmin(u: AuthUser, what = '修改考核规则'): void {
  if (!isAdmin(u)) throw new AppError('FORBIDDEN', `只有管理员可以${what}`)
}

/** Where a person works now: what decides who may see their points. */
export interface PersonPlace {
  id: string
  territory: string
  department?: string | null
}

/** May `viewer` see the points of `person`? (Also each row's `canOpen` on the people board.) */
export function canViewPerson(viewer: AuthUser, person: PersonPlace): boolean {
  if (viewer.id === person.id || isCentre(viewer)) return true
  if (hasRole(viewer, 'dept_lead') && viewer.department && viewer.department === person.department) return true
  if (hasRole(viewer, 'community_staff') && territoryContains(viewer.territory, { code: person.territory, ancestors: ancestorsOf(person.territory) }))
    return true
  return false
}

export function assertCanViewPerson(viewer: AuthUser, person: PersonPlace): void {
  if (!canViewPerson(viewer, person)) throw new AppError('FORBIDDEN', '您无权查看此人的积分明细')
}

/** What of the assessment sheet `viewer` may download: everything (admins and the centre), one department (its lead), or nothing. */
export function exportScope(viewer: AuthUser): { all: true } | { department: string } | null {
  if (isCentre(viewer)) return { all: true }
  if (hasRole(viewer, 'dept_lead') && viewer.department) return { department: viewer.department }
  return null
}

export function assertCanExport(viewer: AuthUser): { all: true } | { department: string } {
  const scope = exportScope(viewer)
  if (!scope) throw new AppError('FORBIDDEN', '只有管理员、社治中心和部门负责人可以导出考核表')
  return scope
}

/** Only the person a ledger line is about may appeal it. */
export function assertOwnEntry(viewer: AuthUser, entry: { subjectKind: string; subjectId: string }): void {
  if (entry.subjectKind !== 'person' || entry.subjectId !== viewer.id) throw new AppError('FORBIDDEN', '只能对自己的扣分提出申诉')
}

/** May `viewer`, who may open the task, see this line of its points (or an appeal about it)? (shared rule) */
export const canSeeTaskLine = canSeePointsLine
