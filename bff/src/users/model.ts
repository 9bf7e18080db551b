import { ROLES, type Role } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'
import type { Actor } from '../kernel/actor'
import { type GenerationStampDoc, generationStampSchema } from '../kernel/generation-stamp'

export type { Actor } from '../kernel/actor'

export interface UserDoc {
  _id: string
  name: string
  roles: Role[]
  /** the territory the user answers for (grid for a grid worker, street for the centre) */
  territory: string
  department?: string
  title: string
  /** stored as given by the org directory; only ever shown masked */
  mobile?: string
  /** 专长 (shared/src/tags.ts): a pool that requires some admits those with any of them */
  tags: string[]
  /**
   * A cache for display and queries. Who may sign in is decided by `user_departures` (and this field
   * as folded from `user_changes`), never by this stored copy alone (users/store.ts).
   */
  active: boolean
  dingtalk?: { userid: string; unionid?: string }
  zzd?: { accountId: number; employeeCode?: string }
  /** the last `user_changes` seq folded into this document (absent for seeded people: 0) */
  rev?: number
  createdAt: Date
  updatedAt: Date
}

/**
 * Maps an external identity to our user. `_id` = `<provider>:<external id>` (e.g. `dingtalk:dt_wangli`,
 * `zzd:105401`): the unique `_id` makes one person per identity without a separate unique index.
 */
export interface UserIdentityDoc {
  _id: string
  userId: string
  /** when the link was made (absent for seeded links); an old link to nobody is an abandoned add */
  createdAt?: Date
}

export const PERSON_FIELDS = ['name', 'title', 'mobile', 'roles', 'territory', 'department', 'tags', 'active', 'dingtalk', 'zzd'] as const
export type PersonField = (typeof PERSON_FIELDS)[number]

/** One field's change; `to` absent means the field was removed. */
export interface FieldChange {
  field: PersonField
  from?: unknown
  to?: unknown
}

export const CHANGE_KINDS = ['created', 'updated', 'identity_linked', 'identity_unlinked', 'deactivated', 'reactivated', 'synced'] as const
export type ChangeKind = (typeof CHANGE_KINDS)[number]

/**
 * The append-only history of a person, which is also how changes to one person are ordered: `_id` =
 * `<userId>:<seq, 10 digits>`, and whoever inserts seq n+1 first owns that change (the loser re-reads
 * and tries again). The `users` document is a cache of the fold, like `tasks` over `task_events`.
 */
export interface UserChangeDoc {
  _id: string
  userId: string
  seq: number
  at: Date
  actor: Actor
  kind: ChangeKind
  changes: FieldChange[]
  /** why (a deactivation's reason) */
  note?: string
}

/**
 * A person who may not sign in: `_id` = userId. Inserted to deactivate, deleted (`deleteOne({_id})`,
 * deletedCount checked) to reactivate — the two operations FerretDB gets right under concurrency,
 * unlike an update of `users.active`, which a concurrent profile update can silently revert.
 */
export interface UserDepartureDoc {
  _id: string
  at: Date
  by: Actor
  reason?: string
}

const userSchema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    roles: { type: [String], enum: ROLES, default: [] },
    territory: { type: String, required: true },
    department: { type: String },
    title: { type: String, default: '' },
    mobile: { type: String },
    tags: { type: [String], default: [] },
    active: { type: Boolean, required: true },
    dingtalk: { type: { userid: String, unionid: String }, _id: false },
    zzd: { type: { accountId: Number, employeeCode: String }, _id: false },
    rev: { type: Number },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'users' },
)
userSchema.index({ territory: 1, _id: 1 })
userSchema.index({ department: 1, _id: 1 })

const identitySchema = new Schema<UserIdentityDoc>(
  { _id: { type: String, required: true }, userId: { type: String, required: true }, createdAt: { type: Date } },
  { versionKey: false, collection: 'user_identities' },
)
identitySchema.index({ userId: 1 })

const actorSchema = new Schema<Actor>({ id: { type: String, required: true }, name: { type: String, required: true } }, { _id: false })

const changeSchema = new Schema<UserChangeDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
    kind: { type: String, enum: CHANGE_KINDS, required: true },
    changes: {
      type: [new Schema({ field: { type: String, enum: PERSON_FIELDS, required: true }, from: Schema.Types.Mixed, to: Schema.Types.Mixed }, { _id: false })],
      default: [],
    },
    note: { type: String },
  },
  { versionKey: false, collection: 'user_changes' },
)
changeSchema.index({ userId: 1, seq: 1 })

const departureSchema = new Schema<UserDepartureDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: actorSchema, required: true },
    reason: { type: String },
  },
  { versionKey: false, collection: 'user_departures' },
)

/**
 * Sessions of a person signed before `at` are refused (one of their platform accounts was unlinked):
 * one point read per request. `_id` = the user id; a later end moves `at` forward ($max), and two ends at
 * once differ by milliseconds, so a lost update of `at` is harmless.
 */
export interface SessionCutoffDoc {
  _id: string
  at: Date
}
const cutoffSchema = new Schema<SessionCutoffDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'session_cutoffs' },
)

/** The people stamp: a new `gen` after every change of who may sign in, or as whom (users/signin-kept.ts). */
export type PeopleStampDoc = GenerationStampDoc
const peopleStampSchema = generationStampSchema('people_stamps')

export const identityKey = (provider: 'dingtalk' | 'zzd', externalId: string | number) => `${provider}:${externalId}`

export const changeId = (userId: string, seq: number) => `${userId}:${String(seq).padStart(10, '0')}`

export function userModels(conn: Connection) {
  return {
    User: conn.model<UserDoc>('User', userSchema),
    UserIdentity: conn.model<UserIdentityDoc>('UserIdentity', identitySchema),
    UserChange: conn.model<UserChangeDoc>('UserChange', changeSchema),
    UserDeparture: conn.model<UserDepartureDoc>('UserDeparture', departureSchema),
    SessionCutoff: conn.model<SessionCutoffDoc>('SessionCutoff', cutoffSchema),
    PeopleStamp: conn.model<PeopleStampDoc>('PeopleStamp', peopleStampSchema),
  }
}
