import type { TaskSettingsView, UpdateTaskSettingsBody } from '@jqtb/shared'
import { recordAudit } from '../audit/commands'
import type { Db } from '../infra/db'
import { AppError, isDuplicateKey } from '../infra/errors'
import { forgetCachedSettings, TASK_SETTINGS, taskSettingsView } from './queries'

const versionId = (version: number) => `${TASK_SETTINGS}:${String(version).padStart(6, '0')}`

/** Saves a new version edited from `baseVersion`; 409 when someone saved in between. */
export async function saveTaskSettings(db: Db, input: UpdateTaskSettingsBody, by: { id: string; name: string }, now: Date): Promise<TaskSettingsView> {
  const current = await db.models.SettingsVersion.findOne({ name: TASK_SETTINGS }).sort({ version: -1 }).lean()
  const currentVersion = current?.version ?? 0
  if (input.baseVersion !== currentVersion) {
    throw new AppError('CONFLICT', `设置已被他人修改（当前版本 ${currentVersion}），请刷新后再改`, { currentVersion })
  }
  const version = currentVersion + 1
  try {
    await db.models.SettingsVersion.create({ _id: versionId(version), name: TASK_SETTINGS, version, value: input.settings, at: now, by, note: input.note })
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '设置刚被他人修改，请刷新后再改', { currentVersion: version })
    throw err
  }
  await recordAudit(
    { db },
    {
      _id: `settings:${versionId(version)}`,
      at: now,
      kind: 'settings.saved',
      actor: by,
      subject: { type: 'settings', id: TASK_SETTINGS, label: '工单设置' },
      summary: `${by.name}保存了工单设置第 ${version} 版${input.note ? `：${input.note}` : ''}`,
      fields: Object.keys(input.settings ?? {}),
    },
  )
  forgetCachedSettings(db)
  return taskSettingsView(db)
}
