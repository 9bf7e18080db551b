/**
 * Seeding: each domain may declare `seed` (kernel/domain.ts) to put its reference data (and, for
 * `npm start`, its demo data) into a database. Seeds are idempotent and deterministic: `converge`
 * makes a collection contain the wanted documents, whatever is there already.
 */
import type { Model } from 'mongoose'
import type { AppDeps } from '../deps'
import type { Db } from '../infra/db'
import { isDuplicateKey } from '../infra/errors'

export interface SeedReport {
  inserted: number
  updated: number
  unchanged: number
}

/** Stable JSON for comparing a stored document with the desired one (key order, dates as ISO). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  )
}

/**
 * Make the collection contain `docs` (by `_id`): insert what is missing, rewrite what differs,
 * leave the rest alone. `ignore` names fields that are not part of the comparison (timestamps).
 */
export async function converge<T extends { _id: string }>(model: Model<T>, docs: T[], ignore: string[] = []): Promise<SeedReport> {
  const report: SeedReport = { inserted: 0, updated: 0, unchanged: 0 }
  const existing = new Map<string, Record<string, unknown>>()
  const ids = docs.map((d) => d._id)
  for (let i = 0; i < ids.length; i += 500) {
    const found = await model.find({ _id: { $in: ids.slice(i, i + 500) } }).lean()
    for (const f of found) existing.set(String(f._id), f as Record<string, unknown>)
  }
  const strip = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k, v]) => !ignore.includes(k) && v !== undefined))
  const toInsert: T[] = []
  for (const doc of docs) {
    const current = existing.get(doc._id)
    if (!current) toInsert.push(doc)
    else if (canonical(strip(current)) !== canonical(strip(doc as unknown as Record<string, unknown>))) {
      const { _id, ...rest } = doc as Record<string, unknown>
      const set = Object.fromEntries(Object.entries(rest).filter(([k]) => !ignore.includes(k)))
      await model.updateOne({ _id: doc._id } as never, { $set: set } as never)
      report.updated++
    } else report.unchanged++
  }
  // unordered batches of ≤ 100 (docs/database.md#other-differences); a duplicate is the same document put there
  // by another instance seeding at the same moment (both start at once after a deploy), so it is skipped
  for (let i = 0; i < toInsert.length; i += 100) {
    const batch = toInsert.slice(i, i + 100)
    try {
      await model.insertMany(batch, { ordered: false })
      report.inserted += batch.length
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors
      if (!isDuplicateKey(err) || writeErrors?.some((w) => w.code !== 11000)) throw err
      const lost = writeErrors?.length ?? batch.length
      report.inserted += batch.length - lost
      report.unchanged += lost
    }
  }
  return report
}

export interface SeedContext {
  db: Db
  now: Date
  /** also seed the demo data (npm start), through the real commands of the composed app */
  demo?: AppDeps
}

export type SeedResult = Record<string, SeedReport>
