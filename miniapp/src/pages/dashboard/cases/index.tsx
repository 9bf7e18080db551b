import type { CaseRowView, CasesView } from '@jqtb/shared/src/indices/dto'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { AS_LINK } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { PageShell } from '../../../components/page-shell'
import { PageTitle } from '../../../components/page-title'
import { EmptyState, ErrorState, ListSkeleton } from '../../../components/states'
import { casesBehind } from '../../../services/indices'
import { openTask } from '../../../shell/navigation'
import './index.scss'

/** The cases behind one number of the 一屏掌控 or a first page: as many rows as the number says (rates: numerator and denominator marked). */
function Cases() {
  const params = useRouter().params
  // H5 hands the query over still percent-encoded (street%3AGT)
  const [period, scope, target] = [params.period, params.scope, params.target].map((v) => decodeURIComponent(v ?? ''))
  const [view, setView] = useState<CasesView | null>(null)
  const [rows, setRows] = useState<CaseRowView[]>([])
  const [error, setError] = useState<string | null>(null)
  const [more, setMore] = useState(false)

  const load = useCallback(
    async (cursor: string | null) => {
      try {
        setError(null)
        setMore(!!cursor)
        const v = await casesBehind({ period, scope, target, cursor })
        setView(v)
        setRows((r) => (cursor ? [...r, ...v.rows] : v.rows))
      } catch (e) {
        setError((e as Error).message)
      } finally {
        setMore(false)
      }
    },
    [period, scope, target],
  )
  useEffect(() => {
    void load(null)
  }, [load])

  if (error && !view) return <ErrorState message={error} onRetry={() => void load(null)} />
  if (!view) return <ListSkeleton />
  const rate = view.num !== undefined && view.den !== undefined
  return (
    <View className='cases'>
      <PageTitle>{view.label}</PageTitle>
      <View className='card cases__head'>
        <Text className='cases__what'>
          {view.scope.name} · {view.period.label}
        </Text>
        <Text className='cases__value' data-total={view.total}>
          {view.label}：{view.display}
        </Text>
        <Text className='muted'>{rate ? `分子 ${view.num} 件 / 分母 ${view.den} 件（共 ${view.total} 条，标“不计”的不在分母）` : `共 ${view.total} 条`}</Text>
      </View>
      {rows.length === 0 && <EmptyState title='没有记录' hint='这个数字为 0，或本期没有可计算的工单' />}
      {rows.map((r) => (
        <View
          key={`${r.factId}:${r.at}`}
          className={`card cases__row${r.excluded ? ' cases__row--out' : ''}`}
          {...(r.taskId ? { ...AS_LINK, onClick: () => openTask(r.taskId as string) } : {})}
        >
          <View className='cases__line'>
            <Text className='cases__title'>{r.title}</Text>
            {r.tag && <Text className={`cases__tag${rate ? (r.counts ? ' cases__tag--in' : ' cases__tag--out') : ''}`}>{r.tag}</Text>}
          </View>
          <Text className='muted'>{[r.taskNo, r.territoryName, r.stateLabel, fmt(r.at)].filter(Boolean).join(' · ')}</Text>
        </View>
      ))}
      {view.nextCursor && (
        <ActionButton block busy={more} onClick={() => void load(view.nextCursor)}>
          加载更多（已显示 {rows.length} / {view.total}）
        </ActionButton>
      )}
      {error && <Text className='muted'>{error}</Text>}
    </View>
  )
}

const fmt = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

export default function CasesPage() {
  return (
    <PageShell>
      <Cases />
    </PageShell>
  )
}
