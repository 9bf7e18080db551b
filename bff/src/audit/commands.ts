import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'
import type { AuditEntryDoc } from './model'

/**
 * Adds a line to the audit trail; a line with the same `_id` already there is the same fact, so a
 * retry or a backfill is a no-op. Callers write it right after the record it indexes, and for a
 * phone reveal before the number is shown: no number leaves the server without its line.
 */
export async function recordAudit(deps: { db: Db }, entry: AuditEntryDoc): Promise<void> {
  try {
    await deps.db.models.AuditEntry.create(entry)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
}

/** Many lines at once (backfills), unordered, duplicates skipped. */
export async function recordAuditMany(deps: { db: Db }, entries: AuditEntryDoc[]): Promise<number> {
  let inserted = 0
  for (let i = 0; i < entries.length; i += 100) {
    try {
      const r = await deps.db.models.AuditEntry.insertMany(entries.slice(i, i + 100), { ordered: false })
      inserted += r.length
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      inserted += (err as { insertedDocs?: unknown[] }).insertedDocs?.length ?? 0
    }
  }
  return inserted
}
