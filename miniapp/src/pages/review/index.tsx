import { useState } from 'react'
import { FilterBar } from '../../components/filter-bar'
import { type Moved, MovedNotice, movedToTask } from '../../components/moved-notice'
import { PageShell } from '../../components/page-shell'
import { TaskActions } from '../../components/task-actions'
import { TaskList } from '../../components/task-list'
import { useTabState } from '../../hooks/useTabMemory'
import { chipCount, useTaskList } from '../../hooks/useTaskList'
import { PAGES } from '../../shell/navigation'

const RISK = [
  { value: '', label: '全部' },
  { value: 'red', label: '红色预警' },
  { value: 'yellow', label: '黄色预警' },
]

/** 待验收: submissions waiting for my review — 通过 with a rating, 驳回 with a reason. */
function ReviewQueue() {
  const [riskColour, setRisk] = useTabState('review.risk', '')
  const list = useTaskList('review', { riskColour }, { countBy: 'riskColour', memoryKey: 'review' })
  const [moved, setMoved] = useState<Moved | null>(null)
  return (
    <>
      <FilterBar
        title='待验收'
        options={RISK.map((o) => ({ ...o, count: chipCount(list.counts, o.value) }))}
        value={riskColour}
        onChange={(v) => {
          setMoved(null)
          setRisk(v)
        }}
      />
      <TaskList
        list={list}
        empty={{ title: '没有待验收的工单', hint: '承办人提交验收后会出现在这里' }}
        renderActions={(task) => (
          <TaskActions
            task={task}
            onStale={() => list.reloadOne(task.id)}
            only={['review']}
            small
            onDone={(res) => {
              list.replace(res.task, false)
              const where = res.task.state === 'closed' ? '已办结' : `已退回${res.task.holders.map((h) => h.name).join('、') || '承办人'}重新办理`
              setMoved(movedToTask(res.task, `「${res.task.title}」${where}`))
              void list.refresh()
            }}
          />
        )}
      />
      <MovedNotice moved={moved} onClose={() => setMoved(null)} />
    </>
  )
}

export default function ReviewPage() {
  return (
    <PageShell tab={PAGES.review}>
      <ReviewQueue />
    </PageShell>
  )
}
