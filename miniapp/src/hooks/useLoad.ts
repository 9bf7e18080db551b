import { useCallback, useEffect, useState } from 'react'

/** Loads something once, again when `key` changes, and on `reload`; with its loading and error states. */
export function useLoad<T>(load: () => Promise<T>, key = '') {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` decides when to load again (load is a fresh closure each render)
  const reload = useCallback(async () => {
    setLoading(true)
    setError(null)
    try {
      setData(await load())
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setLoading(false)
    }
  }, [key])
  useEffect(() => {
    void reload()
  }, [reload])
  return { data, error, loading, reload, setData }
}
