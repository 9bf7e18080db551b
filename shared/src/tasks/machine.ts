/**
 * Who may see a task and which verbs they may take on it now: `visibility`, `checkAction` and
 * `availableActions` over the folded task (fold.ts). The BFF checks every command with them before
 * appending; the mini-app shows exactly the verbs `availableActions` returns as buttons.
 */
import { HELD_STATES, TASK_ACTION_LABELS, TASK_ACTIONS, TASK_STATE_LABELS, type TaskAction, type TaskStateName } from './constants'
import { activeHolders, claimStates, isHolder, isLapsed, openSeats, stateWithoutHolders } from './fold'
import { fitsRoleAndTerritory, hasAnyTag, inPool } from './pool'
import { isInside } from './scope'
import type { EpochMs, TaskState, TaskUser } from './types'

export const isCentre = (u: TaskUser) => u.roles.includes('dispatcher')
export const isAdmin = (u: TaskUser) => u.roles.includes('admin')
export const isDeptLeadOf = (t: TaskState, u: TaskUser) => u.roles.includes('dept_lead') && !!u.department && t.department?.code === u.department
const isDeptMemberOf = (t: TaskState, u: TaskUser) =>
  (u.roles.includes('dept_lead') || u.roles.includes('dept_staff')) && !!u.department && t.department?.code === u.department
const isInvolved = (t: TaskState, u: TaskUser) => t.doerIds.includes(u.id) || t.applicants.some((a) => a.userId === u.id) || t.reporter?.id === u.id

export type Visibility = 'visible' | 'out_of_territory' | 'forbidden'

/**
 * 属地 and 部门 visibility. The centre and admins see the whole street; community staff their
 * community; grid workers their own territory (and a pool published over it); department users their
 * department's tasks; anyone the tasks they hold, held, applied for or reported.
 */
export function visibility(t: TaskState, u: TaskUser): Visibility {
  if (isCentre(u) || isAdmin(u)) return 'visible'
  if (isInvolved(t, u)) return 'visible'
  if (isDeptMemberOf(t, u)) return 'visible'
  if (u.roles.includes('community_staff') && isInside(t.territory.code, u.territory)) return 'visible'
  if (u.roles.includes('grid_worker') && isInside(t.territory.code, u.territory)) return 'visible'
  if (t.eligibility && inPool(t, u)) return 'visible'
  const territorial = u.roles.some((r) => r === 'grid_worker' || r === 'community_staff')
  return territorial ? 'out_of_territory' : 'forbidden'
}

/**
 * Which verbs each state admits at all (before asking who). The table tests walk this table; the
 * detailed checks below narrow it per user.
 */
export const STATE_ACTIONS: Record<TaskStateName, readonly TaskAction[]> = {
  draft: ['route', 'publish', 'assign', 'cancel', 'reveal-phone'],
  routed: ['sign', 'bounce', 'escalate', 'cancel', 'reveal-phone'],
  signed: ['publish', 'assign', 'bounce', 'escalate', 'cancel', 'reveal-phone'],
  published: ['claim', 'approve-claim', 'assign', 'escalate', 'cancel', 'reveal-phone'],
  claimed: ['claim', 'approve-claim', 'assign', 'extend', 'release', 'progress', 'escalate', 'cancel', 'reveal-phone'],
  in_progress: ['claim', 'approve-claim', 'assign', 'release', 'progress', 'submit', 'escalate', 'cancel', 'reveal-phone'],
  submitted: ['review', 'cancel', 'reveal-phone'],
  returned: ['release', 'progress', 'submit', 'escalate', 'cancel', 'reveal-phone'],
  // the centre answers (re-route, re-publish, 指派 to others, or 发回); meanwhile the holders keep working on it
  escalated: ['route', 'publish', 'assign', 'send-back', 'extend', 'release', 'progress', 'cancel', 'reveal-phone'],
  closed: ['reopen', 'reveal-phone'],
  cancelled: ['reveal-phone'],
}

