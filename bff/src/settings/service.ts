import { DEFAULT_TASK_SETTINGS, type TaskSettings, type TaskSettingsView, taskSettingsSchema } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey } from '../infra/errors'
import type { SettingsVersionDoc } from './model'

const NAME = 'tasks'
const versionId = (version: number) => `${NAME}:${String(version).padStart(6, '0')}`

/**
 * Settings are read on every task decision; a short per-process cache spares the database. A save
 * in this process clears it at once; other BFF instances see the change within CACHE_MS.
 */
const CACHE_MS = 5000
const cache = new WeakMap<Db, { at: number; view: TaskSettingsView }>()

function present(doc: SettingsVersionDoc | null): TaskSettingsView {
  if (!doc) return { version: 0, settings: DEFAULT_TASK_SETTINGS, updatedAt: null, updatedBy: null }
  // a stored version written by an older release may lack newer fields: defaults fill them in
  const parsed = taskSettingsSchema.safeParse({ ...DEFAULT_TASK_SETTINGS, ...doc.value })
  return {
    version: doc.version,
    settings: parsed.success ? parsed.data : DEFAULT_TASK_SETTINGS,
    updatedAt: doc.at.toISOString(),
    updatedBy: doc.by,
    ...(doc.note ? { note: doc.note } : {}),
  }
}

export async function taskSettingsView(db: Db): Promise<TaskSettingsView> {
  const hit = cache.get(db)
  if (hit && performance.now() - hit.at < CACHE_MS) return hit.view
  const doc = await db.models.SettingsVersion.findOne({ name: NAME }).sort({ version: -1 }).lean()
  const view = present(doc)
  cache.set(db, { at: performance.now(), view })
  return view
}

export async function getTaskSettings(db: Db): Promise<TaskSettings> {
  return (await taskSettingsView(db)).settings
}

/** Saves a new version edited from `baseVersion`; 409 when someone saved in between. */
export async function saveTaskSettings(
  db: Db,
  input: { baseVersion: number; settings: TaskSettings; note?: string },
  by: { id: string; name: string },
  now: Date,
): Promise<TaskSettingsView> {
  const current = await db.models.SettingsVersion.findOne({ name: NAME }).sort({ version: -1 }).lean()
  const currentVersion = current?.version ?? 0
  if (input.baseVersion !== currentVersion) {
    throw new AppError('CONFLICT', `设置已被他人修改（当前版本 ${currentVersion}），请刷新后再改`, { currentVersion })
  }
  const version = currentVersion + 1
  try {
    await db.models.SettingsVersion.create({ _id: versionId(version), name: NAME, version, value: input.settings, at: now, by, note: input.note })
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '设置刚被他人修改，请刷新后再改', { currentVersion: version })
    throw err
  }
  cache.delete(db)
  return taskSettingsView(db)
}

export async function taskSettingsHistory(db: Db): Promise<TaskSettingsView[]> {
  const docs = await db.models.SettingsVersion.find({ name: NAME }).sort({ version: -1 }).limit(100).lean()
  return docs.map(present)
}
