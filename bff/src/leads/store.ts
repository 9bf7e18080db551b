/**
 * A lead's log and its projection — the task-event design (docs/database.md#task-event-log): every
 * change is an insert of `<leadId>:<seq>`, whoever inserts seq n first owns change n, a loser reads it
 * and decides again. After an append the events are published (lead.linked / lead.updated), then the
 * projection is written; a projection behind its log therefore also means "maybe not published yet",
 * and whoever finds it so — a reader after a grace period, the repair job — publishes again and
 * rewrites it (listeners are idempotent).
 */
import { applyLeadEvent, type LeadEvent, type LeadEventDataMap, type LeadEventType, type LeadState } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey } from '../infra/errors'
import { type TaskDeps, taskDeps } from '../tasks/log'
import './events'
import { queueLeadFeedback } from './feedback'
import { leadEventId, leadEventsAfter } from './log'
import { projectLead } from './projection'
import { touchLead } from './touches'

export { leadEventId, leadEventsAfter } from './log'

export type LeadDeps = Pick<AppDeps, 'db' | 'clock' | 'logger' | 'events' | 'notifier'> & {
  piiKey: string
  /** where feedback to the source channels is posted (empty: kept, not sent) */
  feedbackUrl: string
  /** the task domain's commands (converting a lead creates a task through them) */
  tasks: TaskDeps
}

export const leadDeps = (deps: AppDeps): LeadDeps => ({
  db: deps.db,
  clock: deps.clock,
  logger: deps.logger,
  events: deps.events,
  notifier: deps.notifier,
  piiKey: deps.config.piiKey,
  feedbackUrl: deps.config.intakeFeedbackUrl,
  tasks: taskDeps(deps),
})

export const SYSTEM = { id: 'system', name: '系统' }
const REPAIR_AFTER_MS = 5000

export type LeadDraft = { [K in LeadEventType]: { type: K; data: LeadEventDataMap[K] } }[LeadEventType]

/** Every event of a lead (its timeline). */
export const leadTimeline = (deps: LeadDeps, leadId: string) => leadEventsAfter(deps, leadId, 0)

export interface LeadLog {
  state: LeadState | null
  tail: LeadEvent[]
}

/** The lead as its log says now: the projection plus the events after it; a stale tail is repaired. */
export async function readLead(deps: LeadDeps, leadId: string): Promise<LeadLog> {
  const doc = await deps.db.models.Lead.findById(leadId).lean<{ _id: string } & LeadState>()
  const projected: LeadState | null = doc ? ({ ...doc, id: doc._id } as LeadState) : null
  const tail = await leadEventsAfter(deps, leadId, projected?.seq ?? 0)
  let state = projected
  for (const e of tail) state = applyLeadEvent(state, e)
  if (tail.length && state && deps.clock.now().getTime() - (tail[0]?.at ?? 0) > REPAIR_AFTER_MS) await settle(deps, state, tail)
  return { state, tail }
}

export async function loadLead(deps: LeadDeps, leadId: string): Promise<LeadState> {
  const { state } = await readLead(deps, leadId)
  if (!state) throw new AppError('NOT_FOUND', '线索不存在')
  return state
}

/** A decision that ends the lead without a task: to whom and why (the lead.updated payload carries it). */
function decisionOf(e: LeadEvent): { to?: string; reason: string } | null {
  if (e.type === 'returned' || e.type === 'transferred') return { to: e.data.to, reason: e.data.reason }
  if (e.type === 'refused' || e.type === 'resolved') return { reason: e.data.reason }
  return null
}

/** Publishes what the events mean to the later domains, then writes the projection. */
async function settle(deps: LeadDeps, state: LeadState, events: LeadEvent[]): Promise<void> {
  const channels = [...new Set(state.sourceKeys.map((k) => k.slice(0, k.indexOf(':'))))]
  const common = { repeatCount: state.repeatOf.length, channels, sourceKeys: state.sourceKeys, ...(state.taskId ? { taskId: state.taskId } : {}) }
  for (const e of events) {
    const at = new Date(e.at).toISOString()
    try {
      await queueLeadFeedback(deps, state, e)
      if (e.type === 'opened' || e.type === 'joined') {
        await deps.events.publish('lead.linked', {
          leadId: e.leadId,
          sourceKey: e.data.sourceKey,
          kind: e.type === 'opened' ? 'new' : 'joined',
          relatedLeadIds: state.repeatOf.map((r) => r.leadId),
          ...common,
          at,
        })
      } else if (e.type === 'repeat_linked') {
        await deps.events.publish('lead.linked', {
          leadId: e.leadId,
          sourceKey: state.founder,
          kind: 'repeat',
          relatedLeadIds: state.repeatOf.map((r) => r.leadId),
          ...common,
          at,
        })
      } else {
        const taskId = (e.data as { taskId?: string }).taskId ?? state.taskId
        const decision = decisionOf(e)
        await deps.events.publish('lead.updated', {
          leadId: e.leadId,
          change: e.type,
          ...common,
          ...(taskId ? { taskId } : {}),
          ...(decision ? { decision } : {}),
          at,
        })
      }
    } catch (err) {
      // the projection stays behind: the repair queues and publishes again (both idempotent)
      deps.logger.warn({ err, leadId: e.leadId, seq: e.seq }, 'a listener of a lead event failed')
      return
    }
  }
  await projectLead(deps, state)
}

export interface AppendResult {
  state: LeadState
  appended: LeadEvent[]
}

/**
 * Appends what `decide` answers for the lead as it is (null: nothing to do, the state is answered).
 * Linearisable per lead: a lost race re-reads and decides again.
 */
export async function appendLead(
  deps: LeadDeps,
  leadId: string,
  actor: { id: string; name: string },
  decide: (state: LeadState | null) => LeadDraft[] | null,
): Promise<AppendResult> {
  for (let attempt = 0, wait = 10; attempt < 60; attempt++, wait = Math.min(wait * 2, 400)) {
    const { state } = await readLead(deps, leadId)
    const drafts = decide(state)
    if (!drafts?.length) {
      if (!state) throw new AppError('NOT_FOUND', '线索不存在')
      return { state, appended: [] }
    }
    const at = deps.clock.now()
    const seq0 = state?.seq ?? 0
    const events: LeadEvent[] = drafts.map((d, i) => ({ leadId, seq: seq0 + i + 1, at: at.getTime(), actor, type: d.type, data: d.data }) as LeadEvent)
    // before the events: the settle job finds the lead even if this instance dies right after them
    await touchLead(deps.db, leadId, at)
    try {
      // the first insert decides; the rest of a multi-event change follow it (nobody else can own seq0+1)
      for (const e of events) {
        await deps.db.models.LeadEvent.collection.insertOne({
          _id: leadEventId(leadId, e.seq),
          leadId,
          seq: e.seq,
          type: e.type,
          at,
          actor,
          data: e.data,
        } as never)
      }
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())))
      continue
    }
    let next = state
    for (const e of events) next = applyLeadEvent(next, e)
    await settle(deps, next as LeadState, events)
    return { state: next as LeadState, appended: events }
  }
  throw new AppError('CONFLICT', '线索正被多人同时处理，请稍后重试')
}
