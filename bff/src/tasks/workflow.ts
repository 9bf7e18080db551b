/**
 * The rest of the lifecycle: route → sign / bounce → publish; progress → submit → review (accept /
 * return); escalate and the centre's answer (send back, or route / publish / assign elsewhere),
 * reopen, cancel; phone reveal; and the timers the sweeper fires (sign window, overdue escalation).
 * Each command re-checks the machine against the exact current state before every append attempt.
 */
import {
  type BounceBody,
  type CancelBody,
  checkLocation,
  claimDurationMs,
  claimModeAllowed,
  claimModeRefusal,
  doersOf,
  dueAtFor,
  type EscalateBody,
  HOUR_MS,
  isOverdue,
  type ProgressBody,
  type PublishBody,
  poolAdmits,
  type ReopenBody,
  type ReviewBody,
  type RouteBody,
  type SendBackBody,
  type SignBody,
  type SubmitBody,
  SYSTEM_ACTOR,
  scoringContext,
  type TaskState,
} from '@jqtb/shared'
import { AppError } from '../infra/errors'
import { type AuthUser, toAuthUser } from '../kernel/actor'
import { getTaskSettings } from '../settings/queries'
import type { TaskDeps } from './log'
import { revealPhone } from './pii'
import { actorOf, assertCan } from './policy'
import { poolMembers, resolvePool } from './pool'
import { appendOnce, loadTask, type MutationResult, mutateTask, type OnceResult } from './store'

/** Seats the centre's answer to an escalation ends (re-routing or re-publishing takes the task from its holders). */
const endedSeats = (t: TaskState) => (t.holders.length ? { ended: doersOf(t) } : {})

export async function departmentRef(deps: TaskDeps, code: string) {
  const d = await deps.db.models.Department.findById(code).lean()
  if (!d) throw new AppError('DOMAIN_RULE', `部门 ${code} 不存在`)
  return { code: d._id, name: d.name }
}

/** The centre sends a task to a department, which must sign for it within the window. */
export async function routeTask(deps: TaskDeps, user: AuthUser, taskId: string, body: RouteBody): Promise<MutationResult> {
  const department = await departmentRef(deps, body.department)
  const settings = await getTaskSettings(deps.db)
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'route', at)
    return {
      type: 'routed',
      actor: actorOf(user),
      data: { department, signBy: at + settings.signWindowHours * HOUR_MS, note: body.note, ...endedSeats(t) },
    }
  })
}

export async function signTask(deps: TaskDeps, user: AuthUser, taskId: string, body: SignBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'sign', at)
    return { type: 'signed', actor: actorOf(user), data: { note: body.note } }
  })
}

/** 退回: not ours. Counted; the bounce that reaches the limit escalates to the centre. */
export async function bounceTask(deps: TaskDeps, user: AuthUser, taskId: string, body: BounceBody): Promise<MutationResult> {
  const settings = await getTaskSettings(deps.db)
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'bounce', at)
    const bounceCount = t.bounceCount + 1
    return {
      type: 'bounced',
      actor: actorOf(user),
      data: {
        department: t.department as { code: string; name: string },
        reason: body.reason,
        suggestedDepartment: body.suggestedDepartment,
        bounceCount,
        escalate: bounceCount >= settings.bounceLimit,
        scoring: scoringContext(t),
      },
    }
  })
}

