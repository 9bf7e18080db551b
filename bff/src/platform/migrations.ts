/**
 * The migration runner (docs/architecture.md#migrations). Every domain's `migrations` run in the order
 * of domains.ts, each once per database, before the app serves, and safely when several instances
 * start at the same moment — with the two primitives of docs/database.md#unique-keys only:
 *
 * - `migrations` `<domain>:<id>` is inserted when a migration has finished; it is the only thing a
 *   starting instance has to find.
 * - `migration_attempts` `<key>#<n>` is the lease to run it: of instances starting together one
 *   inserts attempt 1 and runs the migration, renewing its lease while it works; the others wait for
 *   the record. If the runner dies, its lease runs out and the first waiter to insert attempt n+1
 *   runs the migration again from the start (so every `up` is idempotent).
 */
import type { AppDeps } from '../deps'
import { isDuplicateKey } from '../infra/errors'
import { INSTANCE_ID } from '../infra/instance'
import type { DomainModule } from '../kernel/domain'
import type { MigrationAttemptDoc } from './model'

export interface MigrationOptions {
  /** how long a runner's lease lasts without renewal (renewed every third of it) */
  leaseMs?: number
  /** how often a waiting instance looks for the record */
  pollMs?: number
  /** who this instance is, in the records */
  instance?: string
}

export interface MigrationOutcome {
  key: string
  /** ran: this instance ran it; found: it had run before (or another instance ran it while this one waited) */
  status: 'ran' | 'found'
  result?: Record<string, number>
}

const DEFAULT_LEASE_MS = 60_000
const attemptId = (key: string, n: number) => `${key}#${String(n).padStart(4, '0')}`

/** The newest attempt at a migration (point reads by `_id`: there are rarely more than one). */
async function latestAttempt(deps: AppDeps, key: string): Promise<MigrationAttemptDoc | null> {
  let last: MigrationAttemptDoc | null = null
  for (let n = 1; ; n++) {
    const doc = await deps.db.models.MigrationAttempt.findById(attemptId(key, n)).lean<MigrationAttemptDoc>()
    if (!doc) return last
    last = doc
  }
}

/** Runs every migration not yet recorded in this database; throws (the app must not serve) if one fails. */
export async function runMigrations(deps: AppDeps, domains: readonly DomainModule[], opts: MigrationOptions = {}): Promise<MigrationOutcome[]> {
  const { Migration, MigrationAttempt } = deps.db.models
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS
  const pollMs = opts.pollMs ?? 500
  const instance = opts.instance ?? INSTANCE_ID
  const out: MigrationOutcome[] = []
  const seen = new Set<string>()
  for (const domain of domains) {
    for (const m of domain.migrations ?? []) {
      const key = `${domain.name}:${m.id}`
      if (seen.has(key)) throw new Error(`migration ${key} is listed twice`)
      seen.add(key)
      let waitingFor = ''
      for (;;) {
        if (await Migration.exists({ _id: key })) {
          out.push({ key, status: 'found' })
          break
        }
        const latest = await latestAttempt(deps, key)
        const now = deps.clock.now()
        if (latest && !latest.failed && new Date(latest.leaseUntil).getTime() > now.getTime()) {
          if (waitingFor !== latest._id) deps.logger.info({ migration: key, runner: latest.by }, 'waiting for another instance to finish a migration')
          waitingFor = latest._id
          await new Promise((r) => setTimeout(r, pollMs))
          continue
        }
        const n = (latest?.n ?? 0) + 1
        const id = attemptId(key, n)
        try {
          await MigrationAttempt.create({ _id: id, key, n, by: instance, startedAt: now, leaseUntil: new Date(now.getTime() + leaseMs) })
        } catch (err) {
          if (isDuplicateKey(err)) continue // another instance took this attempt: wait for it
          throw err
        }
        deps.logger.info({ migration: key, attempt: n }, `migration: ${m.description}`)
        // only the holder writes its attempt document (docs/database.md#unique-keys: one writer)
        const renew = setInterval(
          () => {
            const until = new Date(deps.clock.now().getTime() + leaseMs)
            MigrationAttempt.updateOne({ _id: id }, { $set: { leaseUntil: until } }).catch(() => {})
          },
          Math.max(50, Math.floor(leaseMs / 3)),
        )
        const started = Date.now()
        let result: Record<string, number>
        try {
          result = (await m.up(deps)) ?? {}
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err)
          await MigrationAttempt.updateOne({ _id: id }, { $set: { failed: message.slice(0, 500), leaseUntil: deps.clock.now() } }).catch(() => {})
          throw new Error(`migration ${key} (${m.description}) failed: ${message}`)
        } finally {
          clearInterval(renew)
        }
        try {
          await Migration.create({
            _id: key,
            domain: domain.name,
            description: m.description,
            at: deps.clock.now(),
            tookMs: Date.now() - started,
            attempt: n,
            by: instance,
            result,
          })
        } catch (err) {
          // an instance that took over a lease we were slow to renew finished too: same work, one record
          if (!isDuplicateKey(err)) throw err
        }
        deps.logger.info({ migration: key, result, tookMs: Date.now() - started }, 'migration done')
        out.push({ key, status: 'ran', result })
        break
      }
    }
  }
  return out
}
