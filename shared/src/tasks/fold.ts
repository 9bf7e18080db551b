/**
 * The fold that turns a task's event log into the task (`applyEvent`), and the facts read off a
 * folded task (holders, seats, lapses, overdue). The BFF's projection and repair fold with it; the
 * access rules in `machine.ts` decide on what it answers.
 */
import { type ClaimMode, isRecordOnly, type TaskStateName, TERMINAL_STATES } from './constants'
import type { Doer, EpochMs, Holder, RiskFloor, ScoringContext, TaskEvent, TaskRisk, TaskState } from './types'

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
      source: d.source,
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
  const recordOnly = isRecordOnly(event.type)
  const t: TaskState = { ...state, seq: event.seq, updatedAt: recordOnly ? state.updatedAt : event.at }
  // a red warning waits for a person to act on the task: any step of work by someone ends the wait
  if (!recordOnly && t.risk?.followUpBy !== undefined && event.actor.id !== 'system') {
    t.risk = { ...t.risk, followUpBy: undefined, followedUpAt: event.at }
  }
  switch (event.type) {
    case 'routed':
      // from an escalation the centre re-routes the task: whoever held it is off it
      return {
        ...t,
        state: 'routed',
        department: event.data.department,
        routedAt: event.at,
        signBy: event.data.signBy,
        signedAt: undefined,
        holders: [],
        applicants: [],
        ...UNPUBLISHED,
      }
    case 'signed':
      return { ...t, state: 'signed', signedAt: event.at }
    case 'bounced':
      return {
        ...t,
        state: event.data.escalate ? 'escalated' : 'draft',
        department: undefined,
        signBy: undefined,
        bounceCount: event.data.bounceCount,
        escalation: event.data.escalate ? { reason: event.data.reason, kind: 'bounce_limit', at: event.at, by: event.actor, from: t.state } : t.escalation,
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
        team: undefined,
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
        capToken: d.capToken,
      })
      holders.sort((a, b) => a.seat - b.seat)
      const seated = { ...t, holders }
      // the centre's 指派 answers an escalation: the work carries on where it was
      const state = t.state === 'escalated' ? resumedState(seated) : QUEUE_STATES.includes(t.state) ? 'claimed' : t.state
      return {
        ...seated,
        state,
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
    case 'escalated': {
      // the holders stay on it while the centre decides (only logs from before that rule list seats it ended)
      const ended = new Set(event.data.released.map((d) => d.userId))
      return {
        ...t,
        state: 'escalated',
        holders: t.holders.filter((h) => !ended.has(h.userId)),
        applicants: [],
        escalation: { reason: event.data.reason, kind: event.data.kind, at: event.at, by: event.actor, from: t.state },
      }
    }
    case 'sent_back':
      return { ...t, state: resumedState(t) }
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
        ...UNPUBLISHED,
      }
    case 'cancelled':
      return { ...t, state: 'cancelled', closedAt: event.at, closureCode: event.data.closureCode, applicants: [] }
    case 'team_formed':
    case 'team_changed':
      return { ...t, claimMode: 'team', seats: event.data.seats, team: { id: event.data.teamId, members: event.data.members } }
    case 'phone_revealed':
    case 'appeal_filed':
    case 'appeal_decided':
      return t
    case 'source_added': {
      // nothing about the work changes; the added lead's channels are remembered for their feedback
      const { leadId, channels, records } = event.data
      return { ...t, attachedSources: [...(t.attachedSources ?? []).filter((s) => s.leadId !== leadId), { leadId, channels, records }] }
    }
    case 'risk_changed': {
      const d = event.data
      const floor: RiskFloor | undefined =
        d.source === 'manual' ? (d.colour === 'green' ? undefined : { colour: d.colour, by: event.actor, at: event.at, reason: d.reason ?? '' }) : riskFloor(t)
      const changed = d.colour !== t.riskColour
      const stillRed = d.colour === 'red' && !changed
      const risk: TaskRisk = {
        source: d.source,
        score: d.score,
        floor,
        since: changed ? event.at : (t.risk?.since ?? t.createdAt),
        // a red warning keeps its deadline (and its escalation) while it stays red; turning red starts one
        followUpBy: d.colour !== 'red' ? undefined : stillRed ? t.risk?.followUpBy : d.followUpBy,
        followedUpAt: stillRed ? t.risk?.followedUpAt : undefined,
        escalatedAt: stillRed ? t.risk?.escalatedAt : undefined,
      }
      return { ...t, riskColour: d.colour, risk: dropUndefined(risk) }
    }
    case 'risk_escalated': {
      const base: TaskRisk = t.risk ?? { source: 'engine', score: event.data.score, since: t.createdAt }
      return { ...t, risk: dropUndefined({ ...base, followUpBy: undefined, escalatedAt: event.at }) }
    }
  }
}

/**
 * The colour a person set, below which the risk engine never goes: the last manual setting, or the
 * colour chosen when the task was created (yellow or red: a person's judgement too).
 */
export function riskFloor(t: Pick<TaskState, 'risk' | 'riskColour' | 'createdBy' | 'createdAt'>): RiskFloor | undefined {
  if (t.risk) return t.risk.floor
  return t.riskColour === 'green' ? undefined : { colour: t.riskColour, by: t.createdBy, at: t.createdAt, reason: '创建工单时选定' }
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

/** Folds a whole log (ordered by seq). */
export function foldEvents(events: readonly TaskEvent[], from: TaskState | null = null): TaskState | null {
  let state = from
  for (const e of events) state = applyEvent(state, e)
  return state
}

/**
 * The publication a task leaves when the centre takes it back (re-route, reopen): without it, a later
 * release would put the task back in the hall under the old pool and deadline (stateWithoutHolders),
 * and the old pool would go on seeing it. The reward stays: scoring reads it from the task.
 */
const UNPUBLISHED = {
  claimMode: undefined,
  publishedAt: undefined,
  openedAt: undefined,
  seats: 1,
  claimDeadline: undefined,
  claimDurationMs: undefined,
  eligibility: undefined,
  reservedFor: [],
  team: undefined,
} satisfies Partial<TaskState>

/** Queues a seat is given from: the task starts being worked on. */
const QUEUE_STATES: readonly TaskStateName[] = ['draft', 'signed', 'published']

/**
 * Where a task goes when its last holder lets go: back to the hall if it was published, else to its
 * queue. An escalated task stays with the centre, which has yet to answer.
 */
export function stateWithoutHolders(t: TaskState): TaskStateName {
  if (t.state === 'escalated') return 'escalated'
  if (t.claimMode && t.publishedAt !== undefined) return 'published'
  return t.department ? 'signed' : 'draft'
}

/** Where the holders' work carries on after the centre answered an escalation without taking the task away. */
function resumedState(t: TaskState): TaskStateName {
  const from = t.escalation?.from
  if (from === 'in_progress' || from === 'returned') return from
  return t.holders.some((h) => h.startedAt !== undefined) ? 'in_progress' : 'claimed'
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