/** Into the 揭榜大厅: claim mode, seats, reward, deadline, candidate pool. */
export async function publishTask(deps: TaskDeps, user: AuthUser, taskId: string, body: PublishBody): Promise<MutationResult> {
  const task = await loadTask(deps, taskId)
  const now = deps.clock.now().getTime()
  assertCan(task, user, 'publish', now)
  const settings = await getTaskSettings(deps.db)
  const eligibility = await resolvePool(deps, task, body.eligibility)
  // a pool nobody is in is a task nobody can ever see in the hall: refuse it and say what to change
  if ((await poolMembers(deps, eligibility)).length === 0) {
    throw new AppError('DOMAIN_RULE', '揭榜范围内没有符合条件的人员，发布后无人能看到或认领。请扩大认领范围、增加可认领角色或减少专长要求，或改用「指派」', {
      pool: eligibility,
      size: 0,
    })
  }
  const claimDeadline = body.claimDeadline ? Date.parse(body.claimDeadline) : undefined
  if (claimDeadline !== undefined && claimDeadline <= now) throw new AppError('DOMAIN_RULE', '揭榜截止时间须晚于现在')
  const reservedFor: Array<{ id: string; name: string }> = []
  for (const id of body.reservedFor ?? []) {
    const u = await deps.db.models.User.findById(id).lean()
    if (!u?.active) throw new AppError('DOMAIN_RULE', `定向人员 ${id} 不存在或已停用`)
    // a named person outside the pool could never claim: say so now, not when they try
    if (!poolAdmits(eligibility, toAuthUser(u))) throw new AppError('DOMAIN_RULE', `${u.name}不在揭榜范围内（角色、属地或专长不符），不能定向`)
    reservedFor.push({ id: u._id, name: u.name })
  }
  const durationMs = body.claimHours ? body.claimHours * HOUR_MS : claimDurationMs(settings, task.category, task.tier)
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'publish', at)
    // the colour drives the claim rules (settings): e.g. a red dispute is never 抢单
    if (!claimModeAllowed(settings, t.riskColour, body.claimMode)) throw new AppError('DOMAIN_RULE', claimModeRefusal(settings, t.riskColour, body.claimMode))
    return {
      type: 'published',
      actor: actorOf(user),
      data: {
        claimMode: body.claimMode,
        seats: body.seats,
        rewardPoints: body.rewardPoints,
        claimDeadline,
        claimDurationMs: durationMs,
        eligibility,
        reservedFor,
        note: body.note,
        ...endedSeats(t),
      },
    }
  })
}

/** Checks that every photo exists and was uploaded by this user. */
export async function assertOwnPhotos(deps: TaskDeps, user: AuthUser, ids: string[]): Promise<void> {
  if (!ids.length) return
  const found = await deps.db.models.StoredFile.find({ _id: { $in: ids }, ownerId: user.id }, { _id: 1 }).lean()
  if (found.length !== new Set(ids).size) throw new AppError('DOMAIN_RULE', '照片不存在或不是您上传的，请重新上传')
}

/**
 * A progress record; a location farther than the territory's radius + accuracy is kept but flagged.
 * With a `requestId` it is recorded once: a retry of a request that landed answers the record in the log.
 */
export async function addProgress(deps: TaskDeps, user: AuthUser, taskId: string, body: ProgressBody): Promise<OnceResult> {
  await assertOwnPhotos(deps, user, body.photos)
  const decide = (t: TaskState, at: number) => {
    assertCan(t, user, 'progress', at)
    const check = body.location ? checkLocation(t.territory.code, body.location) : undefined
    const data = {
      kind: body.kind,
      note: body.note,
      photos: body.photos,
      location: body.location,
      outsideTerritory: check?.outside,
      distanceM: check?.distanceM,
      requestId: body.requestId,
    }
    return { type: 'progress' as const, actor: actorOf(user), data }
  }
  if (!body.requestId) return mutateTask(deps, taskId, decide)
  return appendOnce(deps, taskId, decide, (e) => e.type === 'progress' && e.actor.id === user.id && e.data.requestId === body.requestId)
}

/** 提交验收. After the due date an overdue explanation is required. */
export async function submitTask(deps: TaskDeps, user: AuthUser, taskId: string, body: SubmitBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'submit', at)
    const late = at > t.dueAt
    if (late && !body.overdueReason) throw new AppError('OVERDUE_REASON_REQUIRED', '已超过办理时限，请填写超期说明（overdueReason）')
    return { type: 'submitted', actor: actorOf(user), data: { note: body.note, overdueReason: late ? body.overdueReason : undefined, late } }
  })
}

