/**
 * Changing a task (docs/database.md#task-event-log). Reading it = its projection plus the events after the
 * projection's seq, folded (log.ts). Changing a task = inserting event `<taskId>:<seq+1>`:
 * the unique `_id` decides who owns that transition; a loser re-reads the new events, re-checks and
 * tries the next seq (bounded, with jitter). The projection (projection.ts) is written by the winner
 * and settles at the end of the log.
 */
import { applyEvent, type NoteEventType, type Ref, type TaskEvent, type TaskEventDataMap, type TaskEventType, type TaskState } from '@jqtb/shared'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import { runEffects } from './effects'
import { type FollowUpScope, inScope, newScope, runFollowUps } from './follow-ups'
import { clean, eventId, eventsAfter, eventsUpTo, readLog, type TaskDeps, type TaskLog, toEvent } from './log'
import type { TaskEventDoc } from './model'
import { repairFromLog, writeProjection } from './projection'

/** The current task, repairing its projection if a crash left it behind; 404 if there is no such task. */
export async function loadTask(deps: TaskDeps, taskId: string): Promise<TaskState> {
  const log = await readLog(deps, taskId)
  if (!log.state) throw notFound(`工单 ${taskId} `)
  await repairIfStale(deps, log)
  return log.state
}

/**
 * A tail younger than this is a writer still at work (it writes the projection itself in a moment);
 * an older one is what a crash left behind. Readers repair only the latter, so a busy task is not
 * rewritten by every reader while its writers are still finishing.
 */
export const REPAIR_AFTER_MS = 5000

async function repairIfStale(deps: TaskDeps, log: TaskLog): Promise<void> {
  const newest = log.tail.at(-1)
  if (!newest || deps.clock.now().getTime() - newest.at < REPAIR_AFTER_MS) return
  await repairFromLog(deps, log).catch((err) => deps.logger?.warn({ err, taskId: newest.taskId }, 'projection repair failed; the sweeper will retry'))
}

// ---------------------------------------------------------------------------------------------
// Appending

export interface EventDraft<K extends TaskEventType = TaskEventType> {
  type: K
  data: TaskEventDataMap[K]
  actor: Ref
  /** more events follow in this same command (e.g. expire a lapsed claim, then claim) */
  more?: boolean
}

/** What a command decides from the current state: the next event, or that there is nothing to do. */
export type Decision = EventDraft | { done: true }
export type Decide = (state: TaskState, now: number) => Decision

export interface MutationResult {
  state: TaskState
  appended: TaskEvent[]
}

const MAX_ATTEMPTS = 80
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Appends the events `decide` asks for, one seq at a time. `decide` runs against the exact current
 * state before every attempt and throws an AppError to refuse; after losing a seq to someone else it
 * runs again on the newer state (that is how a losing claimant learns the task is taken).
 */
export async function mutateTask(
  deps: TaskDeps,
  taskId: string,
  decide: Decide,
  opts: { from?: TaskState /** told of every event someone else appended meanwhile */; seen?: (e: TaskEvent) => void } = {},
): Promise<MutationResult> {
  const { TaskEvent } = deps.db.models
  // a caller that has just loaded the task passes it in; a stale one only costs a lost first attempt
  let state: TaskState
  if (opts.from) state = opts.from
  else {
    const log = await readLog(deps, taskId)
    if (!log.state) throw notFound(`工单 ${taskId} `)
    await repairIfStale(deps, log)
    state = log.state
  }
  let last = state.seq
  const appended: TaskEvent[] = []
  const scope = newScope(deps)
  let effectsDone = true
  let losses = 0
  /** someone else appended to this task while we were at it: they may be appending still */
  let contended = false
  /** One attempt at seq last+1: true if we own it; false (state caught up with the winner's event) if not. */
  const tryAppend = async (decision: EventDraft): Promise<boolean> => {
    const event = { taskId, seq: last + 1, at: deps.clock.now().getTime(), type: decision.type, actor: decision.actor, data: decision.data } as TaskEvent
    try {
      await TaskEvent.collection.insertOne(eventDoc(event) as never)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      losses++
      contended = true
      // someone owns seq last+1: fold their event (one point read) and let the caller decide again
      const theirs = await TaskEvent.findById(eventId(taskId, last + 1)).lean<TaskEventDoc>()
      const newer = theirs ? [toEvent(theirs)] : await eventsAfter(deps, taskId, last)
      for (const e of newer) {
        opts.seen?.(e)
        state = applyEvent(state, e)
      }
      last = state.seq
      return false
    }
    const before = state
    state = applyEvent(state, event)
    last = event.seq
    appended.push(event)
    losses = 0
    effectsDone = (await effectsSafely(deps, event, before, state, scope)) && effectsDone
    return true
  }
  let failure: { error: unknown } | null = null
  try {
    let finished = false
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let decision = decide(state, deps.clock.now().getTime())
      if ('done' in decision) {
        finished = true
        break
      }
      if (losses > 0) {
        // Still wanting to append after losing a seq: wait a random while that doubles with every loss
        // (so a crowd of writers spreads out instead of colliding on every seq), catch up, decide again.
        await sleep(Math.random() * Math.min(100, 4 * 2 ** losses))
        for (const e of await eventsAfter(deps, taskId, last)) {
          opts.seen?.(e)
          state = applyEvent(state, e)
        }
        last = state.seq
        decision = decide(state, deps.clock.now().getTime())
        if ('done' in decision) {
          finished = true
          break
        }
      }
      if (!(await tryAppend(decision))) continue
      if (!decision.more) {
        finished = true
        break
      }
    }
    if (!finished) throw new AppError('CONFLICT', '该工单正被多人同时操作，请稍后重试')
  } catch (error) {
    failure = { error }
  }
  if (appended.length) {
    // what listeners asked to do once this command's events are in (follow-ups.ts); then the answer
    // includes what they appended (e.g. the colour a progress note turned the task)
    let followed = false
    if (scope.jobs.size) {
      effectsDone = (await runFollowUps(scope)) && effectsDone
      for (const e of await eventsAfter(deps, taskId, state.seq).catch(() => [])) {
        state = applyEvent(state, e)
        followed = true
      }
    }
    // With an effect missing, the projection stays behind so the sweeper's repair re-runs the effects.
    // Under contention, someone may already have appended after us: then their projection write
    // supersedes ours, so look first (uncontended, skip the read: writeProjection settles anyway).
    // A follow-up that appended wrote (or, its effects missing, left behind) the projection itself.
    const superseded = followed || (contended && !!(await TaskEvent.exists({ _id: eventId(taskId, state.seq + 1) }).catch(() => null)))
    if (effectsDone && !superseded) {
      await writeProjection(deps, state).catch((err) => deps.logger?.warn({ err, taskId }, 'projection write failed; the sweeper will repair it'))
    }
  }
  if (failure) throw failure.error
  return { state, appended }
}

