import { type Connection, Schema } from 'mongoose'

/**
 * A migration that has run on this database: `_id` = `<domain>:<migration id>`. Inserted once, after
 * the work succeeded; its existence is what every starting instance checks (platform/migrations.ts).
 */
export interface MigrationDoc {
  _id: string
  domain: string
  description: string
  at: Date
  tookMs: number
  /** the attempt that finished it */
  attempt: number
  by: string
  result: Record<string, number>
}

/**
 * The lease to run a migration: `_id` = `<migration key>#<n, 4 digits>`. Only the instance that
 * inserted attempt n runs it, and only it writes this document (heartbeats, outcome). Another instance
 * waits for the migration's record; if the lease runs out first (its runner died), it inserts n+1.
 */
export interface MigrationAttemptDoc {
  _id: string
  key: string
  n: number
  by: string
  startedAt: Date
  leaseUntil: Date
  failed?: string
}

/**
 * One request counted against a limit shared by every instance: `_id` =
 * `<limit>:<actor>:<window start, ms>:<n>` with n ≤ the limit's max (infra/rate-limit.ts). At most
 * `max` such keys exist per actor and window, on any engine, whatever the concurrency.
 */
export interface RateLimitHitDoc {
  _id: string
  limit: string
  expiresAt: Date
}

const migrationSchema = new Schema<MigrationDoc>(
  {
    _id: { type: String, required: true },
    domain: { type: String, required: true },
    description: { type: String, required: true },
    at: { type: Date, required: true },
    tookMs: { type: Number, required: true },
    attempt: { type: Number, required: true },
    by: { type: String, required: true },
    result: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, collection: 'migrations', minimize: false },
)

const attemptSchema = new Schema<MigrationAttemptDoc>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    n: { type: Number, required: true },
    by: { type: String, required: true },
    startedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    failed: { type: String },
  },
  { versionKey: false, collection: 'migration_attempts' },
)

const hitSchema = new Schema<RateLimitHitDoc>(
  {
    _id: { type: String, required: true },
    limit: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'rate_limit_hits' },
)
hitSchema.index({ expiresAt: 1 })

export function platformModels(conn: Connection) {
  return {
    Migration: conn.model<MigrationDoc>('Migration', migrationSchema),
    MigrationAttempt: conn.model<MigrationAttemptDoc>('MigrationAttempt', attemptSchema),
    RateLimitHit: conn.model<RateLimitHitDoc>('RateLimitHit', hitSchema),
  }
}
