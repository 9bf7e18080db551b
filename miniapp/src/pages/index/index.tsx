import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import type { TerritoryOverview } from '@jqtb/shared/src/territory/dto'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { PageShell } from '../../components/page-shell'
import { ErrorState, Loading } from '../../components/states'
import { TaskCard } from '../../components/task-card'
import { api } from '../../services/api'
import { currentUser } from '../../services/session'
import { listTasks } from '../../services/tasks'
import { PAGES, switchTab } from '../../shell/navigation'
import { homeFor } from '../../shell/tabs'
import './index.scss'

/** 首页 of the centre and the admin: the street at a glance, from live data. */
function Home() {
  const user = currentUser()!
  const [overview, setOverview] = useState<TerritoryOverview | null>(null)
  const [watch, setWatch] = useState<{ red: TaskView[]; overdue: TaskView[] }>({ red: [], overdue: [] })
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
            <ActionButton onClick={() => switchTab(PAGES.all)}>全部工单</ActionButton>
          </View>
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
