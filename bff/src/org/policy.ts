import { forbidden } from '../infra/errors'
import { type AuthUser, hasRole } from '../kernel/actor'

/** Who may do what with the organisation directory: one place to read it. */
export const orgPolicy = {
  /** pulling people and departments from DingTalk / 浙政钉 changes who can log in: admins only */
  canSync: (user: AuthUser) => hasRole(user, 'admin'),
  /** who the last sync found and nobody has added yet: admins act on it, the centre may look */
  canReadNewcomers: (user: AuthUser) => hasRole(user, 'admin', 'dispatcher'),
}

export function assertCanSync(user: AuthUser): void {
  if (!orgPolicy.canSync(user)) throw forbidden('只有管理员可以同步组织架构')
}

export function assertCanReadNewcomers(user: AuthUser): void {
  if (!orgPolicy.canReadNewcomers(user)) throw forbidden('只有管理员和社治中心可以查看通讯录新成员')
}
