/**
 * Claims on one task, one at a time per BFF instance. Not a lock for correctness — the event's
 * unique `_id` still decides between instances — but a queue that saves work: when 500 people tap
 * 揭榜 on the same task at once, one claim runs; the others wait for it, then read the task once
 * between them (one shared read) and answer 409 naming the holder, without ever taking a claim slot
 * or racing for the event. Per database connection, so test apps in one process stay apart.
 */
import type { TaskState } from '@jqtb/shared'
import type { TaskDeps } from './log'

interface Flights {
  running: Map<string, Promise<unknown>>
  reads: Map<string, Promise<TaskState>>
}

const byDb = new WeakMap<object, Flights>()

function flights(deps: TaskDeps): Flights {
  let f = byDb.get(deps.db)
  if (!f) {
    f = { running: new Map(), reads: new Map() }
    byDb.set(deps.db, f)
  }
  return f
}

/** Is a claim on `taskId` running in this instance? Then wait for it (and look again). */
export function runningClaim(deps: TaskDeps, taskId: string): Promise<unknown> | undefined {
  return flights(deps)
    .running.get(taskId)
    ?.catch(() => {})
}

/**
 * Runs `claim` as the one claim on `taskId` in this instance. The caller has just seen
 * `runningClaim` answer undefined, with no await since: nothing else can have started one.
 */
export async function asTheClaim<T>(deps: TaskDeps, taskId: string, claim: () => Promise<T>): Promise<T> {
  const { running } = flights(deps)
  const p = claim()
  running.set(taskId, p)
  try {
    return await p
  } finally {
    if (running.get(taskId) === p) running.delete(taskId)
  }
}

/** One read of `taskId` shared by everyone who asks while it is in flight. */
export function sharedRead(deps: TaskDeps, taskId: string, read: () => Promise<TaskState>): Promise<TaskState> {
  const { reads } = flights(deps)
  let p = reads.get(taskId)
  if (!p) {
    p = read().finally(() => reads.delete(taskId))
    reads.set(taskId, p)
  }
  return p
}
