import { currentUser } from '../services/session'
import { type TabIcon, tabsFor } from './tabs'

/*
 * H5: once the first page is up and the network is idle, fetch the code of the person's other tabs and of the task
 * page, so that those open at once — and still open after the signal drops. Same modules as the router's own lazy
 * imports, so webpack serves them from the same chunks.
 */
const PAGE_CODE: Partial<Record<TabIcon | 'task', () => Promise<unknown>>> = {
  home: () => import('../pages/index/index'),
  hall: () => import('../pages/hall/index'),
  mine: () => import('../pages/mine/index'),
  report: () => import('../pages/report/index'),
  department: () => import('../pages/department/index'),
  review: () => import('../pages/review/index'),
  all: () => import('../pages/all/index'),
  create: () => import('../pages/create/index'),
  me: () => import('../pages/me/index'),
  task: () => import('../pages/task/index'),
}

const AFTER_LOAD_MS = 2500

export function prefetchRolePages() {
  const start = () => {
    const user = currentUser()
    if (!user) return
    const wanted: Array<TabIcon | 'task'> = [...tabsFor(user.roles).map((t) => t.icon), 'task']
    // one after the other: the first page's own requests come first on a thin line
    void wanted.reduce((chain, key) => chain.then(() => PAGE_CODE[key]?.().catch(() => undefined)), Promise.resolve<unknown>(undefined))
  }
  const later = () => setTimeout(start, AFTER_LOAD_MS)
  if (document.readyState === 'complete') later()
  else window.addEventListener('load', later, { once: true })
}
