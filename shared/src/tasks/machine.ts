/**
 * The task state machine as pure functions. `applyEvent` is the fold that turns the event log into
 * the task (the BFF's projection and repair use it); `checkAction` / `availableActions` decide what a
 * user may do now (the BFF checks before appending, the mini-app shows exactly these buttons).
 */
import { ancestorsOf, territoryContains } from '../territory'
import { type ClaimMode, HELD_STATES, isNoteEvent, TASK_ACTIONS, TASK_STATE_LABELS, type TaskAction, type TaskStateName, TERMINAL_STATES } from './constants'
import { fitsRoleAndTerritory, hasAnyTag, inPool } from './pool'
import type { Doer, EpochMs, Holder, ScoringContext, TaskEvent, TaskState, TaskUser } from './types'

// ---------------------------------------------------------------------------------------------
// The fold

/** Folds one event into the task. `state` is null only for `created`. Never throws on a valid log. */
export function applyEvent(state: TaskState | null, event: TaskEvent): TaskState {
  if (event.type === 'created') {
    const d = event.data
    const reporterHolds = d.selfHandled && d.reporter
    return {
      id: event.taskId,
      taskNo: d.taskNo,
      seq: event.seq,
      title: d.title,
      description: d.description,
      category: d.category,
      tier: d.tier,
      riskColour: d.riskColour,
      origin: d.origin,
      state: reporterHolds ? 'in_progress' : 'draft',
      territory: d.territory,
      parties: d.parties,
      location: d.location,
      sourceRef: d.sourceRef,
      createdAt: event.at,
      createdBy: event.actor,
      reporter: d.reporter,
      updatedAt: event.at,
      dueAt: d.dueAt,
      dueSeq: event.seq,
      seats: 1,
      rewardPoints: 0,
      reservedFor: [],
      holders: reporterHolds
        ? [{ userId: d.reporter!.id, name: d.reporter!.name, seat: 0, sinceSeq: event.seq, claimedAt: event.at, extended: false, via: 'self_report' }]
        : [],
      applicants: [],
      doerIds: d.reporter ? [d.reporter.id] : [],
      progressCount: 0,
      bounceCount: 0,
      returnCount: 0,
      releaseCount: 0,
      expiredCount: 0,
      reopenCount: 0,
    }
  }
  if (!state) throw new Error(`event ${event.taskId}:${event.seq} (${event.type}) has no task to apply to`)
  const t: TaskState = { ...state, seq: event.seq, updatedAt: isNoteEvent(event.type) ? state.updatedAt : event.at }
  switch (event.type) {
    case 'routed':
      return { ...t, state: 'routed', department: event.data.department, routedAt: event.at, signBy: event.data.signBy, signedAt: undefined }
    case 'signed':
      return { ...t, state: 'signed', signedAt: event.at }
    case 'bounced':
      return {
        ...t,
        state: event.data.escalate ? 'escalated' : 'draft',
        department: undefined,
        signBy: undefined,
        bounceCount: event.data.bounceCount,
        escalation: event.data.escalate ? { reason: event.data.reason, kind: 'bounce_limit', at: event.at, by: event.actor } : t.escalation,
      }
    case 'published': {
      const d = event.data
      return {
        ...t,
        state: 'published',
        publishedAt: event.at,
        openedAt: event.at,
        claimMode: d.claimMode,
        seats: d.seats,
        rewardPoints: d.rewardPoints,
        claimDeadline: d.claimDeadline,
        claimDurationMs: d.claimDurationMs,
        eligibility: d.eligibility,
        reservedFor: d.reservedFor,
        holders: [],
        applicants: [],
      }
    }
    case 'claim_applied':
      return {
        ...t,
        applicants: [
          ...t.applicants.filter((a) => a.userId !== event.data.userId),
          { userId: event.data.userId, name: event.data.name, at: event.at, note: event.data.note },
        ],
      }
    case 'claimed':
    case 'claim_approved':
    case 'assigned': {
      const d = event.data
      const via: Holder['via'] = event.type === 'claimed' ? 'claim' : event.type === 'claim_approved' ? 'approval' : 'assign'
      const replaced = event.type === 'assigned' ? event.data.replaced?.userId : undefined
      const holders = t.holders.filter((h) => h.userId !== d.userId && h.userId !== replaced)
      holders.push({
        userId: d.userId,
        name: d.name,
        seat: d.seat,
        sinceSeq: event.seq,
        claimedAt: event.at,
        expiresAt: d.expiresAt,
        extended: false,
        via,
        capSlot: d.capSlot,
      })
      holders.sort((a, b) => a.seat - b.seat)
      const fromQueue: TaskStateName[] = ['draft', 'signed', 'published', 'escalated']
      return {
        ...t,
        state: fromQueue.includes(t.state) ? 'claimed' : t.state,
        holders,
        // once every seat is taken the remaining applications are moot
        applicants: holders.length >= t.seats ? [] : t.applicants.filter((a) => a.userId !== d.userId),
        doerIds: t.doerIds.includes(d.userId) ? t.doerIds : [...t.doerIds, d.userId],
        releaseCount: replaced ? t.releaseCount + 1 : t.releaseCount,
      }
    }
    case 'claim_extended':
      return { ...t, holders: t.holders.map((h) => (h.userId === event.data.userId ? { ...h, expiresAt: event.data.expiresAt, extended: true } : h)) }
    case 'released':
    case 'claim_expired': {
      const holders = t.holders.filter((h) => h.userId !== event.data.userId)
      const counts = event.type === 'released' ? { releaseCount: t.releaseCount + 1 } : { expiredCount: t.expiredCount + 1 }
      const state = holders.length > 0 ? t.state : stateWithoutHolders(t)
      const reopened = !!t.claimMode && claimStates(t.claimMode).includes(state)
      return { ...t, ...counts, holders, state, openedAt: reopened ? event.at : t.openedAt }
    }
    case 'progress': {
      const holders = t.holders.map((h) => (h.userId === event.actor.id && h.startedAt === undefined ? { ...h, startedAt: event.at } : h))
      return { ...t, holders, state: t.state === 'claimed' ? 'in_progress' : t.state, progressCount: t.progressCount + 1, lastProgressAt: event.at }
    }
    case 'submitted':
      return {
        ...t,
        state: 'submitted',
        submittedAt: event.at,
        submission: { note: event.data.note, overdueReason: event.data.overdueReason, late: event.data.late, by: event.actor },
      }
    case 'accepted':
      return { ...t, state: 'closed', closedAt: event.at, closureCode: event.data.closureCode, rating: event.data.rating, reviewNote: event.data.note }
    case 'returned':
      return { ...t, state: 'returned', returnCount: event.data.returnCount, reviewNote: event.data.reason }
    case 'escalated':
      return {
        ...t,
        state: 'escalated',
        holders: [],
        applicants: [],
        escalation: { reason: event.data.reason, kind: event.data.kind, at: event.at, by: event.actor },
      }
    case 'overdue_escalated':
      return { ...t, overdueEscalatedAt: event.at }
    case 'reopened':
      return {
        ...t,
        state: 'draft',
        holders: [],
        applicants: [],
        closedAt: undefined,
        closureCode: undefined,
        rating: undefined,
        submittedAt: undefined,
        submission: undefined,
        overdueEscalatedAt: undefined,
        dueAt: event.data.dueAt,
        dueSeq: event.seq,
        reopenCount: t.reopenCount + 1,
      }
    case 'cancelled':
      return { ...t, state: 'cancelled', closedAt: event.at, closureCode: event.data.closureCode, applicants: [] }
    case 'phone_revealed':
    case 'appeal_filed':
    case 'appeal_decided':
      return t
  }
}

