import { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { FilterBar } from '../../components/filter-bar'
import { PageShell } from '../../components/page-shell'
import { TaskList } from '../../components/task-list'
import { useTabState } from '../../hooks/useTabMemory'
import { chipCount, useTaskList } from '../../hooks/useTaskList'
import { PAGES } from '../../shell/navigation'

const GROUPS = [
  { value: '', label: '全部' },
  { value: 'draft', label: '待分拨' },
  { value: 'escalated', label: '已上报' },
  { value: 'routed,signed', label: '部门处理' },
  { value: 'published', label: '揭榜中' },
  { value: 'claimed,in_progress,returned', label: '办理中' },
  { value: 'submitted', label: '待验收' },
  { value: 'closed,cancelled', label: '已结束' },
]
const FLAGS = [
  { value: '', label: '不限' },
  { value: 'overdue', label: '超期' },
  { value: 'red', label: '红色预警' },
  { value: 'yellow', label: '黄色预警' },
]

/** 全部工单: the whole street for the centre, by state, with overdue and red filters and search. */
function AllTasks() {
  const { params } = useRouter()
  // the centre's 首页 opens this tab on one of its queues (待分拨, 已上报 …)
  const [state, setState] = useTabState('all.state', params.state ? decodeURIComponent(params.state) : '')
  const [flag, setFlag] = useTabState('all.flag', params.flag ?? '')
  const [q, setQ] = useTabState('all.q', '')
  useEffect(() => {
    if (params.state !== undefined) setState(decodeURIComponent(params.state))
    if (params.flag !== undefined) setFlag(params.flag)
  }, [params.state, params.flag, setState, setFlag])
  const list = useTaskList(
    'all',
    { state, q, overdue: flag === 'overdue', riskColour: flag === 'red' || flag === 'yellow' ? flag : '' },
    { countBy: 'state', memoryKey: 'all' },
  )
  return (
    <>
      <FilterBar
        title='全部工单'
        options={GROUPS.map((g) => ({ ...g, count: chipCount(list.counts, g.value) }))}
        value={state}
        onChange={setState}
        onSearch={setQ}
        search={q}
        extra={{ options: FLAGS, value: flag, onChange: setFlag }}
      />
      <TaskList
        list={list}
        empty={
          q
            ? { title: `没有找到与“${q}”相关的工单`, hint: '按标题或工单编号搜索', action: { label: '清除搜索', run: () => setQ('') } }
            : { title: '没有符合条件的工单' }
        }
      />
    </>
  )
}

export default function AllPage() {
  return (
    <PageShell tab={PAGES.all}>
      <AllTasks />
    </PageShell>
  )
}
