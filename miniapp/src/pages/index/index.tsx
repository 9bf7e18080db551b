import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import type { TerritoryOverview } from '@jqtb/shared/src/territory/dto'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { PageShell } from '../../components/page-shell'
import { QueueList } from '../../components/queue-list'
import { ErrorState, Loading } from '../../components/states'
import { TaskCard } from '../../components/task-card'
import { api } from '../../services/api'
import { leadCounts } from '../../services/leads'
import { currentUser } from '../../services/session'
import { countTasks, listTasks } from '../../services/tasks'
import { PAGES, switchTab } from '../../shell/navigation'
import { homeFor } from '../../shell/tabs'
import './index.scss'

/** 首页 of the centre and the admin: the street at a glance, from live data. */
function Home() {
  const user = currentUser()!
  const [overview, setOverview] = useState<TerritoryOverview | null>(null)
  const [watch, setWatch] = useState<{ red: TaskView[]; overdue: TaskView[] }>({ red: [], overdue: [] })
  const [waiting, setWaiting] = useState<Record<string, number | null> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const ownHome = homeFor(user.roles)
  const centre = user.roles.includes('dispatcher')

  const load = useCallback(async () => {
    try {
      setError(null)
      const open = 'draft,routed,signed,published,claimed,in_progress,submitted,returned,escalated'
      const [o, red, overdue] = await Promise.all([
        api<TerritoryOverview>('/api/territories/overview'),
        centre ? listTasks('all', { riskColour: 'red', state: open }, null, 5) : null,
        centre ? listTasks('all', { overdue: true, state: open }, null, 5) : null,
      ])
      setOverview(o)
      setWatch({ red: red?.items ?? [], overdue: overdue?.items ?? [] })
      if (centre) {
        // 等您处理: the centre's own queues, counted by the same rules as the lists they open
        const [byState, review, late, redOpen, leads] = await Promise.all([
          countTasks('all', {}, 'state'),
          countTasks('review', {}, 'state'),
          countTasks('all', { overdue: true, state: open }, 'state'),
          countTasks('all', { riskColour: 'red', state: open }, 'state'),
          leadCounts().catch(() => null),
        ])
        setWaiting({
          draft: byState.counts.draft ?? 0,
          escalated: byState.counts.escalated ?? 0,
          review: review.total,
          overdue: late.total,
          red: redOpen.total,
          leads: leads?.inbox ?? null,
        })
      }
    } catch (e) {
      setError((e as Error).message)
    }
  }, [centre])

  useEffect(() => {
    // the app opens here; everyone but the centre and the admin has another first page
    if (ownHome !== PAGES.home) void Taro.redirectTo({ url: ownHome })
    else void load()
  }, [load, ownHome])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (ownHome !== PAGES.home) return <Loading />
  if (error) return <ErrorState message={error} onRetry={() => void load()} />
  if (!overview) return <Loading />

  return (
    <View className='home'>
      <View className='home__hello'>
        <Text className='home__greeting'>{user.name}，您好</Text>
        <Text className='muted'>{user.roleLabels.join('、')}</Text>
      </View>
      {centre && (
        <>
          <View className='home__quick'>
            <ActionButton kind='primary' onClick={() => switchTab(PAGES.create)}>
              + 新建工单
            </ActionButton>
            <ActionButton onClick={() => void Taro.navigateTo({ url: '/pages/intake/window/index' })}>窗口登记</ActionButton>
            <ActionButton onClick={() => switchTab(PAGES.all)}>全部工单</ActionButton>
          </View>
          <QueueList
            title='等您处理'
            queues={[
              {
                label: '待研判线索',
                hint: '各渠道来件归集成的线索，等社治中心研判',
                count: waiting?.leads ?? null,
                open: () => void Taro.navigateTo({ url: '/pages/leads/index' }),
              },
              { label: '待分拨', hint: '新建或退回、尚未分拨的工单', count: waiting?.draft ?? null, open: () => switchTab(PAGES.all, '?state=draft&flag=') },
              {
                label: '已上报',
                hint: '承办人或部门上报、等社治中心答复',
                count: waiting?.escalated ?? null,
                urgent: true,
                open: () => switchTab(PAGES.all, '?state=escalated&flag='),
              },
              { label: '待验收', hint: '由社治中心验收的工单', count: waiting?.review ?? null, open: () => switchTab(PAGES.all, '?state=submitted&flag=') },
              {
                label: '超期',
                hint: '超过办理时限、未办结',
                count: waiting?.overdue ?? null,
                urgent: true,
                open: () => switchTab(PAGES.all, '?state=&flag=overdue'),
              },
              {
                label: '红色预警',
                hint: '未办结的红色预警纠纷',
                count: waiting?.red ?? null,
                urgent: true,
                open: () => switchTab(PAGES.all, '?state=&flag=red'),
              },
            ]}
          />
          <WatchList title='红色预警（未办结）' tasks={watch.red} empty='没有未办结的红色预警' />
          <WatchList title='超期工单' tasks={watch.overdue} empty='没有超期工单' />
        </>
      )}
      <View className='section-title'>辖区概况</View>
      <View className='card' id='overview'>
        <Text className='home__street'>{overview.street.name}</Text>
        <View className='home__counts'>
          <Count value={overview.counts.communities} label='村/社区' />
          <Count value={overview.counts.grids} label='网格' />
          <Count value={overview.counts.dedicatedGrids} label='专属网格' />
          <Count value={overview.counts.microGrids} label='微网格' />
        </View>
      </View>
      <View className='section-title'>村/社区</View>
      <View className='card'>
        {overview.communities.map((c) => (
          <View className='home__row community' key={c.code}>
            <Text>{c.name}</Text>
            <Text className='muted'>
              {c.grids.total} 个网格{c.grids.dedicated ? `（含专属 ${c.grids.dedicated}）` : ''}
            </Text>
          </View>
        ))}
      </View>
      <View className='section-title'>职能部门</View>
      <View className='card home__tags'>
        {overview.departments.map((d) => (
          <Text className='tag tag--blue' key={d.code}>
            {d.name}
          </Text>
        ))}
      </View>
    </View>
  )
}

function WatchList({ title, tasks, empty }: { title: string; tasks: TaskView[]; empty: string }) {
  return (
    <>
      <View className='section-title'>{title}</View>
      {tasks.length === 0 ? (
        <View className='card'>
          <Text className='faint'>{empty}</Text>
        </View>
      ) : (
        tasks.map((t) => <TaskCard key={t.id} task={t} />)
      )}
    </>
  )
}

function Count({ value, label }: { value: number; label: string }) {
  return (
    <View className='home__count'>
      <Text className='home__num'>{value}</Text>
      <Text className='home__label'>{label}</Text>
    </View>
  )
}

export default function IndexPage() {
  return (
    <PageShell tab={PAGES.home}>
      <Home />
    </PageShell>
  )
}
