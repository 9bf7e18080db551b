import type { SummaryView } from '@jqtb/shared/src/indices/dto'
import { View } from '@tarojs/components'
import { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { IndexSummary } from '../../components/index-summary'
import { PageShell } from '../../components/page-shell'
import { PageTitle } from '../../components/page-title'
import { ErrorState, ListSkeleton } from '../../components/states'
import { mySummary } from '../../services/indices'
import './index.scss'

/** 本月概况: a department lead's department, community staff's community, a grid worker's own month. */
function Summary() {
  const [view, setView] = useState<SummaryView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      setError(null)
      setView(await mySummary())
    } catch (e) {
      setError((e as Error).message)
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])
  usePullDownRefresh(() => void load())
  if (error && !view) return <ErrorState message={error} onRetry={() => void load()} />
  if (!view) return <ListSkeleton />
  return (
    <View className='summary'>
      <PageTitle>本月概况</PageTitle>
      <IndexSummary summary={view} />
    </View>
  )
}

export default function SummaryPage() {
  return (
    <PageShell>
      <Summary />
    </PageShell>
  )
}
