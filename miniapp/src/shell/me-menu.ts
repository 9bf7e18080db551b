import type { Role } from '@jqtb/shared'

/**
 * Entries on the 我的 page under the profile card. Other areas (我的积分, 排行榜, 积分规则 …) add theirs to this
 * list: a title, an optional note on the right, the page to open, and the roles that see it (all when omitted).
 */
export interface MeMenuEntry {
  title: string
  note?: string
  url: string
  roles?: Role[]
}

export const ME_MENU: MeMenuEntry[] = []
