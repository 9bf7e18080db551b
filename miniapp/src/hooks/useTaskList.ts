import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import type { TaskListView } from '@jqtb/shared/src/tasks/schemas'
import { useCallback, useState } from 'react'
import { countTasks, getTask, listTasks, type TaskFilters } from '../services/tasks'
import { usePagedList } from './usePagedList'

export interface ListCounts {
  /** the filter the chips choose (its counts ignore it: each chip counts what it would show) */
  by: 'state' | 'riskColour'
  counts: Record<string, number>
  total: number
}

/**
 * A page of tasks with pull-to-refresh, infinite scroll and the weak-signal rules of usePagedList. With `countBy`
 * every refresh also asks how many tasks each chip would show (`GET /api/tasks/counts`, the other filters kept);
 * with `memoryKey` the list survives switching tabs.
 */
export function useTaskList(view: TaskListView, filters: TaskFilters, opts: { countBy?: 'state' | 'riskColour'; memoryKey?: string } = {}) {
  const [counts, setCounts] = useState<ListCounts | null>(null)
  const { countBy, memoryKey } = opts
  const { setItems, ...list } = usePagedList<TaskView>(
    (cursor) => {
      if (cursor === null && countBy) {
        const { [countBy]: _chosen, ...others } = filters
        // the numbers are extra: a failure leaves the last ones
        countTasks(view, others, countBy)
          .then((c) => setCounts({ by: countBy, counts: c.counts, total: c.total }))
          .catch(() => undefined)
      }
      return listTasks(view, filters, cursor)
    },
    `${view}:${JSON.stringify(filters)}`,
    memoryKey,
  )
  const { refresh } = list

  /** After an action on a card: show the task as the server now has it (or drop it when it left this list). */
  const replace = useCallback(
    (task: TaskView, stillListed = true) => {
      setItems((prev) => (stillListed ? prev.map((t) => (t.id === task.id ? task : t)) : prev.filter((t) => t.id !== task.id)))
    },
    [setItems],
  )

  /** Re-reads one task (someone else changed it) and shows it as it is now. */
  const reloadOne = useCallback(
    (id: string) => {
      getTask(id)
        .then((task) => replace(task))
        .catch(() => void refresh())
    },
    [replace, refresh],
  )

  return { ...list, counts, replace, reloadOne }
}

/** A chip's number: the sum over the comma-separated values it stands for ('' = all). */
export function chipCount(counts: ListCounts | null, value: string): number | undefined {
  if (!counts) return undefined
  if (value === '') return counts.total
  return value.split(',').reduce((n, v) => n + (counts.counts[v] ?? 0), 0)
}
