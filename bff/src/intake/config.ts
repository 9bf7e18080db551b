/**
 * Versioned intake configuration — channel profiles, taxonomy additions (and the routing table): each
 * save is an insert of the next version (`<kind>:<version>`), naming the version it was edited from,
 * so two admins saving at once cannot both win (409) and every earlier version stays readable with
 * who and when (docs/database.md#counters). Reads are cached per process for a few seconds.
 */
import type { AppDeps } from '../deps'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { IntakeConfigVersionDoc } from './model'

const CACHE_MS = 5000
const cache = new WeakMap<Db, Map<string, { at: number; doc: IntakeConfigVersionDoc | null }>>()

export const configVersionId = (kind: string, version: number) => `${kind}:${String(version).padStart(6, '0')}`

/** The latest version of a kind, or null when none was ever saved (the defaults apply). */
export async function latestConfig(db: Db, kind: string): Promise<IntakeConfigVersionDoc | null> {
  const perDb = cache.get(db) ?? new Map()
  cache.set(db, perDb)
  const hit = perDb.get(kind)
  if (hit && performance.now() - hit.at < CACHE_MS) return hit.doc
  const doc = await db.models.IntakeConfigVersion.findOne({ kind }).sort({ version: -1, _id: -1 }).lean<IntakeConfigVersionDoc>()
  perDb.set(kind, { at: performance.now(), doc: doc ?? null })
  return doc ?? null
}

export async function saveConfig(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  kind: string,
  input: { baseVersion: number; value: unknown; note?: string },
  by: { id: string; name: string },
): Promise<IntakeConfigVersionDoc> {
  cache.get(deps.db)?.delete(kind)
  const current = await latestConfig(deps.db, kind)
  const currentVersion = current?.version ?? 0
  if (input.baseVersion !== currentVersion) {
    throw new AppError('CONFLICT', `已被他人修改（当前版本 ${currentVersion}），请刷新后再改`, { currentVersion })
  }
  const doc: IntakeConfigVersionDoc = {
    _id: configVersionId(kind, currentVersion + 1),
    kind,
    version: currentVersion + 1,
    value: input.value,
    at: deps.clock.now(),
    by,
    ...(input.note ? { note: input.note } : {}),
  }
  try {
    await deps.db.models.IntakeConfigVersion.collection.insertOne(doc as never)
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '刚被他人修改，请刷新后再改', { currentVersion: currentVersion + 1 })
    throw err
  }
  cache.get(deps.db)?.delete(kind)
  return doc
}

export async function configHistory(db: Db, kind: string): Promise<IntakeConfigVersionDoc[]> {
  return db.models.IntakeConfigVersion.find({ kind }).sort({ version: -1, _id: -1 }).limit(100).lean<IntakeConfigVersionDoc[]>()
}
