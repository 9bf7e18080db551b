/**
 * Who may see and do what with tasks — in one place. The per-task decisions are the shared state
 * machine's (`visibility`, `checkAction`), so the mini-app's buttons and the BFF agree; this file
 * turns refusals into HTTP errors and states the same rules as database filters, so lists never
 * contain a task the caller may not open (the filter is in the query, not applied afterwards).
 *
 * In words:
 * - 社治中心 (dispatcher) and admins see the whole street; only the centre routes, cancels, reopens.
 * - 村社干部 (community staff) see their community; they review tasks there that have no department.
 * - 网格员 see their own territory and pools published over it; they claim only inside the pool.
 * - A pool names roles, a territory and optionally 专长: it admits people with any one of those tags.
 * - Department users see their department's tasks; its lead signs, bounces, publishes, assigns, reviews.
 * - Everyone sees the tasks they hold, held, applied for or reported. Nobody reviews their own work.
 * - Who applied for a task (申请→审批) is seen by its approvers and by each applicant about themselves.
 * - In a task's timeline, a points appeal (申诉) is shown to whoever may see the deduction it is about.
 */
import {
  activeHolders,
  ancestorsOf,
  canSeePointsLine,
  checkAction,
  type EpochMs,
  isCentre,
  isDeptLeadOf,
  isInside,
  type TaskAction,
  type TaskEvent,
  type TaskListView,
  type TaskState,
  type TaskUser,
  visibility,
} from '@jqtb/shared'
import { AppError } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { iso } from './time'

export function taskUser(u: AuthUser): TaskUser {
  return { id: u.id, roles: u.roles, territory: u.territory, department: u.department, tags: u.tags }
}

/** The signed-in user as the actor of an event. */
export { actorOf } from '../kernel/actor'

export function assertVisible(task: TaskState, user: AuthUser): void {
  const v = visibility(task, taskUser(user))
  if (v === 'out_of_territory') throw new AppError('OUT_OF_TERRITORY', '该工单不在您的属地范围内')
  if (v === 'forbidden') throw new AppError('FORBIDDEN', '您无权查看该工单')
}

/** Who may see a task's applications (申请→审批): those who approve them, and each applicant their own. */
export function canSeeApplicant(task: TaskState, user: AuthUser, applicantId: string): boolean {
  const u = taskUser(user)
  return applicantId === user.id || isCentre(u) || isDeptLeadOf(task, u)
}

/**
 * May `user`, who may open `task`, see this entry of its timeline? Appeals follow the points lines they
 * are about; an application is seen by whoever may see the applicant in the task.
 */
export function canSeeEvent(e: TaskEvent, user: AuthUser, task: TaskState): boolean {
  if (e.type === 'claim_applied') return canSeeApplicant(task, user, e.data.userId)
  if (e.type === 'appeal_filed' || e.type === 'appeal_decided') {
    return canSeePointsLine(user, { subjectKind: 'person', subjectId: e.data.userId, taskDepartment: task.department?.code ?? '' })
  }
  return true
}

/** The holders' details a 409 TASK_ALREADY_CLAIMED carries (Flowable/Camunda 8 semantics plus who and until when). */
export function alreadyClaimedDetails(task: TaskState, now: EpochMs) {
  const holders = activeHolders(task, now).map((h) => ({ name: h.name, claimedAt: iso(h.claimedAt) as string, expiresAt: iso(h.expiresAt) }))
  return { holder: holders[0] ?? null, holders }
}

/** Throws the refusal of `checkAction` as an AppError (403 / 409 / 422). */
export function assertCan(task: TaskState, user: AuthUser, action: TaskAction, now: EpochMs): void {
  const verdict = checkAction(task, taskUser(user), action, now)
  if (verdict.ok) return
  const details = verdict.code === 'TASK_ALREADY_CLAIMED' ? alreadyClaimedDetails(task, now) : { state: task.state, action }
  throw new AppError(verdict.code, verdict.message, details)
}

const WHO_REFUSALS = new Set(['FORBIDDEN', 'OUT_OF_TERRITORY', 'NOT_ELIGIBLE', 'SELF_REVIEW_FORBIDDEN'])

