import type { Role } from '@jqtb/shared'

/**
 * Entries on the 我的 page under the profile card. Other areas (我的积分, 排行榜, 积分规则 …) add theirs to this
 * list: a title, an optional note on the right, the page to open, and the roles or 专长 tags that see it
 * (everyone when neither is given; either one is enough).
 */
export interface MeMenuEntry {
  title: string
  note?: string
  url: string
  roles?: Role[]
  tags?: string[]
}

export function menuFor(user: { roles: readonly Role[]; tags?: readonly string[] }): MeMenuEntry[] {
  return ME_MENU.filter((m) => (!m.roles && !m.tags) || m.roles?.some((r) => user.roles.includes(r)) || m.tags?.some((t) => user.tags?.includes(t)))
}

export const ME_MENU: MeMenuEntry[] = [
  // 关键指数 (pages/summary, pages/dashboard)
  {
    title: '本月概况',
    note: '办结 · 按时 · 积分',
    url: '/pages/summary/index',
    roles: ['grid_worker', 'community_staff', 'dept_lead', 'dept_staff', 'mediator'],
  },
  { title: '一屏掌控', note: '大屏 · 趋势 · 排行', url: '/pages/dashboard/index', roles: ['admin', 'dispatcher', 'dept_lead', 'community_staff'] },
  // 奖惩考核 (pages/points, leaderboard, rules, appeal)
  { title: '我的积分', url: '/pages/points/index', roles: ['grid_worker', 'community_staff', 'dept_lead', 'dept_staff', 'mediator'] },
  { title: '积分排行', url: '/pages/leaderboard/index' },
  { title: '考核规则', url: '/pages/rules/index', roles: ['grid_worker', 'community_staff', 'dept_lead', 'dept_staff', 'dispatcher', 'mediator'] },
  { title: '考核规则设置', note: '草稿 · 预览 · 发布', url: '/pages/rules/index?edit=1', roles: ['admin'] },
  { title: '积分申诉处理', url: '/pages/appeal/index?review=1', roles: ['admin'] },
  { title: '我的申诉', url: '/pages/appeal/index', roles: ['grid_worker', 'community_staff', 'dept_staff'] },
  // 三色预警 (pages/risk): the watch list for the centre and the 派出所 (the page says so to other department people)
  { title: '重点关注（民转刑）', note: '红黄预警的当事人和地址', url: '/pages/risk/watch/index', roles: ['dispatcher', 'dept_lead', 'dept_staff'] },
  { title: '预警规则', url: '/pages/risk/rules/index', roles: ['dispatcher', 'dept_lead', 'dept_staff'] },
  { title: '预警规则设置', note: '草稿 · 预览 · 发布', url: '/pages/risk/rules/index', roles: ['admin'] },
  // 人员管理 (pages/people): admins add and change people, the centre reads the list
  { title: '人员管理', note: '开通 · 角色 · 属地 · 停用', url: '/pages/people/index', roles: ['admin', 'dispatcher'] },
  // 统一归口 (pages/intake): the centre has it as a tab; admins look at it from here
  { title: '渠道归集', note: '110 · 12345 · 浙里访 …', url: '/pages/intake/index', roles: ['admin'] },
  { title: '导入渠道文件', url: '/pages/intake/import/index', roles: ['admin'] },
  // 多元化解队伍 (pages/mediators): the pool and its rules; a mediator's invitations and own profile (休假)
  { title: '多元化解队伍', note: '调解员 · 组织 · 构成规则', url: '/pages/mediators/index', roles: ['admin', 'dispatcher', 'dept_lead'] },
  { title: '我的调解', note: '攻坚小组邀请', url: '/pages/mediators/invite/index', roles: ['mediator'] },
  { title: '我的调解员资料', note: '业绩 · 休假登记', url: '/pages/mediators/profile/index', roles: ['mediator'] },
  // 法律咨询 (pages/consult): the people tagged 专科医生 answer; the centre answers too
  { title: '法律咨询', note: '群众提问 · 2天内解答', url: '/pages/consult/index', roles: ['dispatcher'], tags: ['专科医生'] },
]
