/**
 * Computed records (never typed): each outcome writes one insert-only row per member, each rating one
 * row; a member's `mediator_stats` document is a cache of their rows, recomputed after every new row
 * and by the repair job for mediators with recent rows (a crash between the row and the cache).
 */
import { statsOf } from '@jqtb/shared'
import type { AppDeps } from '../deps'
import type { StatsDoc } from './model'

export async function refreshStats(deps: AppDeps, mediatorId: string): Promise<StatsDoc> {
  const { MediatorOutcomeRow, MediatorRating, MediatorStats } = deps.db.models
  const [rows, ratings] = await Promise.all([MediatorOutcomeRow.find({ mediatorId }).lean(), MediatorRating.find({ mediatorId }).lean()])
  const s = statsOf(rows, ratings)
  const doc: StatsDoc = {
    _id: mediatorId,
    done: s.done,
    success: s.success,
    partial: s.partial,
    failed: s.failed,
    totalDurationMs: rows.reduce((t, r) => t + Math.max(0, r.durationMs), 0),
    ratingSum: s.ratingSum,
    ratingCount: s.ratingCount,
    at: deps.clock.now(),
  }
  await MediatorStats.replaceOne({ _id: mediatorId }, doc, { upsert: true }).catch(() => {})
  return doc
}

/** Ratings of a task's team members: the reviewer's rating at 验收 now, citizens' 回访 later (source `citizen`). */
export async function rateMembers(
  deps: AppDeps,
  input: { source: 'review' | 'citizen'; ref: string; taskId: string; rating: number; mediatorIds: readonly string[] },
) {
  const { MediatorRating } = deps.db.models
  for (const mediatorId of input.mediatorIds) {
    await MediatorRating.collection
      .insertOne({
        _id: `${input.source}:${input.ref}:${mediatorId}`,
        mediatorId,
        source: input.source,
        rating: input.rating,
        taskId: input.taskId,
        at: deps.clock.now(),
      } as never)
      .catch((err: { code?: number }) => {
        if (err?.code !== 11000) throw err
      })
    await refreshStats(deps, mediatorId)
  }
}

/** Caches of mediators with rows since `since` (the job). */
export async function repairStats(deps: AppDeps, since: Date): Promise<number> {
  const { MediatorOutcomeRow, MediatorRating } = deps.db.models
  const [rows, ratings] = await Promise.all([
    MediatorOutcomeRow.find({ at: { $gte: since } }, { mediatorId: 1 }).lean(),
    MediatorRating.find({ at: { $gte: since } }, { mediatorId: 1 }).lean(),
  ])
  const ids = new Set([...rows, ...ratings].map((r) => r.mediatorId))
  for (const id of ids) await refreshStats(deps, id)
  return ids.size
}
