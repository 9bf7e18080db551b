import Taro, { useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useRefreshOnShow } from './useRefreshOnShow'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * A cursor-paged list: the first page again when `key` changes, when the page shows again and on pull-down;
 * the next page on reach-bottom or `loadMore`. `key` stands for everything `load` depends on.
 * Only the latest refresh counts: a late answer for earlier filters never replaces a newer one, and a
 * next page asked for under earlier filters is not appended.
 */
export function usePagedList<T extends { id: string }>(load: (cursor: string | null) => Promise<Page<T>>, key: string) {
  const [items, setItems] = useState<T[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const generation = useRef(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` decides when to load again (load is a fresh closure each render)
  const refresh = useCallback(async () => {
    const mine = ++generation.current
    setError(null)
    try {
      const page = await load(null)
      if (mine !== generation.current) return
      setItems(page.items)
      setNextCursor(page.nextCursor)
    } catch (e) {
      if (mine === generation.current) setError((e as Error).message)
    } finally {
      if (mine === generation.current) setLoading(false)
    }
  }, [key])

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return
    const mine = generation.current
    setLoadingMore(true)
    try {
      const page = await load(nextCursor)
      if (mine !== generation.current) return
      setItems((prev) => [...prev, ...page.items.filter((t) => !prev.some((p) => p.id === t.id))])
      setNextCursor(page.nextCursor)
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    } finally {
      setLoadingMore(false)
    }
  }

  useEffect(() => {
    setLoading(true)
    void refresh()
  }, [refresh])

  useRefreshOnShow(refresh)
  useReachBottom(() => {
    void loadMore()
  })

  return { items, setItems, nextCursor, loading, loadingMore, error, refresh, loadMore }
}
