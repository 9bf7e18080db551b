/**
 * 揭榜认领: claim (and apply), approve, assign (指派), extend, release (放弃), and the expiry of lapsed
 * claims. Each is one or more appends through `mutateTask`; the seat a claim wins is decided by the
 * seq it wins, so N seats fill exactly N times however many claim at once.
 */
import {
  type AssignBody,
  type AssigneeView,
  applyEvent,
  type ClaimBody,
  checkAction,
  claimDurationMs,
  claimModeAllowed,
  claimModeRefusal,
  claimStates,
  type EpochMs,
  type ExtendBody,
  freeSeat,
  type Holder,
  isHolder,
  lapsedHolders,
  openSeats,
  type PoolQuery,
  type ReleaseBody,
  ROLE_LABELS,
  type SeatLostData,
  SYSTEM_ACTOR,
  scoringContext,
  type TaskEvent,
  type TaskState,
  territoriesOverlap,
} from '@jqtb/shared'
import { AppError, notFound } from '../infra/errors'
import type { AuthUser } from '../kernel/actor'
import { getTaskSettings } from '../settings/queries'
import { eventsAfter, readProjected, type TaskDeps } from './log'
import { actorOf, alreadyClaimedDetails, assertCan, assertWhoMay, taskUser } from './policy'
import { poolMembers, resolvePool } from './pool'
import { asTheClaim, runningClaim, sharedRead } from './single-flight'
import { acquireSlot, dropSlot, type Slot } from './slots'
import { type EventDraft, loadTask, type MutationResult, mutateTask } from './store'

export type ClaimOutcome = MutationResult & { result: 'done' | 'applied' | 'unchanged' }

/** The facts of a seat that ends (放弃 or 超时), as scoring needs them. */
function seatLost(t: TaskState, h: Holder, reason?: string): SeatLostData {
  const probe = { taskId: t.id, seq: t.seq + 1, at: t.updatedAt, actor: SYSTEM_ACTOR, type: 'released', data: { userId: h.userId } } as TaskEvent
  const after = applyEvent(t, probe)
  const republished = !!after.claimMode && claimStates(after.claimMode).includes(after.state)
  return {
    userId: h.userId,
    name: h.name,
    seat: h.seat,
    claimedAt: h.claimedAt,
    expiresAt: h.expiresAt,
    via: h.via,
    startedAt: h.startedAt,
    reason,
    republished,
    scoring: scoringContext(t),
  }
}

/** The next lapsed claim to expire, as an event (the system is the actor). */
function expiryOf(t: TaskState, now: EpochMs): EventDraft<'claim_expired'> | null {
  const h = lapsedHolders(t, now)[0]
  return h ? { type: 'claim_expired', actor: SYSTEM_ACTOR, data: seatLost(t, h), more: true } : null
}

function durationOf(t: TaskState, fallbackMs: number): number {
  return t.claimDurationMs ?? fallbackMs
}

/**
 * 揭榜. First-come, reserved and team claims hold at once; an apply-mode claim is an application.
 * Exactly one claimant wins a free seat; the others get 409 TASK_ALREADY_CLAIMED naming the holder.
 * The holder claiming again changes nothing.
 */
