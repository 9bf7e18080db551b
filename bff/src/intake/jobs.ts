/**
 * Background work of intake, safe on several instances: imports whose instance died are taken over
 * once their lease lapses (run.ts), push nonces older than a day are deleted (no TTL indexes,
 * docs/database.md#expiry-without-ttl), and uploaded files are deleted after a week (they hold
 * personal data in clear; the import's counts and problems stay), and the arrivals journal keeps its last
 * 100 days (arrivals.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { AppDeps } from '../deps'
import type { PeriodicJob } from '../infra/scheduler'
import { expireArrivals } from './arrivals'
import { analyseImport, commitImport, IMPORT_POLICY } from './imports/run'
import { importsDir } from './imports/upload'
import { intakeDeps } from './ingest'
import type { IntakeImportDoc } from './model'
import { NONCE_TTL_MS } from './signing'

export const IMPORT_FILE_TTL_MS = 7 * 24 * 3600_000

export async function resumeImports(deps: AppDeps): Promise<number> {
  const d = { ...intakeDeps(deps), dataDir: deps.config.dataDir }
  const stale = new Date(deps.clock.now().getTime() - IMPORT_POLICY.leaseMs)
  const open = await deps.db.models.IntakeImport.find({ state: { $in: ['analysing', 'committing'] }, updatedAt: { $lt: stale } })
    .sort({ updatedAt: 1, _id: 1 })
    .limit(5)
    .lean<IntakeImportDoc[]>()
  for (const imp of open) {
    if (imp.state === 'analysing') await analyseImport(d, imp._id)
    else await commitImport(d, imp._id)
  }
  return open.length
}

export async function expireNonces(deps: AppDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - NONCE_TTL_MS)
  return (await deps.db.models.PushNonce.deleteMany({ at: { $lt: cutoff } })).deletedCount ?? 0
}

export async function expireImportFiles(deps: AppDeps): Promise<number> {
  const dir = importsDir(deps.config.dataDir)
  const cutoff = deps.clock.now().getTime() - IMPORT_FILE_TTL_MS
  let removed = 0
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name)
    const stat = await fs.promises.stat(file).catch(() => null)
    if (stat && stat.mtimeMs < cutoff) {
      await fs.promises.rm(file, { force: true })
      removed++
    }
  }
  return removed
}

export function intakeJobs(deps: AppDeps): PeriodicJob[] {
  return [
    { name: 'intake-imports', intervalMs: 15_000, run: () => resumeImports(deps) },
    { name: 'intake-nonces', intervalMs: 10 * 60_000, run: () => expireNonces(deps) },
    { name: 'intake-import-files', intervalMs: 3600_000, run: () => expireImportFiles(deps) },
    { name: 'intake-arrivals', intervalMs: 3600_000, run: () => expireArrivals(deps.db, deps.clock.now()) },
  ]
}
