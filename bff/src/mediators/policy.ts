/**
 * Who may do what with mediators, teams and mediation records — every permission of the domain in
 * one file. Private relations are for admins only; external mediators see only their own teams.
 */
import { checkAction, isDeptLeadOf, memberOf, type TaskState, type TeamState, visibility } from '@jqtb/shared'
import { AppError, forbidden } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'
import { taskUser } from '../tasks/policy'

export const isAdmin = (u: AuthUser) => hasRole(u, 'admin')
export const isCentre = (u: AuthUser) => hasRole(u, 'dispatcher')

/** Organisations, profiles, relations and the rule table are managed by admins. */
export function assertAdmin(u: AuthUser, what = '管理调解员库') {
  if (!isAdmin(u)) throw forbidden(`只有管理员可以${what}`)
}

/** Browsing the pool (lists and profiles): those who assemble teams, and admins. */
export const canBrowsePool = (u: AuthUser) => hasRole(u, 'admin', 'dispatcher', 'dept_lead')

export function assertBrowsePool(u: AuthUser) {
  if (!canBrowsePool(u)) throw forbidden('只有管理员、社治中心和部门负责人可以查看调解员库')
}

/** A profile: the pool's browsers, and the mediator themself. */
export function assertSeeProfile(u: AuthUser, mediatorId: string) {
  if (u.id !== mediatorId && !canBrowsePool(u)) throw forbidden('只能查看自己的调解员资料')
}

/** Declared relations name kin, household and employers: admins only. */
export const canSeeRelations = (u: AuthUser) => isAdmin(u)

export function assertEditAvailability(u: AuthUser, mediatorId: string) {
  if (u.id !== mediatorId && !isAdmin(u)) throw forbidden('只能登记自己的休假')
}

export const canRevealPhone = (u: AuthUser) => isAdmin(u) || isCentre(u)

/**
 * May `u` assemble a team for `t` now? The centre for any task in its queue (待分拨), the department's
 * lead for a task signed for (待分派); and nobody holds it yet.
 */
export function teamBlocked(t: TaskState, u: AuthUser, now: number): string | null {
  const tu = taskUser(u)
  if (visibility(t, tu) !== 'visible') return '您无权查看该工单'
  if (!isCentre(u) && !isDeptLeadOf(t, tu)) return '只有社治中心或责任部门负责人可以组建攻坚小组'
  if (t.state !== 'draft' && t.state !== 'signed')
    return `工单当前状态为“${STATE_WORDS[t.state] ?? t.state}”，只有待分拨或待分派（尚无人承办）的工单可以组建攻坚小组`
  if (!checkAction(t, tu, 'assign', now).ok) return t.state === 'draft' ? '待分拨的工单由社治中心组建攻坚小组' : '您不能指派该工单'
  return null
}

const STATE_WORDS: Record<string, string> = {
  routed: '待签收',
  published: '揭榜中',
  claimed: '已认领',
  in_progress: '处置中',
  submitted: '待验收',
  returned: '已驳回',
  escalated: '已上报',
  closed: '已办结',
  cancelled: '已撤销',
}

export function assertCanFormTeam(t: TaskState, u: AuthUser, now: number) {
  const why = teamBlocked(t, u, now)
  if (why) throw new AppError(why.startsWith('工单当前状态') ? 'INVALID_TRANSITION' : 'FORBIDDEN', why)
}

/** Replacing or removing members: the proposer, the centre, or the task's department lead. */
export function canManageTeam(team: TeamState, t: TaskState, u: AuthUser): boolean {
  return team.proposer.id === u.id || isCentre(u) || isDeptLeadOf(t, taskUser(u))
}

export function assertManageTeam(team: TeamState, t: TaskState, u: AuthUser) {
  if (!canManageTeam(team, t, u)) throw forbidden('只有组建人、社治中心或责任部门负责人可以调整攻坚小组')
}

/** Sessions, outcome, agreement, 司法确认: members who accepted, and those who manage the team. */
export function canRecord(team: TeamState, t: TaskState, u: AuthUser): boolean {
  return memberOf(team, u.id)?.status === 'accepted' || canManageTeam(team, t, u)
}

export function assertRecord(team: TeamState, t: TaskState, u: AuthUser) {
  if (!canRecord(team, t, u)) throw forbidden('只有已接受邀请的小组成员、组建人或社治中心可以填写调解记录')
}

/** The mediation page of a task: anyone who may see the task, and the members of its teams. */
export function canSeeMediation(t: TaskState, u: AuthUser, teams: readonly TeamState[]): boolean {
  // members of a team (invited, on it, declined or departed); someone replaced or removed is not
  return visibility(t, taskUser(u)) === 'visible' || teams.some((team) => !!memberOf(team, u.id))
}

/** The centre names a mediator a citizen asked for. */
export function assertSetPreference(u: AuthUser) {
  if (!isCentre(u)) throw forbidden('只有社治中心可以登记当事人指定的调解员')
}
