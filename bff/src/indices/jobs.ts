/**
 * Indices background work, safe on several BFF instances at once:
 *
 * 1. catch-up: the task events of recent settled windows (kernel/windows.ts, stream
 *    `indices:task_events`) refresh their tasks' facts and mark their days dirty again — what a
 *    listener missed (a crash, a database hiccup) is found 5 to 20 minutes later, and any rebuild that
 *    raced with another instance is done once more over settled facts;
 * 2. rebuild: the dirty days' periods are recomputed from the facts (rebuild.ts);
 * 3. first start over existing data (an upgrade): everything is computed once (reindex.ts).
 */

import { periodKeyAt } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import { openWindow } from '../kernel/windows'
import { type TaskDeps, taskDeps } from '../tasks/log'
import { eventsInWindow } from '../tasks/window-events'
import { catchUpRecords } from './external'
import { markDirty, noteTaskChanged } from './facts'
import { rebuildDirty } from './rebuild'
import { reindexAll } from './reindex'

export const CATCH_UP_STREAM = 'indices:task_events'

/** Refreshes the facts of tasks with events in the settled windows not yet done, and marks their days. */
export async function catchUpFacts(deps: TaskDeps): Promise<{ tasks: number }> {
  const window = await openWindow(deps.db, CATCH_UP_STREAM, deps.clock.now())
  if (!window) return { tasks: 0 }
  // read once for every periodic reader of this process (tasks/window-events.ts)
  const docs = await eventsInWindow(deps, window)
  const days = new Map<string, Set<string>>()
  for (const d of docs) days.set(d.taskId, (days.get(d.taskId) ?? new Set()).add(periodKeyAt(new Date(d.at).getTime(), 'day')))
  for (const [taskId, eventDays] of days) {
    const changed = await noteTaskChanged(deps, taskId)
    // marked again even when the facts were right: a rebuild that raced with another is redone
    if (!changed.length) await markDirty(deps.db, eventDays, deps.clock.now())
  }
  await window.done()
  return { tasks: days.size }
}

/** Whether this process already checked that the stored numbers exist. */
let bootstrapped = false

/** On the first run over a database with tasks but no facts (an upgrade), computes everything once. */
export async function bootstrapIfEmpty(deps: TaskDeps): Promise<boolean> {
  if (bootstrapped) return false
  const [facts, events] = await Promise.all([deps.db.models.IndexFact.exists({}), deps.db.models.TaskEvent.exists({})])
  bootstrapped = true
  if (facts || !events) return false
  deps.logger?.info('indices: no facts yet over existing tasks; computing everything once')
  await reindexAll(deps)
  return true
}

export function indicesJobs(deps: AppDeps, intervalMs = 10_000): PeriodicJob[] {
  const tasks = taskDeps(deps)
  return [
    {
      name: 'indices-rebuild',
      intervalMs,
      run: async () => {
        await bootstrapIfEmpty(tasks).catch((err: unknown) => deps.logger.warn({ err }, 'indices: first build failed; the next run retries'))
        await catchUpFacts(tasks).catch((err: unknown) => deps.logger.warn({ err }, 'indices: catch-up failed; the next run retries'))
        await catchUpRecords(tasks).catch((err: unknown) => deps.logger.warn({ err }, 'indices: intake records catch-up failed; the next run retries'))
        await rebuildDirty(tasks)
      },
    },
  ]
}
