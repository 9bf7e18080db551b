/**
 * Which records the indices are computed from. Tasks always; leads (统一归口), mediations (多元化解)
 * and 回访 once the first of them has reached the indices through its domain's events (listeners.ts):
 * the first fact of a kind inserts `indices_sources/<kind>`. Until then an index of that source reads
 * 暂无数据 — never 0 % or 100 % (shared/src/indices/formulas.ts).
 */
import type { IndexSource, SourceAvailability } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'

/** Before any other domain's records arrived: tasks only. */
export const TASKS_ONLY: SourceAvailability = { tasks: true, leads: false, mediations: false, followUps: false }

const OTHER: Exclude<IndexSource, 'tasks'>[] = ['leads', 'mediations', 'followUps']
const CACHE_MS = 10_000
const cache = new WeakMap<Db, { at: number; value: Promise<SourceAvailability> }>()

/** The sources present now (three `_id` reads, kept for 10 s per process). */
export function sourcesOf(db: Db, now = Date.now()): Promise<SourceAvailability> {
  const hit = cache.get(db)
  if (hit && now - hit.at < CACHE_MS) return hit.value
  const value = Promise.all(OTHER.map((k) => db.models.IndexSource.exists({ _id: k }))).then((found) => ({
    tasks: true,
    leads: !!found[0],
    mediations: !!found[1],
    followUps: !!found[2],
  }))
  value.catch(() => cache.delete(db))
  cache.set(db, { at: now, value })
  return value
}

/** Records that a source has data (idempotent); the next read of the sources sees it. */
export async function noteSource(db: Db, source: Exclude<IndexSource, 'tasks'>, now: Date): Promise<void> {
  try {
    await db.models.IndexSource.collection.insertOne({ _id: source, at: now } as never)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  cache.delete(db)
}
