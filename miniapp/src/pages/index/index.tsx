import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../services/api'
import './index.scss'

interface Overview {
  street: { code: string; name: string }
  counts: { communities: number; grids: number; dedicatedGrids: number; microGrids: number }
  communities: Array<{ code: string; name: string; grids: { total: number; dedicated: number } }>
  departments: Array<{ code: string; name: string }>
}

interface DemoUser {
  id: string
  name: string
  roleLabels: string[]
  title: string
  territoryName: string
}

export default function Index() {
  const [overview, setOverview] = useState<Overview | null>(null)
  const [users, setUsers] = useState<DemoUser[]>([])
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setError(null)
      const [o, u] = await Promise.all([api<Overview>('/api/territories/overview'), api<{ items: DemoUser[] }>('/api/dev/users').catch(() => ({ items: [] }))])
      setOverview(o)
      setUsers(u.items)
    } catch (e) {
      setError((e as Error).message)
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (error)
    return (
      <View className='page'>
        <View className='error'>{error}</View>
      </View>
    )
  if (!overview)
    return (
      <View className='page'>
        <View className='loading'>加载中…</View>
      </View>
    )

  return (
    <View className='page'>
      <View className='card' id='overview'>
        <Text className='street'>{overview.street.name}</Text>
        <View className='counts'>
          <View className='count'>
            <Text className='num'>{overview.counts.communities}</Text>
            <Text className='label'>村/社区</Text>
          </View>
          <View className='count'>
            <Text className='num'>{overview.counts.grids}</Text>
            <Text className='label'>网格</Text>
          </View>
          <View className='count'>
            <Text className='num'>{overview.counts.dedicatedGrids}</Text>
            <Text className='label'>专属网格</Text>
          </View>
          <View className='count'>
            <Text className='num'>{overview.counts.microGrids}</Text>
            <Text className='label'>微网格</Text>
          </View>
        </View>
      </View>
      <View className='section-title'>村/社区</View>
      <View className='card'>
        {overview.communities.map((c) => (
          <View className='row community' key={c.code}>
            <Text>{c.name}</Text>
            <Text className='muted'>
              {c.grids.total} 个网格{c.grids.dedicated ? `（含专属 ${c.grids.dedicated}）` : ''}
            </Text>
          </View>
        ))}
      </View>
      <View className='section-title'>职能部门</View>
      <View className='card tags'>
        {overview.departments.map((d) => (
          <Text className='tag' key={d.code}>
            {d.name}
          </Text>
        ))}
      </View>
      {users.length > 0 && (
        <>
          <View className='section-title'>演示账号</View>
          <View className='card'>
            {users.map((u) => (
              <View className='row demo-user' key={u.id}>
                <Text>
                  {u.name} · {u.roleLabels.join('、')}
                </Text>
                <Text className='muted'>{u.territoryName}</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  )
}
