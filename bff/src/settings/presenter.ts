import { DEFAULT_TASK_SETTINGS, type TaskSettingsView, taskSettingsSchema } from '@jqtb/shared'
import type { SettingsVersionDoc } from './model'

/** One stored version as the settings page shows it; no version yet: the defaults, as version 0. */
export function presentSettingsVersion(doc: SettingsVersionDoc | null): TaskSettingsView {
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
