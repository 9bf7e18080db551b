/** Inserting documents keyed by a deterministic `_id`: the exactly-once primitive of the points ledger, the window marks and the journals. */

interface WriteError {
  code?: number
}

/**
 * Inserts documents keyed by a deterministic `_id`; those that exist already are skipped. Returns
 * how many were new. Any error other than a duplicate key is thrown.
 */
export async function insertOnce<T extends { _id: string }>(
  collection: { insertMany(docs: T[], opts: { ordered: false }): Promise<{ insertedCount: number }> },
  docs: T[],
): Promise<number> {
  let inserted = 0
  // unordered batches of ≤ 100: each document stands alone (docs/database.md#other-differences)
  for (let i = 0; i < docs.length; i += 100) {
    const batch = docs.slice(i, i + 100)
    try {
      inserted += (await collection.insertMany(batch, { ordered: false })).insertedCount
    } catch (err) {
      const e = err as { writeErrors?: WriteError[] | WriteError; insertedCount?: number; code?: number }
      const writeErrors: WriteError[] = Array.isArray(e.writeErrors)
        ? e.writeErrors
        : e.writeErrors
          ? [e.writeErrors]
          : e.code === 11000
            ? [{ code: 11000 }]
            : []
      if (!writeErrors.length || writeErrors.some((w) => w.code !== 11000)) throw err
      inserted += typeof e.insertedCount === 'number' ? e.insertedCount : batch.length - writeErrors.length
    }
  }
  return inserted
}
