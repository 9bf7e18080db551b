/**
 * Facts: what the indices need to know about one case, folded from its own records. A task's facts
 * are a pure function of its event log (`taskFacts`), so they can be recomputed from the log at any
 * time and compared; leads (统一归口), mediations (多元化解) and 回访 have facts of their own kinds,
 * filled by their domains' adapters in the BFF once those domains exist.
 *
 * Times are epoch milliseconds.
 */
import { isNoteEvent, type TaskCategory, type TaskOrigin, type TaskStateName } from '../tasks/constants'
import { applyEvent } from '../tasks/fold'
import type { TaskEvent, TaskState } from '../tasks/types'

/** One red warning (红色预警) on a task: it turned red at `at`; someone first acted on it at `actedAt`. */
export interface RedEpisode {
  at: number
  actedAt?: number
  /** the colour left red before anyone acted */
  endedAt?: number
}

/** One routing (分拨) of a task to a department, and whether that department bounced it (退回). */
export interface Routing {
  department: string
  at: number
  bounced: boolean
}

export interface TaskFact {
  kind: 'task'
  /** the task id (its number, JQ…) */
  id: string
  taskNo: string
  title: string
  /** events folded: the fact is current up to this seq */
  seq: number
  category: TaskCategory
  origin: TaskOrigin
  /** the task's territory code (street, community, grid or micro-grid) */
  territory: string
  /** the department it is with now */
  department?: string
  state: TaskStateName
  createdAt: number
  /** first time it left the centre's queue (分拨到部门, 发布, 指派, or a self-handled report): the funnel's 已分拨 */
  leftQueueAt?: number
  /** first time someone held a seat on it: the funnel's 已认领 */
  firstSeatAt?: number
  /** the acceptance that closed it (办结), while it is closed */
  closedAt?: number
  /** that acceptance came after a late submission (submitted after the due date) */
  closedLate?: boolean
  /** while it is cancelled (撤销) */
  cancelledAt?: number
  /** the due date in force (a reopened task gets a new one) */
  dueAt: number
  /** submitted by the due date and waiting for review: not overdue, not yet closed */
  awaitingOnTime: boolean
  /** received → closed (ms), while closed */
  closeMs?: number
  /** earliest claim → the accepted submission (ms), while closed; absent for self-handled reports */
  claimMs?: number
  /** each doer's own claim → the accepted submission (ms) */
  doerMs: Array<{ userId: string; ms: number }>
  /** who the case is about now: the doers of the accepted submission while closed, else the current holders */
  people: string[]
  routings: Routing[]
  /** when it was reopened (重新打开) */
  reopens: number[]
  reds: RedEpisode[]
}

/**
 * A lead (线索) of 统一归口: one dispute, whichever channels it came through. Filled by the intake
 * adapter (issue 9/10); until then no lead facts exist and the lead indices read 暂无数据.
 */
export interface LeadFact {
  kind: 'lead'
  id: string
  receivedAt: number
  /** channel codes of its sources, first source first (110, 12345, zlf …) */
  channels: string[]
  territory?: string
  category?: string
  /** linked as a repeat (重复) of earlier leads of the same people or door */
  repeat: boolean
}

/** A mediation (调解) of 多元化解: finished or not, and whether it succeeded. Filled by the mediators adapter. */
export interface MediationFact {
  kind: 'mediation'
  id: string
  taskId?: string
  territory?: string
  department?: string
  category?: string
  /** the outcome was recorded */
  finishedAt?: number
  succeeded: boolean
}

/** A 回访 (follow-up call to the citizen) — no domain records them yet; the shape waits for it. */
export interface FollowUpFact {
  kind: 'follow_up'
  id: string
  taskId: string
  territory?: string
  department?: string
  /** the closure the call follows */
  closedAt: number
  calledAt?: number
  satisfied?: boolean
}

/**
 * A source record of 统一归口 (one call to 110, one 12345 work order, one 窗口登记 …), as the intake
 * domain stored it: what the channel mix counts. Several records may be one lead (one dispute).
 */
export interface RecordFact {
  kind: 'record'
  /** `<channel>:<sourceId>` */
  id: string
  channel: string
  /** when the channel reported it */
  receivedAt: number
  /** the micro-grid the address was matched to (absent: the street) */
  territory?: string
  category?: string
}

export type CaseFact = TaskFact | LeadFact | MediationFact | FollowUpFact | RecordFact
export type FactKind = CaseFact['kind']

/** Events that record something on the task without anyone working on it: they do not end a red warning's wait. */
const isRecordOnly = (type: string) => isNoteEvent(type as never) || type.startsWith('risk_')
const SEAT_EVENTS = new Set(['claimed', 'claim_approved', 'assigned'])
const LEAVE_QUEUE_EVENTS = new Set(['routed', 'published', 'assigned', 'claimed', 'claim_approved'])

