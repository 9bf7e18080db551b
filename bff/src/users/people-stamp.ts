/**
 * The people stamp (docs/database.md#people-stamp): `people_stamps/people` gets a new random generation after
 * every write that can change who may sign in, or as whom; users/signin-kept.ts keeps sign-in answers under it.
 */
import type { AppDeps } from '../deps'
import { freshReader } from '../kernel/fresh-read'
import { readGeneration, writeGeneration } from '../kernel/generation-stamp'

type Db = AppDeps['db']

const STAMP_ID = 'people'

/** The current generation (null: no change recorded since the stamp existed), read after the caller asked. */
export const peopleGeneration = freshReader((db: Db) => readGeneration(db.models.PeopleStamp, STAMP_ID))

const ATTEMPTS = 4
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Databases on which this process recorded a change but could not write the stamp after it. */
const unstamped = new WeakSet<Db>()

/** True while a change made here has no stamp after it: this process must not use what it kept. */
export const stampOwed = (db: Db): boolean => unstamped.has(db)

/**
 * After any write that can change who may sign in, or as whom: every process reads people afresh. Never
 * throws — the change it follows is already recorded and must not be reported as failed. If the stamp cannot
 * be written after a few tries, this process stops using what it kept until a stamp is written, the error is
 * logged, and the other processes see the change when what they kept is MAX_AGE_MS old (signin-kept.ts).
 */
export async function peopleChanged(db: Db, at: Date, logger?: { error(obj: object, msg: string): void }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeGeneration(db.models.PeopleStamp, STAMP_ID, at)
      unstamped.delete(db)
      return
    } catch (err) {
      if (attempt >= ATTEMPTS) {
        unstamped.add(db)
        logger?.error({ err }, 'people stamp not written after a change: other instances may let the old answer stand for up to a minute')
        return
      }
      await sleep(100 * 2 ** attempt)
    }
  }
}
