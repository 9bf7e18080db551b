/**
 * The arrivals journal (`intake_arrivals`): one small document per stored record — which record, and
 * when it arrived — written just before the record itself and deleted once older than
 * ARRIVAL_KEEP_MS. The catch-ups that need "the records received since …" (the leads' link repair,
 * the risk engine's feed) read this journal, never the records: on the embedded database every query
 * but an `_id` lookup is a table scan, and the records (several KB each) grow with the years while the
 * journal holds 100 days of documents of a few dozen bytes (docs/database.md#arrivals).
 *
 * Written first, so a crash in between leaves at worst an arrival whose record does not exist (readers
 * skip it), never a stored record the catch-ups cannot find. Each try writes its own arrival
 * (`<record key>:<insert token>`): a retry after such a crash is found at its own time.
 */
import type { Db } from '../infra/db'
import { insertOnce } from '../kernel/insert-once'

const DAY_MS = 24 * 3_600_000
/** longer than any reader looks back (the risk feed's first pass after a start: 90 days) */
export const ARRIVAL_KEEP_MS = 100 * DAY_MS

export interface Arrival {
  /** the record's key (`<channel>:<source id>`, the `_id` of intake_sources) */
  source: string
  at: Date
}

export const arrivalId = (source: string, token: string) => `${source}:${token}`

export async function recordArrivals(db: Db, arrivals: ReadonlyArray<Arrival & { token: string }>): Promise<void> {
  if (!arrivals.length) return
  await insertOnce(
    db.models.IntakeArrival.collection as never,
    arrivals.map((a) => ({ _id: arrivalId(a.source, a.token), source: a.source, at: a.at })),
  )
}

/** Where a reader of the journal goes on from: arrivals at or after `at` — after the arrival `id` when given. */
export interface ArrivalCursor {
  at: Date
  id?: string
}

/**
 * Arrivals from `from` (and before `until`), oldest first, at most `limit`. A record retried after a
 * crash may appear twice. Ties of time (an import batch arrives at one instant) are ordered by `_id`,
 * so a reader that goes on from the last arrival's id never reads a batch twice or skips one.
 */
export async function readArrivals(db: Db, from: ArrivalCursor, opts: { until?: Date; limit?: number } = {}): Promise<Array<Arrival & { _id: string }>> {
  const until = opts.until ? { $lt: opts.until } : {}
  const filter = from.id ? { $or: [{ at: { $gt: from.at, ...until } }, { at: from.at, _id: { $gt: from.id } }] } : { at: { $gte: from.at, ...until } }
  const query = db.models.IntakeArrival.find(filter, { source: 1, at: 1 }).sort({ at: 1, _id: 1 })
  if (opts.limit) query.limit(opts.limit)
  return query.lean<Array<Arrival & { _id: string }>>()
}

/** Deletes the arrivals older than ARRIVAL_KEEP_MS (expiry without TTL indexes, docs/database.md#expiry-without-ttl). */
export async function expireArrivals(db: Db, now: Date): Promise<number> {
  return (await db.models.IntakeArrival.deleteMany({ at: { $lt: new Date(now.getTime() - ARRIVAL_KEEP_MS) } })).deletedCount ?? 0
}

/** The journal for records stored before it existed (a migration): those of the last ARRIVAL_KEEP_MS. */
export async function backfillArrivals(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ARRIVAL_KEEP_MS)
  const docs = await db.models.IntakeSource.find({ receivedAt: { $gte: since } }, { _id: 1, receivedAt: 1, insertToken: 1 }).lean<
    Array<{ _id: string; receivedAt: Date; insertToken: string }>
  >()
  await recordArrivals(
    db,
    docs.map((d) => ({ source: d._id, at: d.receivedAt, token: d.insertToken })),
  )
  return docs.length
}
