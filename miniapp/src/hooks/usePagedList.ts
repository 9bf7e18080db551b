import Taro, { usePageScroll, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getPlatform } from '../platform'
import { cachedList, cacheList } from '../services/offline-cache'
import { useRefreshOnShow } from './useRefreshOnShow'
import { remember, remembered } from './useTabMemory'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

interface Shown<T> {
  /** the filters these items were loaded for */
  key: string
  items: T[]
  nextCursor: string | null
  /** set when the items come from the phone's cache because the network failed (epoch ms they were loaded) */
  savedAt: number | null
}

/**
 * A cursor-paged list: the first page again when `key` changes, when the page shows again, on pull-down and when
 * the network comes back after a failure; the next page on reach-bottom or `loadMore`. `key` stands for everything
 * `load` depends on.
 *
 * Weak signal: items are shown only under the filters they were loaded for — a new filter whose answer fails shows
 * the error with 重试 (or, offline, what the phone kept for exactly that filter, saying when it was loaded), never
 * the previous filter's list. Only the latest refresh counts: a late answer for earlier filters is dropped.
 *
 * Tabs: with `memoryKey` the list, its filters' key and the scroll position outlive the page, so coming back to the
 * tab shows it at once and refreshes quietly.
 */
export function usePagedList<T extends { id: string }>(load: (cursor: string | null) => Promise<Page<T>>, key: string, memoryKey?: string) {
  const [shown, setShown] = useState<Shown<T> | null>(() => {
    const kept = memoryKey ? remembered<Shown<T>>(`list:${memoryKey}`) : undefined
    return kept?.key === key ? kept : null
  })
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const generation = useRef(0)
  const keyRef = useRef(key)
  keyRef.current = key

  const show = useCallback(
    (next: Shown<T>) => {
      if (memoryKey) remember(`list:${memoryKey}`, next)
      setShown(next)
    },
    [memoryKey],
  )

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` decides when to load again (load is a fresh closure each render)
  const refresh = useCallback(async () => {
    const mine = ++generation.current
    const forKey = key
    setError(null)
    try {
      const page = await load(null)
      if (mine !== generation.current) return
      show({ key: forKey, items: page.items, nextCursor: page.nextCursor, savedAt: null })
      cacheList(forKey, page.items)
    } catch (e) {
      if (mine !== generation.current) return
      setError((e as Error).message)
      // what the phone kept for exactly these filters, if this page is not showing them already
      setShown((prev) => {
        if (prev?.key === forKey) return prev
        const cached = cachedList<T>(forKey)
        return cached
          ? { key: forKey, items: cached.items, nextCursor: null, savedAt: cached.savedAt }
          : { key: forKey, items: [], nextCursor: null, savedAt: null }
      })
    } finally {
      if (mine === generation.current) setLoading(false)
    }
  }, [key])

  const loadMore = async () => {
    if (!shown || shown.key !== key || !shown.nextCursor || loadingMore) return
    const mine = generation.current
    setLoadingMore(true)
    try {
      const page = await load(shown.nextCursor)
      if (mine !== generation.current) return
      show({
        ...shown,
        items: [...shown.items, ...page.items.filter((t) => !shown.items.some((p) => p.id === t.id))],
        nextCursor: page.nextCursor,
      })
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

  // the signal is back: a list that failed tries again by itself
  const failed = useRef(false)
  failed.current = !!error
  useEffect(
    () =>
      getPlatform().watchConnectivity((online) => {
        if (online && failed.current) void refresh()
      }),
    [refresh],
  )

  useRefreshOnShow(refresh)
  useReachBottom(() => {
    void loadMore()
  })

  // the scroll position, back where it was when the tab is opened again
  usePageScroll(({ scrollTop }) => {
    if (memoryKey) remember(`scroll:${memoryKey}`, scrollTop)
  })
  useEffect(() => {
    const top = memoryKey ? remembered<number>(`scroll:${memoryKey}`) : undefined
    if (top) void Taro.pageScrollTo({ scrollTop: top, duration: 0 }).catch(() => undefined)
  }, [memoryKey])

  const current = shown?.key === key ? shown : null
  const setItems = useCallback(
    (update: (prev: T[]) => T[]) => {
      setShown((prev) => {
        if (!prev || prev.key !== keyRef.current) return prev
        const next = { ...prev, items: update(prev.items) }
        if (memoryKey) remember(`list:${memoryKey}`, next)
        return next
      })
    },
    [memoryKey],
  )
  return {
    items: current?.items ?? [],
    setItems,
    nextCursor: current?.nextCursor ?? null,
    /** nothing to show yet for these filters */
    loading: !current && !error ? true : loading && !current,
    loadingMore,
    error,
    /** the items come from the phone's cache (the network failed): when they were loaded */
    savedAt: current?.savedAt ?? null,
    refresh,
    loadMore,
  }
}
