import { TASK_CATEGORIES } from '@jqtb/shared/src/tasks/constants'
import { useLayoutEffect, useState } from 'react'
import { FilterBar } from '../../components/filter-bar'
import { type Moved, MovedNotice } from '../../components/moved-notice'
import { PageShell } from '../../components/page-shell'
import { TaskActions } from '../../components/task-actions'
import { TaskList } from '../../components/task-list'
import { useTabState } from '../../hooks/useTabMemory'
import { chipCount, useTaskList } from '../../hooks/useTaskList'
import { currentUser } from '../../services/session'
import { takeOverBootCards } from '../../shell/boot'
import { openTask, PAGES, switchTab } from '../../shell/navigation'

const RISK_OPTIONS = [
  { value: '', label: '全部' },
  { value: 'red', label: '红色预警' },
  { value: 'yellow', label: '黄色预警' },
  { value: 'green', label: '绿色' },
]
const CATEGORY_OPTIONS = [{ value: '', label: '全部类型' }, ...TASK_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))]

/** 揭榜大厅: the tasks open for claiming in my territory; 揭榜 right from the card. */
function Hall() {
  const user = currentUser()!
  const [riskColour, setRisk] = useTabState('hall.risk', '')
  const [category, setCategory] = useTabState('hall.category', '')
  const [q, setQ] = useTabState('hall.q', '')
  const list = useTaskList('hall', { riskColour, category, q }, { countBy: 'riskColour', memoryKey: 'hall' })
  const [moved, setMoved] = useState<Moved | null>(null)
  // the first cards index.html drew give way to these in the same frame (no skeleton, no jump between them)
  useLayoutEffect(() => {
    if (!list.loading) takeOverBootCards()
  }, [list.loading])
  return (
    <>
      <FilterBar
        title='揭榜大厅'
        subtitle={user.territory.name}
        options={RISK_OPTIONS.map((o) => ({ ...o, count: chipCount(list.counts, o.value) }))}
        value={riskColour}
        onChange={setRisk}
        onSearch={setQ}
        search={q}
        extra={{ options: CATEGORY_OPTIONS, value: category, onChange: setCategory }}
      />
      <TaskList
        list={list}
        empty={
          q
            ? { title: `没有找到与“${q}”相关的任务`, hint: '换个词试试，或清除搜索查看全部可揭榜任务', action: { label: '清除搜索', run: () => setQ('') } }
            : riskColour || category
              ? {
                  title: '没有符合筛选条件的任务',
                  hint: '可揭榜的任务都不符合所选的预警等级或类型',
                  action: {
                    label: '清除筛选',
                    run: () => {
                      setRisk('')
                      setCategory('')
                    },
                  },
                }
              : { title: '暂时没有可揭榜的任务', hint: '新任务发布后会通过工作通知提醒您，下拉可刷新' }
        }
        renderActions={(task) => (
          <TaskActions
            task={task}
            onStale={() => list.reloadOne(task.id)}
            only={['claim']}
            small
            onDone={(res) => {
              // claimed or applied for, it is in 我的任务 now (the hall lists neither)
              list.replace(res.task, false)
              if (res.result !== 'applied') openTask(res.task.id)
              else
                setMoved({
                  text: `已申请「${res.task.title}」，等待审批，可在「我的任务」查看`,
                  go: { label: '去「我的任务」', run: () => switchTab(PAGES.mine) },
                })
            }}
          />
        )}
      />
      <MovedNotice moved={moved} onClose={() => setMoved(null)} />
    </>
  )
}

export default function HallPage() {
  return (
    <PageShell tab={PAGES.hall}>
      <Hall />
    </PageShell>
  )
}