/** 验收: someone other than the doers accepts with a rating (办结) or returns with a reason (驳回). */
export async function reviewTask(deps: TaskDeps, user: AuthUser, taskId: string, body: ReviewBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'review', at)
    const submittedAt = t.submittedAt as number
    if (body.decision === 'accept') {
      return {
        type: 'accepted',
        actor: actorOf(user),
        data: {
          rating: body.rating,
          closureCode: body.closureCode,
          note: body.note,
          doers: doersOf(t),
          submittedAt,
          late: submittedAt > t.dueAt,
          returnCount: t.returnCount,
          scoring: scoringContext(t),
        },
      }
    }
    return {
      type: 'returned',
      actor: actorOf(user),
      data: { reason: body.reason, returnCount: t.returnCount + 1, doers: doersOf(t), submittedAt, scoring: scoringContext(t) },
    }
  })
}

/**
 * 上报: up a level to the centre, beyond the holder's or department's remit. It is not a way out of
 * the task: the holders keep their seats, claim slots and due date until the centre answers — 发回
 * (they carry on), or re-route / re-publish / 指派 to others (their seats end, without penalty).
 */
export async function escalateTask(deps: TaskDeps, user: AuthUser, taskId: string, body: EscalateBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    // a retry after a lost answer (weak signal): the escalation it asked for is there, nothing to do
    if (t.state === 'escalated' && t.escalation?.by.id === user.id && t.escalation.reason === body.reason) return { done: true }
    assertCan(t, user, 'escalate', at)
    return { type: 'escalated', actor: actorOf(user), data: { reason: body.reason, kind: 'manual', released: [] } }
  })
}

/** 发回: the centre's answer to an escalation that the holders carry on with it. */
export async function sendBackTask(deps: TaskDeps, user: AuthUser, taskId: string, body: SendBackBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'send-back', at)
    return { type: 'sent_back', actor: actorOf(user), data: { note: body.note } }
  })
}

/** The centre reopens a closed task (the dispute flared up again) with a fresh SLA. */
export async function reopenTask(deps: TaskDeps, user: AuthUser, taskId: string, body: ReopenBody): Promise<MutationResult> {
  const settings = await getTaskSettings(deps.db)
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'reopen', at)
    return { type: 'reopened', actor: actorOf(user), data: { reason: body.reason, dueAt: dueAtFor(settings, t.tier, at) } }
  })
}

export async function cancelTask(deps: TaskDeps, user: AuthUser, taskId: string, body: CancelBody): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'cancel', at)
    return { type: 'cancelled', actor: actorOf(user), data: { closureCode: body.closureCode, reason: body.reason } }
  })
}

/** Shows one party's full number to a permitted role; the reveal is appended to the log first. */
export async function revealPartyPhone(deps: TaskDeps, user: AuthUser, taskId: string, party: number): Promise<{ party: number; name: string; phone: string }> {
  let target: TaskState | null = null
  await mutateTask(deps, taskId, (t, at) => {
    assertCan(t, user, 'reveal-phone', at)
    const p = t.parties[party]
    if (!p?.phoneEnc) throw new AppError('DOMAIN_RULE', '该当事人没有登记号码')
    target = t
    return { type: 'phone_revealed', actor: actorOf(user), data: { party, partyName: p.name } }
  })
  const p = (target as TaskState | null)?.parties[party]
  if (!p) throw new AppError('DOMAIN_RULE', '该当事人没有登记号码')
  return { party, name: p.name, phone: revealPhone(deps.piiKey, p) }
}

// ---------------------------------------------------------------------------------------------
// Timers (the sweeper calls these; the system is the actor)

/** A routed task not signed for within the window escalates to the centre. */
export async function escalateUnsigned(deps: TaskDeps, taskId: string): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    if (t.state !== 'routed' || t.signBy === undefined || at < t.signBy) return { done: true }
    return { type: 'escalated', actor: SYSTEM_ACTOR, data: { reason: `${t.department?.name ?? '责任部门'}超时未签收`, kind: 'sign_timeout', released: [] } }
  })
}

/** Past the due date: flag it once and tell the centre (督办). */
export async function escalateOverdue(deps: TaskDeps, taskId: string): Promise<MutationResult> {
  return mutateTask(deps, taskId, (t, at) => {
    if (!isOverdue(t, at) || t.overdueEscalatedAt !== undefined) return { done: true }
    return { type: 'overdue_escalated', actor: SYSTEM_ACTOR, data: { dueAt: t.dueAt } }
  })
}
