import { useState } from 'react'
import { FilterBar } from '../../components/filter-bar'
import { type Moved, MovedNotice, movedOnPage } from '../../components/moved-notice'
import { PageShell } from '../../components/page-shell'
import { TaskActions } from '../../components/task-actions'
import { TaskList } from '../../components/task-list'
import { useTabState } from '../../hooks/useTabMemory'
import { chipCount, useTaskList } from '../../hooks/useTaskList'
import { PAGES } from '../../shell/navigation'

const GROUPS = [
  { value: 'claimed,in_progress,returned', label: '办理中' },
  { value: 'submitted', label: '待验收' },
  { value: 'closed', label: '已办结' },
  { value: '', label: '全部' },
]

/** 我的任务: what I hold, with the claim and due-date countdowns. */
function Mine() {
  const [state, setState] = useTabState('mine.state', GROUPS[0].value)
  const list = useTaskList('mine', { state }, { countBy: 'state', memoryKey: 'mine' })
  const [moved, setMoved] = useState<Moved | null>(null)
  const show = (value: string) => {
    setMoved(null)
    setState(value)
  }
  return (
    <>
      <FilterBar title='我的任务' options={GROUPS.map((g) => ({ ...g, count: chipCount(list.counts, g.value) }))} value={state} onChange={show} />
      <TaskList
        list={list}
        empty={{ title: state === GROUPS[0].value ? '手头没有在办的任务' : '这里还没有任务', hint: '到揭榜大厅认领任务' }}
        renderActions={(task) => (
          <TaskActions
            task={task}
            onStale={() => list.reloadOne(task.id)}
            only={['progress', 'submit']}
            small
            onDone={(res) => {
              const m = movedOnPage(res.task, GROUPS, state, show)
              list.replace(res.task, !m)
              setMoved(m)
              void list.refresh()
            }}
          />
        )}
      />
      <MovedNotice moved={moved} onClose={() => setMoved(null)} />
    </>
  )
}

export default function MinePage() {
  return (
    <PageShell tab={PAGES.mine}>
      <Mine />
    </PageShell>
  )
}
