import type { TaskSettings, TaskSettingsView } from '@jqtb/shared'
import type { Db } from '../infra/db'
import { presentSettingsVersion } from './presenter'

export const TASK_SETTINGS = 'tasks'

/**
 * Settings are read on every task decision; a short per-process cache spares the database. A save
 * in this process clears it at once (commands.ts); other BFF instances see the change within CACHE_MS.
 */
const CACHE_MS = 5000
const cache = new WeakMap<Db, { at: number; view: TaskSettingsView }>()

export function forgetCachedSettings(db: Db): void {
  cache.delete(db)
}

export async function taskSettingsView(db: Db): Promise<TaskSettingsView> {
  const hit = cache.get(db)
  if (hit && performance.now() - hit.at < CACHE_MS) return hit.view
  const doc = await db.models.SettingsVersion.findOne({ name: TASK_SETTINGS }).sort({ version: -1 }).lean()
  const view = presentSettingsVersion(doc)
  cache.set(db, { at: performance.now(), view })
  return view
}

export async function getTaskSettings(db: Db): Promise<TaskSettings> {
  return (await taskSettingsView(db)).settings
}

export async function taskSettingsHistory(db: Db): Promise<TaskSettingsView[]> {
  const docs = await db.models.SettingsVersion.find({ name: TASK_SETTINGS }).sort({ version: -1 }).limit(100).lean()
  return docs.map(presentSettingsVersion)
}
