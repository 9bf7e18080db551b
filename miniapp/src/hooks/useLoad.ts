import { useCallback, useEffect, useRef, useState } from 'react'
import { getPlatform } from '../platform'

/**
 * Loads something once, again when `key` changes, and on `reload`; with its loading and error states.
 * Only the latest load is kept: on a slow network an earlier answer (the filter before the last tap)
 * can arrive after the later one and must not replace it.
 */
export function useLoad<T>(load: () => Promise<T>, key = '') {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const latest = useRef(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` decides when to load again (load is a fresh closure each render)
  const reload = useCallback(async () => {
    const run = ++latest.current
    setLoading(true)
    setError(null)
    try {
      const value = await load()
      if (run === latest.current) setData(value)
    } catch (e) {
      if (run === latest.current) setError((e as Error).message)
    } finally {
      if (run === latest.current) setLoading(false)
    }
  }, [key])
  useEffect(() => {
    void reload()
  }, [reload])
  // the signal is back: a load that failed tries again by itself
  const failed = useRef(false)
  failed.current = !!error
  useEffect(
    () =>
      getPlatform().watchConnectivity((online) => {
        if (online && failed.current) void reload()
      }),
    [reload],
  )
  return { data, error, loading, reload, setData }
}
