/**
 * Which leads had events lately (`lead_touches`, `_id` = `<leadId>:<10-minute slot>`), written before
 * a lead's events are appended: the settle job (jobs.ts) reads this small collection instead of
 * querying `lead_events` by time, which on the embedded database reads every event ever appended
 * (docs/database.md#arrivals — the same reasoning). Kept a day.
 */
import type { Db } from '../infra/db'
import { insertOnce } from '../kernel/insert-once'

export const TOUCH_SLOT_MS = 10 * 60_000
export const TOUCH_KEEP_MS = 24 * 3_600_000

/** this instance's recent touches, so a busy lead costs one insert per slot, not one per event */
const written = new WeakMap<Db, Set<string>>()

export async function touchLead(db: Db, leadId: string, now: Date): Promise<void> {
  const slot = Math.floor(now.getTime() / TOUCH_SLOT_MS) * TOUCH_SLOT_MS
  const id = `${leadId}:${new Date(slot).toISOString()}`
  const mine = written.get(db) ?? new Set<string>()
  written.set(db, mine)
  if (mine.has(id)) return
  await insertOnce(db.models.LeadTouch.collection as never, [{ _id: id, leadId, at: new Date(slot) }])
  if (mine.size > 5000) mine.clear()
  mine.add(id)
}

/** The leads touched since `since` (a touch is dated by the start of its slot). */
export async function leadsTouchedSince(db: Db, since: Date): Promise<string[]> {
  const docs = await db.models.LeadTouch.find({ at: { $gte: new Date(since.getTime() - TOUCH_SLOT_MS) } }, { leadId: 1 }).lean<Array<{ leadId: string }>>()
  return [...new Set(docs.map((d) => d.leadId))]
}

export async function expireTouches(db: Db, now: Date): Promise<number> {
  return (await db.models.LeadTouch.deleteMany({ at: { $lt: new Date(now.getTime() - TOUCH_KEEP_MS) } })).deletedCount ?? 0
}
