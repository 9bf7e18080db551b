/**
 * Who may do what with the settings — in one place. Any signed-in person may read the current task
 * settings (the time limits and claim rules every task decision follows); only admins change them or
 * read their earlier versions.
 */
import { forbidden } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

export const settingsPolicy = {
  canEdit: (user: AuthUser) => hasRole(user, 'admin'),
  canReadHistory: (user: AuthUser) => hasRole(user, 'admin'),
}

export function assertCanEditSettings(user: AuthUser): void {
  if (!settingsPolicy.canEdit(user)) throw forbidden('只有管理员可以修改任务设置')
}

export function assertCanReadSettingsHistory(user: AuthUser): void {
  if (!settingsPolicy.canReadHistory(user)) throw forbidden('只有管理员可以查看设置历史')
}