/** Folds a whole log (ordered by seq). */
export function foldEvents(events: readonly TaskEvent[], from: TaskState | null = null): TaskState | null {
  let state = from
  for (const e of events) state = applyEvent(state, e)
  return state
}

/** Where a task goes when its last holder lets go: back to the hall if it was published, else to its queue. */
function stateWithoutHolders(t: TaskState): TaskStateName {
  if (t.claimMode && t.publishedAt !== undefined) return 'published'
  return t.department ? 'signed' : 'draft'
}

// ---------------------------------------------------------------------------------------------
// Facts about a task

export const isTerminal = (t: Pick<TaskState, 'state'>) => TERMINAL_STATES.includes(t.state)

/** A claim lapses when its time is up and its holder has not started handling. */
export function isLapsed(h: Holder, now: EpochMs): boolean {
  return h.expiresAt !== undefined && h.startedAt === undefined && now >= h.expiresAt
}

export const lapsedHolders = (t: TaskState, now: EpochMs) => t.holders.filter((h) => isLapsed(h, now))
export const activeHolders = (t: TaskState, now: EpochMs) => t.holders.filter((h) => !isLapsed(h, now))
export const isHolder = (t: TaskState, userId: string, now: EpochMs) => activeHolders(t, now).some((h) => h.userId === userId)

