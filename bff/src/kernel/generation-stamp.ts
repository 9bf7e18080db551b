/**
 * Generation stamps: one small document `{_id, gen, at}` whose random `gen` is replaced after every write a
 * process may have kept copies of (the indices' stored numbers, people's sign-in answers). A writer writes the
 * stamp after its change; a reader reads the stamp before what it keeps under it, so nothing kept is older than
 * a change its stamp was written after. Replaced by `_id`, last writer wins: any new value invalidates.
 * docs/database.md#people-stamp and docs/indices.md#reading use it.
 */
import { randomUUID } from 'node:crypto'
import { type Model, Schema } from 'mongoose'
import { isDuplicateKey } from '../infra/errors'

export interface GenerationStampDoc {
  _id: string
  gen: string
  at: Date
}

export const generationStampSchema = (collection: string) =>
  new Schema<GenerationStampDoc>(
    { _id: { type: String, required: true }, gen: { type: String, required: true }, at: { type: Date, required: true } },
    { versionKey: false, collection },
  )

/** The current generation under `id` (null: none written yet — keep nothing). */
export async function readGeneration(model: Model<GenerationStampDoc>, id: string): Promise<string | null> {
  return (await model.findById(id, { gen: 1 }).lean<GenerationStampDoc>())?.gen ?? null
}

/** A new random generation under `id`, after the writes it stands for. */
export async function writeGeneration(model: Model<GenerationStampDoc>, id: string, at: Date): Promise<void> {
  const doc: GenerationStampDoc = { _id: id, gen: randomUUID(), at }
  const write = () => model.collection.replaceOne({ _id: id } as never, doc as never, { upsert: true })
  // two first upserts at once: one inserts, the other (11000) replaces what it inserted
  await write().catch((err) => {
    if (!isDuplicateKey(err)) throw err
    return write()
  })
}
