import type { Role } from '@jqtb/shared'
import { PAGES, type PagePath } from './navigation'

export type TabIcon = 'hall' | 'mine' | 'report' | 'me' | 'department' | 'review' | 'home' | 'all' | 'create' | 'intake'

export interface Tab {
  path: PagePath
  text: string
  icon: TabIcon
}

const TAB: Record<TabIcon, Tab> = {
  home: { path: PAGES.home, text: '首页', icon: 'home' },
  hall: { path: PAGES.hall, text: '揭榜大厅', icon: 'hall' },
  mine: { path: PAGES.mine, text: '我的任务', icon: 'mine' },
  report: { path: PAGES.report, text: '上报', icon: 'report' },
  department: { path: PAGES.department, text: '部门工单', icon: 'department' },
  review: { path: PAGES.review, text: '待验收', icon: 'review' },
  all: { path: PAGES.all, text: '全部工单', icon: 'all' },
  create: { path: PAGES.create, text: '新建', icon: 'create' },
  intake: { path: PAGES.intake, text: '归口', icon: 'intake' },
  me: { path: PAGES.me, text: '我的', icon: 'me' },
}

/** Each role's own tabs, most used first; 我的 always closes the bar. */
const ROLE_TABS: Record<Role, TabIcon[]> = {
  grid_worker: ['hall', 'mine', 'report'],
  community_staff: ['hall', 'review', 'report'],
  dept_lead: ['department', 'review'],
  dept_staff: ['department', 'mine'],
  dispatcher: ['home', 'intake', 'all', 'create'],
  admin: ['home'],
  // mediators are a pool tasks are published to (by 专长): they claim from the hall like grid workers
  mediator: ['hall', 'mine'],
}

/** Which role's tabs come first when a person has several (刘刚 is dispatcher and dept lead). */
const ROLE_PRIORITY: Role[] = ['dispatcher', 'admin', 'dept_lead', 'dept_staff', 'community_staff', 'grid_worker', 'mediator']

const MAX_TABS = 5

/**
 * The person's tabs: every role's, most important role first; when they do not all fit, each role keeps
 * at least its first tab (刘刚, centre and department lead, keeps 部门工单 and loses 新建, which 首页 offers).
 */
export function tabsFor(roles: readonly Role[]): Tab[] {
  const lists = ROLE_PRIORITY.filter((r) => roles.includes(r)).map((r) => ROLE_TABS[r])
  const all = [...new Set(lists.flat())]
  const firsts = new Set(lists.map((l) => l[0]))
  const keys: TabIcon[] = []
  for (const key of all) {
    const reserved = [...firsts].filter((f) => f !== key && !keys.includes(f)).length
    if (firsts.has(key) || keys.length + reserved < MAX_TABS - 1) keys.push(key)
  }
  return [...keys.slice(0, MAX_TABS - 1), 'me' as const].map((k) => TAB[k])
}

/** The page a person lands on after logging in. */
export function homeFor(roles: readonly Role[]): PagePath {
  return tabsFor(roles)[0].path
}
