import Taro from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'

/**
 * Runs one user action: `busy` while it runs (buttons show a spinner and ignore more taps), a success toast,
 * and the server's own message in `error` (and a toast) when it fails.
 */
export function useAction<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
  opts: { success?: string | ((r: R) => string); onError?: (e: unknown) => void } = {},
) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const running = useRef(false)
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined
      running.current = true
      setBusy(true)
      setError(null)
      try {
        const result = await action(...args)
        const text = typeof opts.success === 'function' ? opts.success(result) : opts.success
        if (text) void Taro.showToast({ title: text, icon: 'success', duration: 1500 })
        return result
      } catch (e) {
        const message = (e as Error).message || '操作失败，请重试'
        setError(message)
        void Taro.showToast({ title: message, icon: 'none', duration: 3000 })
        opts.onError?.(e)
        return undefined
      } finally {
        running.current = false
        setBusy(false)
      }
    },
    [action, opts.success, opts.onError],
  )
  return { run, busy, error, clearError: () => setError(null) }
}
