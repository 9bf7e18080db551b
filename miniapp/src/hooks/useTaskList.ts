import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import type { TaskListView } from '@jqtb/shared/src/tasks/schemas'
import { useCallback } from 'react'
import { getTask, listTasks, type TaskFilters } from '../services/tasks'
import { usePagedList } from './usePagedList'

/**
 * A page of tasks with pull-to-refresh and infinite scroll. Refreshes when the filters change and when the
 * page shows again (coming back from a task the person just acted on).
 */
export function useTaskList(view: TaskListView, filters: TaskFilters) {
  const { setItems, ...list } = usePagedList<TaskView>((cursor) => listTasks(view, filters, cursor), `${view}:${JSON.stringify(filters)}`)
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

  return { ...list, replace, reloadOne }
}