export interface OnceResult extends MutationResult {
  /** the copy of the event that was already in the log (nothing was appended) */
  found?: TaskEvent
}

/**
 * Appends what `decide` asks for at most once: `isSame` recognises a copy appended earlier (a retried
 * request, a repair) or at the same moment by someone else. The whole log is checked before the
 * first attempt and every event that wins a seq from us after it, so of two writers of the same
 * event one appends and the other finds it (and `decide` is not asked again: a retry answers the
 * original even when the task has moved on since).
 */
export async function appendOnce(deps: TaskDeps, taskId: string, decide: Decide, isSame: (e: TaskEvent) => boolean): Promise<OnceResult> {
  const state = await loadTask(deps, taskId)
  let found = (await eventsUpTo(deps, taskId, state.seq)).find(isSame)
  const out = await mutateTask(deps, taskId, (t, at) => (found ? { done: true } : decide(t, at)), {
    from: state,
    seen: (e) => {
      if (!found && isSame(e)) found = e
    },
  })
  return out.appended.length ? out : { ...out, found }
}

/**
 * Appends a note (an event that changes nothing in the task: NOTE_EVENT_TYPES) in any state, closed
 * and cancelled included, at most once (appendOnce). Answers the note, new or found.
 */
export async function appendNote<K extends NoteEventType>(
  deps: TaskDeps,
  taskId: string,
  draft: EventDraft<K>,
  isSame: (e: TaskEvent) => boolean,
): Promise<{ event: TaskEvent; appended: boolean }> {
  const out = await appendOnce(deps, taskId, () => ({ ...draft, more: false }), isSame)
  const mine = out.appended[0]
  if (mine) return { event: mine, appended: true }
  if (out.found) return { event: out.found, appended: false }
  throw new Error(`note on ${taskId} neither appended nor found`)
}

/**
 * Creates a task. Its number was allocated by this request, so the only other writer of its first
 * seqs is a retry of the same request finishing a creation that died half-way: a seq someone else
 * wrote is read and folded in instead of failing, and `appended` holds only what this call wrote.
 */
export async function appendNew(deps: TaskDeps, taskId: string, drafts: EventDraft[], at = deps.clock.now().getTime()): Promise<MutationResult> {
  const { TaskEvent } = deps.db.models
  let state: TaskState | null = null
  const appended: TaskEvent[] = []
  let effectsDone = true
  const scope = newScope(deps)
  for (const [i, d] of drafts.entries()) {
    let event = { taskId, seq: i + 1, at, type: d.type, actor: d.actor, data: d.data } as TaskEvent
    try {
      await TaskEvent.collection.insertOne(eventDoc(event) as never)
      appended.push(event)
    } catch (err) {
      const theirs = isDuplicateKey(err) ? await TaskEvent.findById(eventId(taskId, i + 1)).lean<TaskEventDoc>() : null
      if (!theirs) throw err
      event = toEvent(theirs)
    }
    const before: TaskState | null = state
    state = applyEvent(before, event)
    effectsDone = (await effectsSafely(deps, event, before, state, scope)) && effectsDone
  }
  if (!state) throw new Error('appendNew needs at least one event')
  if (scope.jobs.size) {
    effectsDone = (await runFollowUps(scope)) && effectsDone
    for (const e of await eventsAfter(deps, taskId, state.seq)) state = applyEvent(state, e)
  }
  if (effectsDone) state = await writeProjection(deps, state)
  return { state, appended }
}

/** The event is committed whatever happens here: a failed effect is logged and left to the repair. */
async function effectsSafely(deps: TaskDeps, event: TaskEvent, before: TaskState | null, after: TaskState, scope: FollowUpScope): Promise<boolean> {
  try {
    await inScope(scope, () => runEffects(deps, event, before, after))
    return true
  } catch (err) {
    deps.logger?.error({ err, taskId: event.taskId, seq: event.seq }, 'task event side effects failed; the sweeper will retry')
    return false
  }
}

function eventDoc(e: TaskEvent): TaskEventDoc {
  return clean({
    _id: eventId(e.taskId, e.seq),
    taskId: e.taskId,
    seq: e.seq,
    type: e.type,
    at: new Date(e.at),
    actor: e.actor,
    data: e.data as unknown as Record<string, unknown>,
  })
}
