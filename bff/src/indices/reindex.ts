/**
 * `npm run reindex`: recomputes every fact from the logs and every stored number from the facts. What
 * it writes equals what the listeners and the rebuild job keep up incrementally (the same functions);
 * it only rewrites documents that differ and deletes those no longer produced, so the dashboard keeps
 * working while it runs. Reads each task's log by `_id` (a few at a time), never a scan of all events.
 */
import { type CaseFact, factSpan, marksOf, PERIOD_LEVELS, periodKeyAt, taskFacts } from '@jqtb/shared'
import { eventsAfter, eventsUpTo, type TaskDeps } from '../tasks/log'
import { reindexRecords } from './external'
import { canonical, factDoc, type IndicesDeps, STREET, writeFact } from './facts'
import type { IndexFactDoc } from './model'
import { type RebuildReport, rebuildPeriods } from './rebuild'

export interface ReindexReport extends RebuildReport {
  tasks: number
  factsWritten: number
}

const CONCURRENCY = 8

export async function reindexAll(deps: TaskDeps, opts: { onProgress?: (done: number, of: number) => void } = {}): Promise<ReindexReport> {
  const { Task, IndexFact } = deps.db.models
  const tasks = await Task.find({}, { _id: 1, seq: 1 }).lean<Array<{ _id: string; seq: number }>>()
  let next = 0
  let factsWritten = 0
  let done = 0
  const worker = async () => {
    while (next < tasks.length) {
      const t = tasks[next++]
      // the projection's seq, then whatever the log has after it
      const events = [...(await eventsUpTo(deps, t._id, t.seq)), ...(await eventsAfter(deps, t._id, t.seq))]
      const fact = taskFacts(events)
      if (fact) {
        const stored = await IndexFact.findById(`task:${t._id}`).lean<IndexFactDoc>()
        if (!stored || canonical(stored.fact) !== canonical(fact)) {
          await writeFact(deps.db, factDoc(fact, fact.seq, deps.clock.now()))
          factsWritten++
        }
      }
      if (++done % 500 === 0) opts.onProgress?.(done, tasks.length)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  factsWritten += await reindexRecords(deps)
  return { tasks: tasks.length, factsWritten, ...(await rebuildAllPeriods(deps)) }
}

/** Rebuilds every period any fact counts in, and every period stored before (its numbers may be gone). */
export async function rebuildAllPeriods(deps: IndicesDeps): Promise<RebuildReport> {
  const { IndexFact, IndexBoard } = deps.db.models
  const periods = new Set<string>(await IndexBoard.distinct('period'))
  const facts = await IndexFact.find({}, { fact: 1 }).lean<Pick<IndexFactDoc, 'fact'>[]>()
  for (const { fact } of facts) for (const at of anchorTimes(fact)) for (const level of PERIOD_LEVELS) periods.add(periodKeyAt(at, level))
  return rebuildPeriods(deps, [...periods].sort())
}

function anchorTimes(fact: CaseFact): number[] {
  const span = factSpan(fact)
  if (span.from > span.to) return []
  return [...new Set(marksOf(fact, STREET).map((m) => m.at))]
}
