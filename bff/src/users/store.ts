/**
 * A person's record on FerretDB, where an update rewrites the whole document without re-checking its
 * filter (docs/database.md#non-atomic-updates): two updates of one person at once can silently revert
 * each other. So every change to a person is an insert of `user_changes` `<userId>:<seq+1>` — the
 * unique `_id` orders the writers, a loser re-reads and decides again — and `users` is a cache of the
 * fold, like `tasks` over `task_events` (docs/database.md#person-history). Reading a person folds
 * whatever changes the cache has not caught up with (one point read when there are none). Who may
 * sign in also needs no `users.active` update to be true: a departure is a `user_departures` document
 * of its own.
 */

import { recordAudit } from '../audit/commands'
import type { AppDeps } from '../deps'
import { AppError, isDuplicateKey, notFound } from '../infra/errors'
import { personAuditEntry } from './audit'
import { type Actor, type ChangeKind, changeId, type FieldChange, type PersonField, type UserChangeDoc, type UserDoc } from './model'
import { peopleChanged } from './people-stamp'

type Db = AppDeps['db']

export interface PersonDeps {
  db: Db
  clock: AppDeps['clock']
  logger?: AppDeps['logger']
}

/** The system acting for the address book: org sync and the DingTalk event push. */
export const ORG_SYNC: Actor = { id: 'system:org-sync', name: '通讯录同步' }
export const DINGTALK_EVENTS: Actor = { id: 'system:dingtalk-events', name: '钉钉通讯录事件' }

export interface PersonRecord {
  user: UserDoc
  /** the last change folded in */
  seq: number
}

const isEmpty = (v: unknown) => v === undefined || v === null

/** A person with some changes applied (`to` absent removes the field). */
export function applyChanges(user: UserDoc, changes: readonly FieldChange[]): UserDoc {
  const next = { ...user } as Record<string, unknown>
  for (const c of changes) {
    if (isEmpty(c.to)) delete next[c.field]
    else next[c.field] = c.to
  }
  return next as unknown as UserDoc
}

/** The person as of their latest change: the cached document plus any changes it lacks. */
export async function readPerson(db: Db, userId: string): Promise<PersonRecord | null> {
  const doc = await db.models.User.findById(userId).lean<UserDoc>()
  if (!doc) return null
  let user = doc
  let seq = doc.rev ?? 0
  for (;;) {
    const next = await db.models.UserChange.findById(changeId(userId, seq + 1)).lean<UserChangeDoc>()
    if (!next) break
    user = { ...applyChanges(user, next.changes), updatedAt: next.at, rev: next.seq }
    seq = next.seq
  }
  return { user, seq }
}

export async function isDeparted(db: Db, userId: string): Promise<boolean> {
  return !!(await db.models.UserDeparture.exists({ _id: userId }))
}

/** Ends every session of the person signed before now (an account unlinked; their next request is 401 SESSION_ENDED). */
export async function endSessions(deps: PersonDeps, userId: string): Promise<void> {
  await deps.db.models.SessionCutoff.updateOne({ _id: userId }, { $max: { at: deps.clock.now() } }, { upsert: true })
  await peopleChanged(deps.db, deps.clock.now(), deps.logger)
}

/** When the person's sessions were last ended (null: never). One point read. */
export async function sessionCutoff(db: Db, userId: string): Promise<Date | null> {
  return (await db.models.SessionCutoff.findById(userId).lean())?.at ?? null
}

/**
 * May this person use the app now? No to a departure record, whatever `users.active` says, and no to
 * a person whose folded record is inactive (a seeded leaver, or a departure removed half-way).
 */
export async function signInState(db: Db, userId: string): Promise<{ person: PersonRecord | null; allowed: boolean; departed: boolean }> {
  const [person, departed] = await Promise.all([readPerson(db, userId), isDeparted(db, userId)])
  return { person, departed, allowed: !!person && !departed && person.user.active !== false }
}