export async function claimTask(deps: TaskDeps, user: AuthUser, taskId: string, body: ClaimBody): Promise<ClaimOutcome> {
  // the projection alone (one read): a claim appends at once, and a stale state only loses the first insert
  let task = await readProjected(deps, taskId)
  if (!task) throw notFound(`工单 ${taskId} `)
  if (wouldNotClaim(task, user, deps.clock.now().getTime())) {
    // before refusing (or answering "unchanged"), make sure of it: the projection may be a moment
    // behind an append that freed the seat (one more read, usually finding nothing newer)
    for (const e of await eventsAfter(deps, taskId, task.seq)) task = applyEvent(task, e)
    const answer = answerWithoutClaiming(task, user, deps.clock.now().getTime())
    if (answer) return answer
  }
  const settings = await getTaskSettings(deps.db)
  // a task that turned a colour whose rule excludes its claim mode (a 抢单 task gone red) waits for 指派
  const modeRefusal = (t: TaskState) =>
    t.claimMode && !claimModeAllowed(settings, t.riskColour, t.claimMode)
      ? new AppError('DOMAIN_RULE', claimModeRefusal(settings, t.riskColour, t.claimMode))
      : null
  const refused = modeRefusal(task)
  if (refused) throw refused

  if (task.claimMode === 'apply') {
    const res = await mutateTask(
      deps,
      taskId,
      (t, at) => {
        if (isHolder(t, user.id, at) || t.applicants.some((a) => a.userId === user.id)) return { done: true }
        assertCan(t, user, 'claim', at)
        const no = modeRefusal(t)
        if (no) throw no
        return { type: 'claim_applied', actor: actorOf(user), data: { userId: user.id, name: user.name, note: body.note } }
      },
      { from: task },
    )
    return { ...res, result: res.appended.length ? 'applied' : 'unchanged' }
  }

  // Someone's claim on this task is under way here: wait for it, and decide on what it left (one read
  // shared by everyone who waited). A losing claimant learns it here, without taking a claim slot.
  for (let running = runningClaim(deps, taskId); running; running = runningClaim(deps, taskId)) {
    await running
    task = await sharedRead(deps, taskId, () => loadTask(deps, taskId))
    const answer = answerWithoutClaiming(task, user, deps.clock.now().getTime())
    if (answer) return answer
  }
  const from = task
  return asTheClaim(deps, taskId, async () => {
    const slot = await acquireSlot(deps, user.id, taskId, settings.activeClaimCap)
    return withSlot(deps, slot, taskId, () =>
      mutateTask(
        deps,
        taskId,
        (t, at) => {
          const expiry = expiryOf(t, at)
          if (expiry) return expiry
          if (isHolder(t, user.id, at)) return { done: true }
          assertCan(t, user, 'claim', at)
          const no = modeRefusal(t)
          if (no) throw no
          const expiresAt = at + durationOf(t, claimDurationMs(settings, t.category, t.tier))
          const data = { userId: user.id, name: user.name, seat: freeSeat(t, at), expiresAt, capSlot: slot.k, capToken: slot.token }
          return { type: 'claimed', actor: actorOf(user), data }
        },
        { from },
      ),
    )
  })
}

/**
 * The answer to a claim that needs no append: the holder (or an applicant) claiming again changes
 * nothing; anyone the task does not admit now — a taken seat included (409 naming the holder) — is
 * refused. Undefined: go ahead and claim.
 */
function wouldNotClaim(task: TaskState, user: AuthUser, now: EpochMs): boolean {
  try {
    return !!answerWithoutClaiming(task, user, now)
  } catch {
    return true
  }
}

function answerWithoutClaiming(task: TaskState, user: AuthUser, now: EpochMs): ClaimOutcome | undefined {
  if (isHolder(task, user.id, now)) return { state: task, appended: [], result: 'unchanged' }
  if (task.claimMode === 'apply' && task.applicants.some((a) => a.userId === user.id)) return { state: task, appended: [], result: 'unchanged' }
  // (no separate visibility check: a holder or applicant can see the task, and `assertCan` refuses everyone
  // else — with NOT_ELIGIBLE rather than a bare 403 for those only the pool's 专长 or 定向 leave out)
  assertCan(task, user, 'claim', now)
  return undefined
}

/**
 * Runs a claim (or an approval) that took `slot`, and gives the slot back unless the claim won it. A
 * refusal (an AppError) or a no-op appended nothing of ours; any other failure may have come after
 * the insert committed, so then the log is asked whether this claim is in it before the slot goes.
 */
async function withSlot(deps: TaskDeps, slot: Slot, taskId: string, run: () => Promise<MutationResult>): Promise<ClaimOutcome> {
  let won = false
  let fateUnknown = false
  try {
    const res = await run()
    won = res.appended.some((e) => (e.type === 'claimed' || e.type === 'claim_approved') && e.data.capToken === slot.token)
    return { ...res, result: won ? 'done' : 'unchanged' }
  } catch (err) {
    fateUnknown = !(err instanceof AppError)
    throw err
  } finally {
    if (!won) await dropSlot(deps, slot, taskId, fateUnknown)
  }
}