/**
 * Throws only the refusals about who the user is (403), not about the task's state: for a command
 * that may answer "nothing to do" before the full check, so that answer goes to permitted people only.
 */
export function assertWhoMay(task: TaskState, user: AuthUser, action: TaskAction, now: EpochMs): void {
  const verdict = checkAction(task, taskUser(user), action, now)
  if (!verdict.ok && WHO_REFUSALS.has(verdict.code)) throw new AppError(verdict.code, verdict.message, { state: task.state, action })
}

// ---------------------------------------------------------------------------------------------
// The same rules as filters on the `tasks` projection

type Filter = Record<string, unknown>

const selfAndAncestors = (code: string) => [...ancestorsOf(code), code]

/** Tasks whose candidate pool admits the user (role, territory overlap, reservation, tags). */
export function poolFilter(user: AuthUser): Filter {
  return {
    poolRoles: { $in: user.roles },
    $and: [
      // the user's territory inside the pool's, or the pool inside the user's
      { $or: [{ poolTerritory: { $in: selfAndAncestors(user.territory) } }, { poolScope: user.territory }] },
      { $or: [{ claimMode: { $ne: 'reserved' } }, { reservedIds: user.id }] },
      // 专长: none required, or any one of the user's
      { $or: [{ poolTags: { $size: 0 } }, { poolTags: { $in: user.tags } }] },
    ],
  }
}

/** Everything the user may open (mirrors shared `visibility`). */
export function visibleFilter(user: AuthUser): Filter {
  if (user.roles.includes('dispatcher') || user.roles.includes('admin')) return {}
  const any: Filter[] = [{ doerIds: user.id }, { applicantIds: user.id }, { reporterId: user.id }]
  if (user.department && (user.roles.includes('dept_lead') || user.roles.includes('dept_staff'))) any.push({ departmentCode: user.department })
  if (user.roles.includes('community_staff') || user.roles.includes('grid_worker')) any.push({ scope: user.territory })
  any.push({ poolTerritory: { $ne: '' }, ...poolFilter(user) })
  return { $or: any }
}

/** `?territory=`: anyone narrows to a territory, but people who answer for a territory only inside their own. */
export function territoryFilter(user: AuthUser, code: string): Filter {
  const territorial = !user.roles.some((r) => r === 'dispatcher' || r === 'admin' || r === 'dept_lead' || r === 'dept_staff')
  if (territorial && !isInside(code, user.territory)) throw new AppError('OUT_OF_TERRITORY', '只能查看自己属地内的工单')
  return { scope: code }
}

/** The filter of one list view, before the caller's own filters. */
export function viewFilter(view: TaskListView, user: AuthUser, now: EpochMs): Filter {
  switch (view) {
    case 'hall':
      // open for claims, in the user's pool, not already theirs (held or applied for: those are in 我的任务)
      return { claimable: true, claimOpenUntil: { $gt: now }, holderIds: { $ne: user.id }, applicantIds: { $ne: user.id }, ...poolFilter(user) }
    case 'mine':
      return { $or: [{ holderIds: user.id }, { applicantIds: user.id }, { reporterId: user.id }] }
    case 'department':
      if (!user.department || !(user.roles.includes('dept_lead') || user.roles.includes('dept_staff'))) {
        throw new AppError('FORBIDDEN', '只有部门人员可以查看部门工单')
      }
      return { departmentCode: user.department }
    case 'review': {
      if (user.roles.includes('dispatcher')) return { state: 'submitted', doerIds: { $ne: user.id } }
      const reviewable: Filter[] = []
      if (user.roles.includes('dept_lead') && user.department) reviewable.push({ departmentCode: user.department })
      if (user.roles.includes('community_staff')) reviewable.push({ departmentCode: '', scope: user.territory })
      if (!reviewable.length) return { _id: { $in: [] } }
      return { state: 'submitted', doerIds: { $ne: user.id }, $or: reviewable }
    }
    case 'all':
      return {}
  }
}