/** A task's facts, folded from its whole log (ordered by seq). Null for an empty log. */
export function taskFacts(events: readonly TaskEvent[]): TaskFact | null {
  let state: TaskState | null = null
  let leftQueueAt: number | undefined
  let firstSeatAt: number | undefined
  let accepted: { closeMs: number; claimMs?: number; doerMs: TaskFact['doerMs']; people: string[]; late: boolean } | undefined
  const routings: Routing[] = []
  const reopens: number[] = []
  const reds: RedEpisode[] = []
  let red = false

  for (const e of events) {
    const before: TaskState | null = state
    state = applyEvent(state, e)
    const type = e.type as string
    if (e.type === 'created') {
      if (e.data.selfHandled) {
        leftQueueAt = e.at
        firstSeatAt = e.at
      }
      red = e.data.riskColour === 'red'
      if (red) reds.push({ at: e.at })
      continue
    }
    if (leftQueueAt === undefined && LEAVE_QUEUE_EVENTS.has(type)) leftQueueAt = e.at
    if (firstSeatAt === undefined && SEAT_EVENTS.has(type)) firstSeatAt = e.at
    // someone working on the task (not the system, not a note) is the first action on a waiting red warning
    const open = reds.at(-1)
    if (open && open.actedAt === undefined && open.endedAt === undefined && !isRecordOnly(type) && e.actor.id !== 'system') open.actedAt = e.at
    switch (e.type) {
      case 'routed':
        routings.push({ department: e.data.department.code, at: e.at, bounced: false })
        break
      case 'bounced': {
        const r = [...routings].reverse().find((x) => x.department === e.data.department.code && !x.bounced)
        if (r) r.bounced = true
        break
      }
      case 'accepted': {
        const d = e.data
        const claims = d.doers.filter((x) => x.via !== 'self_report')
        const firstClaim = claims.length ? Math.min(...claims.map((x) => x.claimedAt)) : undefined
        accepted = {
          closeMs: e.at - (before?.createdAt ?? e.at),
          claimMs: firstClaim === undefined ? undefined : Math.max(0, d.submittedAt - firstClaim),
          doerMs: claims.map((x) => ({ userId: x.userId, ms: Math.max(0, d.submittedAt - x.claimedAt) })),
          people: d.doers.map((x) => x.userId),
          late: d.late,
        }
        break
      }
      case 'reopened':
        reopens.push(e.at)
        accepted = undefined
        break
    }
    // the colour as the log has it now (the risk domain's colour changes fold into riskColour)
    const nowRed = state.riskColour === 'red'
    if (nowRed && !red) reds.push({ at: e.at })
    if (!nowRed && red && open && open.actedAt === undefined && open.endedAt === undefined) open.endedAt = e.at
    red = nowRed
  }
  if (!state) return null

  const closed = state.state === 'closed' && accepted !== undefined
  const fact: TaskFact = {
    kind: 'task',
    id: state.id,
    taskNo: state.taskNo,
    title: state.title,
    seq: state.seq,
    category: state.category,
    origin: state.origin,
    territory: state.territory.code,
    department: state.department?.code,
    state: state.state,
    createdAt: state.createdAt,
    leftQueueAt,
    firstSeatAt,
    closedAt: closed ? state.closedAt : undefined,
    closedLate: closed ? accepted?.late : undefined,
    cancelledAt: state.state === 'cancelled' ? state.closedAt : undefined,
    dueAt: state.dueAt,
    awaitingOnTime: state.state === 'submitted' && state.submittedAt !== undefined && state.submittedAt <= state.dueAt,
    closeMs: closed ? accepted?.closeMs : undefined,
    claimMs: closed ? accepted?.claimMs : undefined,
    doerMs: closed ? (accepted?.doerMs ?? []) : [],
    people: closed ? (accepted?.people ?? []) : state.holders.map((h) => h.userId),
    routings,
    reopens,
    reds,
  }
  return dropUndefined(fact)
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

/** The earliest and latest instant a fact counts at (for reading only the facts a period needs). */
export function factSpan(f: CaseFact): { from: number; to: number } {
  const times: number[] = []
  switch (f.kind) {
    case 'task':
      times.push(f.createdAt, f.dueAt, ...f.routings.map((r) => r.at), ...f.reopens, ...f.reds.map((r) => r.at))
      if (f.closedAt !== undefined) times.push(f.closedAt)
      break
    case 'lead':
    case 'record':
      times.push(f.receivedAt)
      break
    case 'mediation':
      if (f.finishedAt !== undefined) times.push(f.finishedAt)
      break
    case 'follow_up':
      times.push(f.closedAt)
      break
  }
  if (!times.length) return { from: Number.MAX_SAFE_INTEGER, to: Number.MIN_SAFE_INTEGER }
  return { from: Math.min(...times), to: Math.max(...times) }
}