/** 申请→审批: a lead (or the centre) approves one applicant, who then holds a seat. */
export async function approveClaim(deps: TaskDeps, user: AuthUser, taskId: string, applicantId: string): Promise<ClaimOutcome> {
  const task = await loadTask(deps, taskId)
  const now = deps.clock.now().getTime()
  // who may approve is asked first: the no-op answer below must not tell anyone else about the task
  assertWhoMay(task, user, 'approve-claim', now)
  if (isHolder(task, applicantId, now)) return { state: task, appended: [], result: 'unchanged' }
  assertCan(task, user, 'approve-claim', now)
  if (!task.applicants.some((a) => a.userId === applicantId)) throw new AppError('DOMAIN_RULE', '该用户没有申请认领此工单')
  const settings = await getTaskSettings(deps.db)
  const slot = await acquireSlot(deps, applicantId, taskId, settings.activeClaimCap, '该申请人')
  return withSlot(deps, slot, taskId, () =>
    mutateTask(deps, taskId, (t, at) => {
      const expiry = expiryOf(t, at)
      if (expiry) return expiry
      if (isHolder(t, applicantId, at)) return { done: true }
      assertCan(t, user, 'approve-claim', at)
      const applicant = t.applicants.find((a) => a.userId === applicantId)
      if (!applicant) throw new AppError('INVALID_TRANSITION', '该申请已不存在（可能已被处理）')
      const expiresAt = at + durationOf(t, claimDurationMs(settings, t.category, t.tier))
      return {
        type: 'claim_approved',
        actor: actorOf(user),
        data: { userId: applicantId, name: applicant.name, seat: freeSeat(t, at), expiresAt, approvedBy: actorOf(user), capSlot: slot.k, capToken: slot.token },
      }
    }),
  )
}

/**
 * 指派: a lead or the centre gives a seat to a named person — a verb of its own, recorded as such,
 * with no claim time limit. `replaceUserId` takes the seat from a current holder (the override). On
 * an escalated task it is the centre's answer "someone else does it": it takes the seat of whoever
 * escalated unless told otherwise (no penalty: the centre agreed), and the work carries on.
 */
export async function assignTask(deps: TaskDeps, user: AuthUser, taskId: string, body: AssignBody): Promise<ClaimOutcome> {
  const task = await loadTask(deps, taskId)
  const now = deps.clock.now().getTime()
  assertCan(task, user, 'assign', now)
  const target = await deps.db.models.User.findById(body.userId).lean()
  if (!target?.active) throw new AppError('DOMAIN_RULE', '指派对象不存在或已停用')
  if (!assignable(task, target)) throw new AppError('DOMAIN_RULE', `${target.name}不在该工单的属地或责任部门，不能指派`)
  const res = await mutateTask(deps, taskId, (t, at) => {
    const expiry = expiryOf(t, at)
    if (expiry) return expiry
    assertCan(t, user, 'assign', at)
    if (isHolder(t, target._id, at)) {
      if (t.state === 'escalated') throw new AppError('DOMAIN_RULE', `${target.name}已是承办人；如让其继续办理，请使用「发回继续办理」`)
      return { done: true }
    }
    const escalator = t.state === 'escalated' ? t.holders.find((h) => h.userId === t.escalation?.by.id) : undefined
    const replaceUserId = body.replaceUserId ?? escalator?.userId
    let seat: number
    let replaced: { userId: string; name: string; seat: number; claimedAt: number } | undefined
    if (replaceUserId) {
      const old = t.holders.find((h) => h.userId === replaceUserId)
      if (!old) throw new AppError('DOMAIN_RULE', '要替换的人员不是当前认领人')
      seat = old.seat
      replaced = { userId: old.userId, name: old.name, seat: old.seat, claimedAt: old.claimedAt }
    } else {
      if (t.claimMode && openSeats(t, at) === 0)
        throw new AppError('TASK_ALREADY_CLAIMED', '该工单已有认领人；如需更换，请指定要替换的人员', alreadyClaimedDetails(t, at))
      if (!t.claimMode && t.holders.length > 0)
        throw new AppError('TASK_ALREADY_CLAIMED', '该工单已指派；如需更换，请指定要替换的人员', alreadyClaimedDetails(t, at))
      seat = freeSeat(t, at)
    }
    return { type: 'assigned', actor: actorOf(user), data: { userId: target._id, name: target.name, seat, note: body.note, replaced } }
  })
  return { ...res, result: res.appended.some((e) => e.type === 'assigned') ? 'done' : 'unchanged' }
}

