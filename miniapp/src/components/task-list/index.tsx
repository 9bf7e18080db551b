import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { ActionButton } from '../action-button'
import { EmptyState, ErrorState, ListSkeleton, StaleNote } from '../states'
import { TaskCard } from '../task-card'
import './index.scss'

interface Props {
  list: {
    items: TaskView[]
    nextCursor: string | null
    loading: boolean
    loadingMore: boolean
    error: string | null
    savedAt?: number | null
    refresh: () => Promise<void>
    loadMore: () => Promise<void>
  }
  /** what an empty list says; `action` is the way out (清除搜索 …) */
  empty: { title: string; hint?: string; action?: { label: string; run: () => void } }
  /** buttons under a card (e.g. 揭榜 in the hall) */
  renderActions?: (task: TaskView) => ReactNode
}

/** A task list's four faces: loading, error with retry, empty, and the cards with "load more" at the end. */
export function TaskList({ list, empty, renderActions }: Props) {
  if (list.loading) return <ListSkeleton />
  if (list.error && list.items.length === 0) return <ErrorState message={list.error} onRetry={() => void list.refresh()} />
  if (list.items.length === 0)
    return (
      <EmptyState title={empty.title} hint={empty.hint}>
        {empty.action && (
          <ActionButton kind='ghost' onClick={empty.action.run}>
            {empty.action.label}
          </ActionButton>
        )}
      </EmptyState>
    )
  return (
    <View className='task-list'>
      {list.error && <StaleNote message={list.error} savedAt={list.savedAt ?? null} onRetry={() => void list.refresh()} />}
      {list.items.map((task) => (
        <TaskCard key={task.id} task={task}>
          {renderActions?.(task)}
        </TaskCard>
      ))}
      <View className='task-list__end' onClick={() => void list.loadMore()}>
        <Text className='faint'>{list.loadingMore ? '加载中…' : list.nextCursor ? '上拉或点击加载更多' : '没有更多了'}</Text>
      </View>
    </View>
  )
}
