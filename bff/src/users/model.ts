import { ROLES, type Role } from '@jqtb/shared'
import { type Connection, Schema } from 'mongoose'

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
  active: boolean
  dingtalk?: { userid: string; unionid?: string }
  zzd?: { accountId: number; employeeCode?: string }
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
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'users' },
)
userSchema.index({ territory: 1, _id: 1 })
userSchema.index({ department: 1, _id: 1 })

const identitySchema = new Schema<UserIdentityDoc>(
  { _id: { type: String, required: true }, userId: { type: String, required: true } },
  { versionKey: false, collection: 'user_identities' },
)
identitySchema.index({ userId: 1 })

export const identityKey = (provider: 'dingtalk' | 'zzd', externalId: string | number) => `${provider}:${externalId}`

export function userModels(conn: Connection) {
  return {
    User: conn.model<UserDoc>('User', userSchema),
    UserIdentity: conn.model<UserIdentityDoc>('UserIdentity', identitySchema),
  }
}
