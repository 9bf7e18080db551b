import Taro from '@tarojs/taro'

/** Page paths. Stable: DingTalk work notifications link to `pages/task/index?id=<taskId>`. */
export const PAGES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  hall: '/pages/hall/index',
  mine: '/pages/mine/index',
  report: '/pages/report/index',
  me: '/pages/me/index',
  department: '/pages/department/index',
  review: '/pages/review/index',
  all: '/pages/all/index',
  create: '/pages/create/index',
  task: '/pages/task/index',
  progress: '/pages/progress/index',
  intake: '/pages/intake/index',
} as const

export type PagePath = (typeof PAGES)[keyof typeof PAGES]

export function taskUrl(taskId: string): string {
  return `${PAGES.task}?id=${encodeURIComponent(taskId)}`
}

export function progressUrl(taskId: string): string {
  return `${PAGES.progress}?id=${encodeURIComponent(taskId)}`
}

export function openTask(taskId: string) {
  void Taro.navigateTo({ url: taskUrl(taskId) })
}

/**
 * Tab pages replace each other (the tab bar is ours, per role, so the native switchTab is not available); each tab
 * keeps its filters, list and scroll position in memory (hooks/useTabMemory.ts), so switching back shows it as it
 * was. `query` opens the tab on a given filter (the 首页's 待处理 rows).
 */
export function switchTab(path: PagePath, query = '') {
  void Taro.redirectTo({ url: `${path}${query}` })
}

/** Back when there is somewhere to go back to, otherwise the given page (deep links open with no history). */
export function goBackOr(url: string) {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.redirectTo({ url })
}

/** Where the person is now, query included, to come back to after logging in. */
export function currentPageUrl(): string {
  const router = Taro.getCurrentInstance().router
  if (!router) return ''
  const path = router.path.split('?')[0]
  const params = Object.entries(router.params ?? {}).filter(([k, v]) => v !== undefined && !k.startsWith('$') && k !== 'stamp')
  const qs = params.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')
  return `${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`
}

let leavingForLogin = false
export function goToLogin() {
  if (leavingForLogin) return
  const here = currentPageUrl()
  if (here.startsWith(PAGES.login)) return
  leavingForLogin = true
  const redirect = here && !here.startsWith(PAGES.home) ? `?redirect=${encodeURIComponent(here)}` : ''
  void Taro.reLaunch({ url: `${PAGES.login}${redirect}` }).finally(() => {
    leavingForLogin = false
  })
}
