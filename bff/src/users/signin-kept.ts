/**
 * The sign-in check, kept per process under the people stamp (docs/database.md#people-stamp). Every staff
 * request asks "may this person use the app now, and as whom?": the person (and any change not yet folded
 * in), a departure record and a session cut-off — four point reads, on every request, so that a
 * deactivation or a role change takes effect at once. People change rarely; requests come all day. So every
 * write that can change the answer ends by putting a new random generation into `people_stamps/people`, and
 * a request reads that one small document — a read begun after the request arrived, shared with the
 * requests that arrived with it — and uses what this process last read for the person under the same
 * generation. The stamp is written after the change and read before the person, so nothing kept is older
 * than a change its stamp was written after: a deactivation on any instance refuses the person's next
 * request on every instance. A writer that died between its change and the stamp (or a hand edit of the
 * database) is seen when the kept answer is MAX_AGE_MS old; a stamp this process failed to write after its
 * own change stops it keeping anything until one is written (people-stamp.ts). Only people who may sign in
 * are kept; a refusal is read afresh every time. No stamp at all (a new or restored database): nothing kept.
 */
import type { AppDeps } from '../deps'
import { peopleGeneration, stampOwed } from './people-stamp'
import { type PersonRecord, sessionCutoff, signInState } from './store'

type Db = AppDeps['db']

export const MAX_AGE_MS = 60_000
/** a county's staff fit well below; past it the copy starts again */
const MAX_PEOPLE = 20_000

interface KeptPerson {
  person: PersonRecord
  /** sessions signed at or before this are ended (null: none) */
  cutoff: Date | null
  since: number
}
interface Kept {
  gen: string
  people: Map<string, KeptPerson>
}
const kept = new WeakMap<Db, Kept>()

export interface SignInCheck {
  person: PersonRecord | null
  allowed: boolean
  /** a session signed at `issuedAt` was ended since (an account unlinked) */
  ended: boolean
}

/** May `userId`, signed in at `issuedAt`, use the app now — through this process's kept answers. */
export async function checkSignIn(db: Db, userId: string, issuedAt: Date): Promise<SignInCheck> {
  const gen = await peopleGeneration(db)
  // monotonic: a wall clock stepped back must not stretch how long an answer is kept
  const now = performance.now()
  if (gen === null || stampOwed(db)) kept.delete(db)
  const copy = gen === null || stampOwed(db) ? null : copyFor(db, gen)
  const hit = copy?.people.get(userId)
  if (hit && now - hit.since < MAX_AGE_MS) return { person: hit.person, allowed: true, ended: endedBy(hit.cutoff, issuedAt) }
  const [{ person, allowed }, cutoff] = await Promise.all([signInState(db, userId), sessionCutoff(db, userId)])
  // a copy replaced meanwhile (a newer generation) is not written into
  if (copy && person && allowed && kept.get(db) === copy) copy.people.set(userId, { person, cutoff, since: now })
  return { person, allowed, ended: endedBy(cutoff, issuedAt) }
}

// tokens carry whole seconds: one signed in the second of the cut-off counts as before it
const endedBy = (cutoff: Date | null, issuedAt: Date) => cutoff !== null && issuedAt.getTime() <= cutoff.getTime()

function copyFor(db: Db, gen: string): Kept {
  const k = kept.get(db)
  if (k && k.gen === gen && k.people.size < MAX_PEOPLE) return k
  const fresh: Kept = { gen, people: new Map() }
  kept.set(db, fresh)
  return fresh
}
