import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'

/**
 * Runs `reload` when the page shows again (not on its first show: the first load is already running) and
 * on pull-down refresh, stopping the pull-down spinner when it settles.
 */
export function useRefreshOnShow(reload: () => Promise<unknown>) {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void reload()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
}
