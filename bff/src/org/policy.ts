import { type AuthUser, hasRole } from '../kernel/actor'

/** Who may do what with the organisation directory: one place to read it. */
export const orgPolicy = {
  /** pulling people and departments from DingTalk / 浙政钉 changes who can log in: admins only */
  canSync: (user: AuthUser) => hasRole(user, 'admin'),
  /** who the last sync found and nobody has added yet: admins act on it, the centre may look */
  canReadNewcomers: (user: AuthUser) => hasRole(user, 'admin', 'dispatcher'),
}