/** Error codes a refused action maps to (shared/src/errors.ts gives their HTTP status). */
export type RefusalCode =
  | 'OUT_OF_TERRITORY'
  | 'FORBIDDEN'
  | 'NOT_ELIGIBLE'
  | 'SELF_REVIEW_FORBIDDEN'
  | 'INVALID_TRANSITION'
  | 'TASK_ALREADY_CLAIMED'
  | 'CLAIM_DEADLINE_PASSED'
  | 'CLAIM_EXPIRED'
  | 'EXTENSION_USED'

export type Verdict = { ok: true } | { ok: false; code: RefusalCode; message: string }

const ok: Verdict = { ok: true }
const no = (code: RefusalCode, message: string): Verdict => ({ ok: false, code, message })

/**
 * May `user` take `action` on `task` at `now`? Checks, in order: can the user see the task (403),
 * may their role take this verb (403), does the state admit it (409), domain rules (422).
 * Arguments the verb carries (whom to assign, which applicant) are checked by the BFF command.
 */
export function checkAction(task: TaskState, user: TaskUser, action: TaskAction, now: EpochMs): Verdict {
  const seen = visibility(task, user)
  // someone of the pool's roles and territory whom only its 专长 or reservation leave out hears that, not "no access"
  if (seen !== 'visible' && action === 'claim' && task.eligibility && fitsRoleAndTerritory(task.eligibility, user)) return notEligible(task, user)
  if (seen === 'out_of_territory') return no('OUT_OF_TERRITORY', '该工单不在您的属地范围内')
  if (seen === 'forbidden') return no('FORBIDDEN', '您无权查看或处理该工单')

  const centre = isCentre(user)
  const lead = isDeptLeadOf(task, user)
  const holder = isHolder(task, user.id, now)
  const stateAllows = STATE_ACTIONS[task.state].includes(action)
  const wrongState = () => no('INVALID_TRANSITION', `工单当前状态为“${TASK_STATE_LABELS[task.state]}”，不能${ACTION_VERB[action]}`)

  switch (action) {
    case 'route':
    case 'reopen':
    case 'cancel':
      if (!centre) return no('FORBIDDEN', '只有社治中心可以执行此操作')
      return stateAllows ? ok : wrongState()
    case 'publish':
      if (!centre && !lead) return no('FORBIDDEN', '只有社治中心或责任部门负责人可以发布揭榜')
      if (!centre && task.state !== 'signed') return stateAllows ? no('FORBIDDEN', '部门只能发布已签收的工单') : wrongState()
      return stateAllows ? ok : wrongState()
    case 'sign':
    case 'bounce':
      if (!lead) return no('FORBIDDEN', '只有责任部门负责人可以签收或退回')
      return stateAllows ? ok : wrongState()
    case 'assign': {
      const queueOfCentre = task.state === 'draft' || task.state === 'escalated'
      if (!centre && !(lead && !queueOfCentre)) return no('FORBIDDEN', '只有社治中心或责任部门负责人可以指派')
      return stateAllows ? ok : wrongState()
    }
    case 'approve-claim':
      if (!centre && !lead) return no('FORBIDDEN', '只有社治中心或责任部门负责人可以审批认领')
      if (!stateAllows || task.claimMode !== 'apply' || !claimStates(task.claimMode).includes(task.state)) return wrongState()
      if (task.applicants.length === 0) return no('INVALID_TRANSITION', '没有待审批的认领申请')
      if (openSeats(task, now) === 0) return alreadyClaimed(task, now)
      return ok
    case 'claim': {
      if (holder) return no('INVALID_TRANSITION', '您已认领该工单')
      if (task.claimMode === 'apply' && task.applicants.some((a) => a.userId === user.id)) return no('INVALID_TRANSITION', '您已申请，等待审批')
      // a claimed task whose every claim has lapsed is open again (the claim first expires them)
      const effective = task.state === 'claimed' && activeHolders(task, now).length === 0 ? stateWithoutHolders(task) : task.state
      if (!STATE_ACTIONS[effective].includes('claim') || !claimStates(task.claimMode).includes(effective)) {
        return HELD_STATES.includes(task.state) || task.state === 'submitted' ? alreadyClaimed(task, now) : wrongState()
      }
      if (openSeats(task, now) === 0) return alreadyClaimed(task, now)
      if (!inPool(task, user)) return notEligible(task, user)
      if (task.claimDeadline !== undefined && now >= task.claimDeadline) return no('CLAIM_DEADLINE_PASSED', '已过揭榜截止时间')
      return ok
    }
    case 'extend': {
      const h = task.holders.find((x) => x.userId === user.id)
      if (!h) return no('FORBIDDEN', '只有认领人可以申请延期')
      if (!stateAllows) return wrongState()
      if (h.expiresAt === undefined || h.startedAt !== undefined) return no('INVALID_TRANSITION', '已开始处置，认领不再有时限')
      if (isLapsed(h, now)) return no('CLAIM_EXPIRED', '认领已超时，请重新认领')
      if (h.extended) return no('EXTENSION_USED', '每次认领只能延期一次')
      return ok
    }
    case 'release':
    case 'progress':
    case 'submit':
      if (!holder) {
        const lapsed = task.holders.some((h) => h.userId === user.id)
        return lapsed ? no('CLAIM_EXPIRED', '认领已超时，请重新认领') : no('FORBIDDEN', '只有认领人可以执行此操作')
      }
      return stateAllows ? ok : wrongState()
    case 'review': {
      const reviewer = centre || lead || (!task.department && user.roles.includes('community_staff') && isInside(task.territory.code, user.territory))
      if (!reviewer) return no('FORBIDDEN', '只有责任部门负责人或社治中心可以验收')
      if (task.doerIds.includes(user.id)) return no('SELF_REVIEW_FORBIDDEN', '不能验收自己处置的工单')
      return stateAllows ? ok : wrongState()
    }
    case 'escalate':
      if (!holder && !lead) return no('FORBIDDEN', '只有认领人或责任部门负责人可以上报')
      return stateAllows ? ok : wrongState()
    case 'send-back':
      if (!centre) return no('FORBIDDEN', '只有社治中心可以发回上报的工单')
      if (!stateAllows) return wrongState()
      if (task.escalation?.kind !== 'manual' || activeHolders(task, now).length === 0) {
        return no('INVALID_TRANSITION', '该工单已没有承办人可发回，请重新分拨、发布或指派')
      }
      return ok
    case 'reveal-phone':
      // the holders call the parties while they work on it (电话联系): only then, and only their own task
      if (!centre && !lead && !(holder && STATE_ACTIONS[task.state].includes('progress'))) {
        return no('FORBIDDEN', '只有社治中心、责任部门负责人和正在办理的承办人可以查看完整号码')
      }
      if (!task.parties.some((p) => p.phoneEnc)) return no('INVALID_TRANSITION', '该工单没有登记当事人号码')
      return ok
  }
}

