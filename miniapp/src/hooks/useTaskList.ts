import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import type { TaskListView } from '@jqtb/shared/src/tasks/schemas'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getTask, listTasks, type TaskFilters } from '../services/tasks'

/**
 * A page of tasks with pull-to-refresh and infinite scroll. Refreshes when the filters change and when the
 * page shows again (coming back from a task the person just acted on).
 */
export function useTaskList(view: TaskListView, filters: TaskFilters) {
  const [items, setItems] = useState<TaskView[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const generation = useRef(0)
  const filterKey = JSON.stringify(filters)

  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey stands for filters
  const refresh = useCallback(async () => {
    const mine = ++generation.current
    setError(null)
    try {
      const page = await listTasks(view, filters)
      if (mine !== generation.current) return
      setItems(page.items)
      setNextCursor(page.nextCursor)
    } catch (e) {
      if (mine === generation.current) setError((e as Error).message)
    } finally {
      if (mine === generation.current) setLoading(false)
    }
  }, [view, filterKey])

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return
    const mine = generation.current
    setLoadingMore(true)
    try {
      const page = await listTasks(view, filters, nextCursor)
      if (mine !== generation.current) return
      setItems((prev) => [...prev, ...page.items.filter((t) => !prev.some((p) => p.id === t.id))])
      setNextCursor(page.nextCursor)
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    } finally {
      setLoadingMore(false)
    }
  }, [view, filters, nextCursor, loadingMore])

  useEffect(() => {
    setLoading(true)
    void refresh()
  }, [refresh])

  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void refresh()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void loadMore()
  })

  /** After an action on a card: show the task as the server now has it (or drop it when it left this list). */
  const replace = useCallback((task: TaskView, stillListed = true) => {
    setItems((prev) => (stillListed ? prev.map((t) => (t.id === task.id ? task : t)) : prev.filter((t) => t.id !== task.id)))
  }, [])

  /** Re-reads one task (someone else changed it) and shows it as it is now. */
  const reloadOne = useCallback(
    (id: string) => {
      getTask(id)
        .then((task) => replace(task))
        .catch(() => void refresh())
    },
    [replace, refresh],
  )

  return { items, nextCursor, loading, loadingMore, error, refresh, loadMore, replace, reloadOne }
}
