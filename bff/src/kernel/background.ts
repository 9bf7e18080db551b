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
}

const queues = new WeakMap<object, Queue>()

interface Owner {
  /** the connection the work belongs to (one queue each: the tests run several apps in one process) */
  db: object
  logger?: { warn(obj: object, msg: string): void }
}

/** Runs `job` after the current answer, once per `key` however often it is asked for while waiting. */
export function later(owner: Owner, key: string, job: Job): void {
  let q = queues.get(owner.db)
  if (!q) {
    q = { waiting: new Map(), running: null }
    queues.set(owner.db, q)
  }
  if (!q.waiting.has(key)) q.waiting.set(key, job)
  if (q.running) return
  const queue = q
  queue.running = (async () => {
    // let the command finish and answer first
    await new Promise<void>((resolve) => setTimeout(resolve, 10))
    for (let next = first(queue); next; next = first(queue)) {
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

/** Waits until this process has done all the deferred work of `db` (tests, shutdown, a rebuild that reads it). */
export async function settleDeferred(db: object): Promise<void> {
  for (;;) {
    const q = queues.get(db)
    if (!q?.running) return
    await q.running
  }
}
