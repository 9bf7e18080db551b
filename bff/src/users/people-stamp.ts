/**
 * The people stamp (docs/database.md#people-stamp): `people_stamps/people` gets a new random generation after
 * every write that can change who may sign in, or as whom; users/signin-kept.ts keeps sign-in answers under it.
 */
import { randomUUID } from 'node:crypto'
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import { freshReader } from '../kernel/fresh-read'
import type { PeopleStampDoc } from './model'

type Db = AppDeps['db']

const STAMP_ID = 'people'

/** The current generation (null: no change recorded since the stamp existed), read after the caller asked. */
export const peopleGeneration = freshReader(
  async (db: Db): Promise<string | null> => (await db.models.PeopleStamp.findById(STAMP_ID, { gen: 1 }).lean<PeopleStampDoc>())?.gen ?? null,
)

/** After any write that can change who may sign in, or as whom: every process reads people afresh. */
export async function peopleChanged(db: Db, at: Date): Promise<void> {
  const doc: PeopleStampDoc = { _id: STAMP_ID, gen: randomUUID(), at }
  const write = () => db.models.PeopleStamp.collection.replaceOne({ _id: STAMP_ID } as never, doc as never, { upsert: true })
  // two first upserts at once: one inserts, the other (11000) replaces what it inserted
  await write().catch((err) => {
    if (!isDuplicateKey(err)) throw err
    return write()
  })
}
