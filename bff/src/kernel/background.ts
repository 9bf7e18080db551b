/**
 * Work that must follow a change but need not hold up its answer: refreshing a derived view (the
 * indices' facts of a task, the watch list's follow-up person after a claim). A claim storm answers
 * each phone as soon as the claim is decided; the views catch up a moment later.
 *
 * Queued in this process, per database connection, coalesced by key: a key already waiting is not
 * queued twice (a burst of events on one task refreshes it once), a key whose job is running is queued
 * again (the running job may have read before the newest event). Jobs run one at a time. Nothing is
 * lost with the queue: every owner of deferred work has a catch-up job that redoes what a crash missed,
 * and a job that fails is logged and left to that catch-up.
 */

import { AsyncLocalStorage } from 'node:async_hooks'

type Job = () => Promise<void>

const deferredWork = new AsyncLocalStorage<string>()

/** True inside deferred work (the claim-cost test leaves its database commands out of a request's count). */
export const inDeferredWork = (): boolean => deferredWork.getStore() !== undefined

interface Queue {
  waiting: Map<string, Job>
  running: Promise<void> | null
  /** someone waits for this lane to finish (settleDeferred, stopDeferred): it stops yielding to requests */
  hurry: number
  /** ends the lane's current wait for a quiet moment */
  wake: (() => void) | null
}

/**
 * Requests being answered by this process (app.ts counts them). Deferred work yields to them while the
 * process is busy (BUSY or more at once; one person's requests one after another are no load): a lane takes
 * its next job at a quieter moment, or after YIELD_MS at the latest, so that a claim storm gets the database
 * to itself and the views catch up after it, while a steady load still moves them.
 */
let answering = 0
const quietWaiters = new Set<() => void>()
const BUSY = 2
const YIELD_MS = 1000

/** Called as a request starts; the function it returns, as it ends (once). */
export function answeringRequest(): () => void {
  answering++
  let ended = false
  return () => {
    if (ended) return
    ended = true
    answering--
    if (answering < BUSY) for (const wake of [...quietWaiters]) wake()
  }
}

function quietMoment(q: Queue): Promise<void> {
  if (answering < BUSY || q.hurry > 0) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      quietWaiters.delete(done)
      q.wake = null
      resolve()
    }
    const timer = setTimeout(done, YIELD_MS)
    quietWaiters.add(done)
    q.wake = done
  })
}

/** per connection, one queue per lane: a long lane (the demo month's linking) does not hold up the views */
const queues = new WeakMap<object, Map<string, Queue>>()

interface Owner {
  /** the connection the work belongs to (one queue each: the tests run several apps in one process) */
  db: object
  logger?: { warn(obj: object, msg: string): void }
}

/**
 * Runs `job` after the current answer, once per `key` however often it is asked for while waiting. Jobs
 * of one `lane` run one at a time, in the order asked; lanes run side by side.
 */
export function later(owner: Owner, key: string, job: Job, lane = 'views'): void {
  let lanes = queues.get(owner.db)
  if (!lanes) {
    lanes = new Map()
    queues.set(owner.db, lanes)
  }
  let q = lanes.get(lane)
  if (!q) {
    q = { waiting: new Map(), running: null, hurry: 0, wake: null }
    lanes.set(lane, q)
  }
  if (!q.waiting.has(key)) q.waiting.set(key, job)
  if (q.running) return
  const queue = q
  queue.running = (async () => {
    // let the command finish and answer first
    await new Promise<void>((resolve) => setTimeout(resolve, 10))
    for (;;) {
      await quietMoment(queue)
      const next = first(queue)
      if (!next) break
      const [key, run] = next
      queue.waiting.delete(key)
      try {
        await deferredWork.run(key, run)
      } catch (err) {
        owner.logger?.warn({ err, key }, 'deferred work failed; its catch-up job redoes it')
      }
    }
    queue.running = null
  })()
}

const first = (q: Queue): [string, Job] | undefined => q.waiting.entries().next().value

/** Waits until this process has done the deferred work of `db`: all of it (tests, shutdown), or one lane's (a rebuild that reads the views). */
export async function settleDeferred(db: object, lane?: string): Promise<void> {
  for (;;) {
    const lanes = [...(queues.get(db)?.entries() ?? [])].filter(([name]) => lane === undefined || name === lane)
    const running = lanes.map(([, q]) => q.running).filter((r): r is Promise<void> => r !== null)
    if (!running.length) return
    await hurried(
      lanes.map(([, q]) => q),
      () => Promise.all(running),
    )
  }
}

/** Runs `wait` while the lanes do not yield to requests (someone is waiting for them). */
async function hurried<T>(lanes: Queue[], wait: () => Promise<T>): Promise<T> {
  for (const q of lanes) {
    q.hurry++
    q.wake?.()
  }
  try {
    return await wait()
  } finally {
    for (const q of lanes) q.hurry--
  }
}

/**
 * Shutdown: drops the work still waiting (its owners' catch-up jobs redo it after the restart) and waits
 * for the jobs running now. A stop in the middle of an import's linking takes one record's time, not the batch's.
 */
export async function stopDeferred(db: object, logger?: Owner['logger']): Promise<void> {
  const lanes = [...(queues.get(db)?.entries() ?? [])]
  const dropped = lanes.reduce((n, [, q]) => n + q.waiting.size, 0)
  for (const [, q] of lanes) q.waiting.clear()
  if (dropped) logger?.warn({ dropped }, 'deferred work left to the catch-up jobs at shutdown')
  await hurried(
    lanes.map(([, q]) => q),
    () => Promise.all(lanes.map(([, q]) => q.running).filter((r): r is Promise<void> => r !== null)),
  )
}

/** Jobs waiting or running per lane of `db` (the metrics' `jqtb_deferred_work` gauge: how far the views lag behind). */
export function deferredBacklog(db: object): Record<string, number> {
  return Object.fromEntries([...(queues.get(db)?.entries() ?? [])].map(([lane, q]) => [lane, q.waiting.size + (q.running ? 1 : 0)]))
}