/** Field by field, what turns `user` into `user + patch` (unchanged fields left out). */
export function diff(user: UserDoc, patch: Partial<Pick<UserDoc, PersonField>>): FieldChange[] {
  const out: FieldChange[] = []
  for (const [field, to] of Object.entries(patch) as Array<[PersonField, unknown]>) {
    if (to === undefined) continue
    const from = (user as unknown as Record<string, unknown>)[field]
    if (JSON.stringify(from ?? null) === JSON.stringify(to ?? null)) continue
    out.push({ field, ...(isEmpty(from) ? {} : { from }), ...(isEmpty(to) ? {} : { to }) })
  }
  return out
}

/** Removal of a field, as a change. */
export const removal = (user: UserDoc, field: PersonField): FieldChange[] => {
  const from = (user as unknown as Record<string, unknown>)[field]
  return isEmpty(from) ? [] : [{ field, from }]
}

export interface ChangeDraft {
  kind: ChangeKind
  changes: FieldChange[]
  note?: string
  /** record the entry even without field changes (a departure of someone already marked inactive) */
  always?: boolean
}

const MAX_ATTEMPTS = 40
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Appends the change `decide` asks for against the person's exact current state. `decide` throws an
 * AppError to refuse and returns null when there is nothing to change; after losing a seq to another
 * writer it runs again on the newer state. Returns the person after the change.
 */
export async function changePerson(
  deps: PersonDeps,
  userId: string,
  actor: Actor,
  decide: (user: UserDoc) => ChangeDraft | null,
): Promise<{ user: UserDoc; changed: boolean; seq: number }> {
  const { UserChange } = deps.db.models
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await readPerson(deps.db, userId)
    if (!current) throw notFound('此人')
    const draft = decide(current.user)
    if (!draft || (draft.changes.length === 0 && !draft.always)) return { user: current.user, changed: false, seq: current.seq }
    const seq = current.seq + 1
    const at = deps.clock.now()
    try {
      await UserChange.create({
        _id: changeId(userId, seq),
        userId,
        seq,
        at,
        actor,
        kind: draft.kind,
        changes: draft.changes,
        ...(draft.note ? { note: draft.note } : {}),
      })
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // another writer owns this seq: wait a random, doubling while, then decide again on their result
      await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt))
      continue
    }
    await peopleChanged(deps.db, at, deps.logger)
    await recordAudit(deps, personAuditEntry(changeId(userId, seq), at, actor, current.user, draft)).catch((err) =>
      deps.logger?.error({ err, userId, seq }, 'audit line not written; the person history keeps the change'),
    )
    const user = { ...applyChanges(current.user, draft.changes), rev: seq, updatedAt: at }
    await writeProjection(deps, userId, user).catch((err) => deps.logger?.warn({ err, userId }, 'person cache write failed; readers fold the change'))
    return { user, changed: true, seq }
  }
  throw new AppError('CONFLICT', '此人的资料正被多人同时修改，请刷新后重试')
}

/**
 * Writes the cache. A late write of an older state can land after a newer one (FerretDB checks no
 * filter at write time); whoever wrote then sees the newer change exists and writes the fold again,
 * so the cache always ends at the latest change. Readers never depend on it being current.
 */
export async function writeProjection(deps: PersonDeps, userId: string, user: UserDoc): Promise<void> {
  const { User, UserChange } = deps.db.models
  let state = user
  for (let round = 0; round < 5; round++) {
    const { _id, createdAt, ...fields } = state as UserDoc & Record<string, unknown>
    const unset = ['department', 'mobile', 'dingtalk', 'zzd'].filter((k) => isEmpty(fields[k]))
    for (const k of unset) delete fields[k]
    await User.updateOne({ _id: userId }, { $set: fields, ...(unset.length ? { $unset: Object.fromEntries(unset.map((k) => [k, ''])) } : {}) })
    if (!(await UserChange.exists({ _id: changeId(userId, (state.rev ?? 0) + 1) }))) return
    const latest = await readPerson(deps.db, userId)
    if (!latest) return
    state = latest.user
  }
}

/** The person's history, newest first. */
export async function historyOf(db: Db, userId: string, limit = 100): Promise<UserChangeDoc[]> {
  return db.models.UserChange.find({ userId }).sort({ seq: -1, _id: -1 }).limit(limit).lean<UserChangeDoc[]>()
}
