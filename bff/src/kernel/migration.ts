/**
 * A change of stored data that code depends on (docs/architecture.md#migrations). Each domain lists
 * its own in `migrations`; they run in the order of domains.ts, then in list order, once per database,
 * before the app serves (platform/migrations.ts). `up` must be idempotent: if the instance running it
 * dies half-way, another one runs it again from the start.
 */
import type { AppDeps } from '../deps'

export interface Migration {
  /** stable forever: recorded as `<domain>:<id>` (e.g. `0001-audit-backfill`) */
  id: string
  /** one line for the log and the record */
  description: string
  /** does the work; may return counts for the record ({ updated: 12 }) */
  up(deps: AppDeps): Promise<Record<string, number> | undefined>
}