export function openSeats(t: TaskState, now: EpochMs): number {
  return Math.max(0, t.seats - activeHolders(t, now).length)
}

/** The lowest seat index nobody holds. */
export function freeSeat(t: TaskState, now: EpochMs): number {
  const taken = new Set(activeHolders(t, now).map((h) => h.seat))
  let seat = 0
  while (taken.has(seat)) seat++
  return seat
}

/** States in which a published task takes claims: team tasks keep taking members while seats are free. */
export function claimStates(mode: ClaimMode | undefined): readonly TaskStateName[] {
  return mode === 'team' ? ['published', 'claimed', 'in_progress'] : ['published']
}

/** Open for claims (ignoring who asks): the hall lists exactly these. */
export function isClaimable(t: TaskState, now: EpochMs): boolean {
  return !!t.claimMode && claimStates(t.claimMode).includes(t.state) && openSeats(t, now) > 0 && (t.claimDeadline === undefined || now < t.claimDeadline)
}

/** Past due and not finished in time. A task submitted before its due date is not overdue while it waits for review. */
export function isOverdue(t: TaskState, now: EpochMs): boolean {
  if (isTerminal(t)) return false
  if (t.state === 'submitted' && t.submittedAt !== undefined && t.submittedAt <= t.dueAt) return false
  return now > t.dueAt
}

export function scoringContext(t: TaskState): ScoringContext {
  return {
    taskNo: t.taskNo,
    category: t.category,
    tier: t.tier,
    territory: t.territory.code,
    department: t.department?.code,
    rewardPoints: t.rewardPoints,
    dueAt: t.dueAt,
    createdAt: t.createdAt,
  }
}

export function doersOf(t: TaskState): Doer[] {
  return t.holders.map((h) => ({ userId: h.userId, name: h.name, seat: h.seat, claimedAt: h.claimedAt, via: h.via, startedAt: h.startedAt }))
}

// ---------------------------------------------------------------------------------------------
// Who may see and do what

const within = (scope: string, code: string) => territoryContains(scope, { code, ancestors: ancestorsOf(code) })

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
  if (u.roles.includes('community_staff') && within(u.territory, t.territory.code)) return 'visible'
  if (u.roles.includes('grid_worker') && within(u.territory, t.territory.code)) return 'visible'
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
  escalated: ['route', 'publish', 'assign', 'cancel', 'reveal-phone'],
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
      const reviewer = centre || lead || (!task.department && user.roles.includes('community_staff') && within(user.territory, task.territory.code))
      if (!reviewer) return no('FORBIDDEN', '只有责任部门负责人或社治中心可以验收')
      if (task.doerIds.includes(user.id)) return no('SELF_REVIEW_FORBIDDEN', '不能验收自己处置的工单')
      return stateAllows ? ok : wrongState()
    }
    case 'escalate':
      if (!holder && !lead) return no('FORBIDDEN', '只有认领人或责任部门负责人可以上报')
      return stateAllows ? ok : wrongState()
    case 'reveal-phone':
      if (!centre && !lead) return no('FORBIDDEN', '只有社治中心或责任部门负责人可以查看完整号码')
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

const ACTION_VERB: Record<TaskAction, string> = {
  route: '分拨',
  publish: '发布揭榜',
  sign: '签收',
  bounce: '退回',
  assign: '指派',
  claim: '认领',
  'approve-claim': '审批认领',
  extend: '延期',
  release: '放弃',
  progress: '记录进展',
  submit: '提交验收',
  review: '验收',
  escalate: '上报',
  reopen: '重新打开',
  cancel: '撤销',
  'reveal-phone': '查看号码',
}