/**
 * The people a lead or the centre can 指派 the task to, for the picker: the same rule `assignTask`
 * enforces. With a pool (定向揭榜), the people that pool admits — only they could claim it. Grid staff
 * first, then department users, then mediators.
 */
export async function assignableUsers(deps: TaskDeps, user: AuthUser, taskId: string, pool?: PoolQuery): Promise<AssigneeView[]> {
  const task = await loadTask(deps, taskId)
  const now = deps.clock.now().getTime()
  if (!checkAction(task, taskUser(user), 'assign', now).ok && !checkAction(task, taskUser(user), 'publish', now).ok) assertCan(task, user, 'assign', now)
  const users = pool
    ? await poolMembers(deps, await resolvePool(deps, task, pool))
    : (await deps.db.models.User.find({ active: true }).lean()).filter((u) => assignable(task, u))
  const rank = (roles: string[]) =>
    roles.includes('grid_worker') || roles.includes('community_staff') ? 0 : roles.includes('mediator') && roles.length === 1 ? 2 : 1
  users.sort((a, b) => rank(a.roles) - rank(b.roles) || a.territory.localeCompare(b.territory) || a._id.localeCompare(b._id))
  const names = new Map(
    (await deps.db.models.Territory.find({ _id: { $in: [...new Set(users.map((u) => u.territory))] } }, { _id: 1, fullName: 1 }).lean()).map((t) => [
      t._id,
      t.fullName,
    ]),
  )
  return users.map((u) => ({
    id: u._id,
    name: u.name,
    roleLabels: u.roles.map((r) => ROLE_LABELS[r]),
    title: u.title,
    territoryName: names.get(u.territory) ?? u.territory,
    tags: u.tags ?? [],
  }))
}

/** Grid staff inside the task's territory, department users of its department (any while it has none), mediators. */
function assignable(t: TaskState, u: { roles: string[]; territory: string; department?: string }): boolean {
  if ((u.roles.includes('grid_worker') || u.roles.includes('community_staff')) && territoriesOverlap(u.territory, t.territory.code)) return true
  if ((u.roles.includes('dept_lead') || u.roles.includes('dept_staff')) && (!t.department || t.department.code === u.department)) return true
  return u.roles.includes('mediator')
}

/** One extension per claim, with a reason; adds the claim duration to the current expiry. */
export async function extendClaim(deps: TaskDeps, user: AuthUser, taskId: string, body: ExtendBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'extend', at)
    const h = t.holders.find((x) => x.userId === user.id) as Holder
    const previous = h.expiresAt as number
    const expiresAt = previous + durationOf(t, previous - h.claimedAt)
    return { type: 'claim_extended', actor: actorOf(user), data: { userId: user.id, expiresAt, previousExpiresAt: previous, reason: body.reason } }
  })
}

/** 放弃: the holder lets go (scored by the points rules); a published task goes back to the hall, an escalated one stays with the centre. */
export async function releaseClaim(deps: TaskDeps, user: AuthUser, taskId: string, body: ReleaseBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'release', at)
    const h = t.holders.find((x) => x.userId === user.id) as Holder
    return { type: 'released', actor: actorOf(user), data: seatLost(t, h, body.reason) }
  })
}

/** The sweeper's part: every lapsed claim of the task becomes a `claim_expired` event (the seat is republished). */
export async function expireLapsedClaims(deps: TaskDeps, taskId: string): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => expiryOf(t, at) ?? { done: true })
}