/** Why the pool leaves `user` out, most specific reason first. */
function notEligible(t: TaskState, u: TaskUser): Verdict {
  const e = t.eligibility
  if (e && fitsRoleAndTerritory(e, u)) {
    if (!hasAnyTag(e.tags, u.tags)) return no('NOT_ELIGIBLE', `该工单仅限具备以下专长之一的人员认领：${e.tags.join('、')}`)
    if (t.claimMode === 'reserved') return no('NOT_ELIGIBLE', '该工单为定向揭榜，仅限指定人员认领')
  }
  return no('NOT_ELIGIBLE', '您不在该工单的揭榜范围内')
}

function alreadyClaimed(task: TaskState, now: EpochMs): Verdict {
  const h = activeHolders(task, now)[0]
  return no('TASK_ALREADY_CLAIMED', h ? `该工单已被${h.name}认领` : '该工单已被认领')
}

/** The verbs `user` may take on `task` now, in display order. */
export function availableActions(task: TaskState, user: TaskUser, now: EpochMs): TaskAction[] {
  return TASK_ACTIONS.filter((a) => checkAction(task, user, a, now).ok)
}

/** The verb in 「不能…」: the button's label, said plainly where the label is a request. */
const ACTION_VERB: Record<TaskAction, string> = { ...TASK_ACTION_LABELS, claim: '认领', extend: '延期' }
