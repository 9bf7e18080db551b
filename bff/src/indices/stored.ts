/**
 * Reading the stored numbers through the process's copy (docs/indices.md#reading). The 一屏掌控 is read far
 * more often than its numbers change — the wall screen every 30 s, every lead's phone, each PC that has it
 * open — and on the embedded database reading a document costs with its size (the board of a busy month is
 * tens of KB) and with the size of the database file. So a rebuild that wrote anything ends by putting a new
 * random generation into `indices_stamps/<street>`; a reader reads that one small document first and keeps
 * what it reads under it. A copy is never newer than the stamp it is kept under is old: the stamp is written
 * after the documents, and read before them. What depends on the clock (overdue, red waiting) is judged when
 * the numbers are presented, not stored, so a kept copy never goes stale by time passing. A process that died
 * between a rebuild's writes and its stamp leaves other processes reading their copies for at most MAX_AGE_MS.
 */
import type { StoredCounters } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { readGeneration, writeGeneration } from '../kernel/generation-stamp'
import { STREET } from './facts'
import { type BoardRow, boardRows, type IndexAggregateDoc, type IndexBoardDoc } from './model'

export const MAX_AGE_MS = 120_000
/** a street's dashboards for every scope and period anyone opened since the last rebuild fit well below */
const MAX_DOCS = 5_000

interface Kept {
  gen: string
  since: number
  docs: Map<string, unknown>
}
const kept = new WeakMap<Db, Kept>()

/** The generation of the stored numbers (null: nothing rebuilt since the stamp existed — read without keeping). */
export const generationOf = (db: Db): Promise<string | null> => readGeneration(db.models.IndexStamp, STREET)

/** After a rebuild's writes: every process reads the stored numbers afresh. */
export const newGeneration = (db: Db, at: Date): Promise<void> => writeGeneration(db.models.IndexStamp, STREET, at)

/** The process's copy for `gen`, started afresh when the generation moved on or the copy is old. */
function copyFor(db: Db, gen: string, now: number): Kept {
  const k = kept.get(db)
  if (k && k.gen === gen && now - k.since < MAX_AGE_MS && k.docs.size < MAX_DOCS) return k
  const fresh: Kept = { gen, since: now, docs: new Map() }
  kept.set(db, fresh)
  return fresh
}

/** Documents of one kind by `_id`, through the process's copy for `gen` (null: read afresh, nothing kept). */
async function readKept<T>(db: Db, gen: string | null, kind: string, ids: readonly string[], read: (id: string) => Promise<T | null>): Promise<(T | null)[]> {
  if (gen === null) return Promise.all(ids.map(read))
  const copy = copyFor(db, gen, Date.now())
  return Promise.all(
    ids.map(async (id) => {
      const key = `${kind}/${id}`
      if (copy.docs.has(key)) return copy.docs.get(key) as T | null
      const doc = await read(id)
      // a copy replaced meanwhile (a newer generation) is not written into
      if (kept.get(db) === copy) copy.docs.set(key, doc)
      return doc
    }),
  )
}

/** Aggregate documents' stored counters by `_id`, in the order asked (null: none stored — zero). */
export function storedCounters(db: Db, gen: string | null, ids: readonly string[]): Promise<(StoredCounters | null)[]> {
  return readKept(
    db,
    gen,
    'aggregate',
    ids,
    async (id) => (await db.models.IndexAggregate.findById(id, { _id: 0, c: 1 }).lean<Pick<IndexAggregateDoc, 'c'>>())?.c ?? null,
  )
}

/** A board as the readers use it: its rows parsed (once per generation when kept). */
export interface StoredBoard {
  streetName: string
  rows: BoardRow[]
  builtAt: Date
}

/** A period's board by `_id` (`gen` null: read afresh, nothing kept). */
export async function storedBoard(db: Db, gen: string | null, id: string): Promise<StoredBoard | null> {
  const [board] = await readKept(db, gen, 'board', [id], async () => {
    const doc = await db.models.IndexBoard.findById(id, { _id: 0, streetName: 1, rowsText: 1, rows: 1, builtAt: 1 }).lean<IndexBoardDoc>()
    return doc ? { streetName: doc.streetName, rows: boardRows(doc), builtAt: doc.builtAt } : null
  })
  return board
}
