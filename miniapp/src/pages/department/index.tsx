import { useState } from 'react'
import { FilterBar } from '../../components/filter-bar'
import { type Moved, MovedNotice, movedOnPage } from '../../components/moved-notice'
import { PageShell } from '../../components/page-shell'
import { TaskActions } from '../../components/task-actions'
import { TaskList } from '../../components/task-list'
import { useTabState } from '../../hooks/useTabMemory'
import { chipCount, useTaskList } from '../../hooks/useTaskList'
import { currentUser } from '../../services/session'
import { PAGES } from '../../shell/navigation'

const GROUPS = [
  { value: 'routed', label: '待签收' },
  { value: 'signed', label: '待分派' },
  { value: 'published', label: '揭榜中' },
  { value: 'claimed,in_progress,returned', label: '办理中' },
  { value: 'submitted', label: '待验收' },
  { value: '', label: '全部' },
]

/** 部门工单: tasks routed to my department — 签收 or 退回, then 指派 or 发布揭榜. */
function DepartmentInbox() {
  const user = currentUser()!
  const [state, setState] = useTabState('department.state', GROUPS[0].value)
  const list = useTaskList('department', { state }, { countBy: 'state', memoryKey: 'department' })
  const [moved, setMoved] = useState<Moved | null>(null)
  const show = (value: string) => {
    setMoved(null)
    setState(value)
  }
  return (
    <>
      <FilterBar
        title='部门工单'
        subtitle={user.department?.name}
        options={GROUPS.map((g) => ({ ...g, count: chipCount(list.counts, g.value) }))}
        value={state}
        onChange={show}
      />
      <TaskList
        list={list}
        empty={{ title: '没有需要处理的工单', hint: '分拨到本部门的工单会出现在这里' }}
        renderActions={(task) => (
          <TaskActions
            task={task}
            onStale={() => list.reloadOne(task.id)}
            only={['sign', 'bounce', 'assign', 'publish', 'approve-claim']}
            small
            onDone={(res) => {
              // 退回: the task left the department for the centre's queue, which this lead cannot open
              const gone = res.task.department?.code !== user.department?.code
              const m = gone ? { text: `「${res.task.title}」已退回社治中心，不再由本部门办理` } : movedOnPage(res.task, GROUPS, state, show)
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

export default function DepartmentPage() {
  return (
    <PageShell tab={PAGES.department}>
      <DepartmentInbox />
    </PageShell>
  )
}
