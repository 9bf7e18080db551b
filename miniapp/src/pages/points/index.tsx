import { APPEAL_STATUS_LABELS } from '@jqtb/shared/src/points/constants'
import type { LedgerEntryView, PersonPointsView } from '@jqtb/shared/src/points/dto'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { PageShell } from '../../components/page-shell'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { useLoad } from '../../hooks/useLoad'
import { useRefreshOnShow } from '../../hooks/useRefreshOnShow'
import { myPoints, personPoints } from '../../services/points'
import { openTask } from '../../shell/navigation'
import { formatDateTime } from '../../utils/time'
import { Delta, PeriodPicker, POINTS_PAGES, signed } from './parts'
import './parts.scss'
import './index.scss'
import { AS_LINK } from '../../components/a11y'

function Summary({ data }: { data: PersonPointsView }) {
  const t = data.total
  return (
    <View className='card points-total'>
      <View className='points-total__top'>
        <View>
          <Text className='muted'>{data.person.name} · 本期得分</Text>
          <View className='points-total__score'>{t.total}</View>
        </View>
        <View className='points-total__rank'>
          {data.rank ? (
            <>
              <Text className='faint'>排名</Text>
              <Text className='points-total__rank-no'>
                {data.rank}
                <Text className='faint'> / {data.rankOf}</Text>
              </Text>
            </>
          ) : (
            <Text className='faint'>暂无排名</Text>
          )}
        </View>
      </View>
      <View className='points-total__parts'>
        <View className='points-total__part'>
          <Text className='faint'>期初</Text>
          <Text>{t.startingScore}</Text>
        </View>
        <View className='points-total__part'>
          <Text className='faint'>基础分</Text>
          <Delta value={t.base} />
        </View>
        <View className='points-total__part'>
          <Text className='faint'>加分</Text>
          <Delta value={t.bonus} />
        </View>
        <View className='points-total__part'>
          <Text className='faint'>扣分</Text>
          <Delta value={t.deductions} />
        </View>
      </View>
      {t.capNote && <Text className='points-total__cap'>{t.capNote}</Text>}
      <Text className='faint'>按第 {data.ruleVersion} 版考核规则计算</Text>
    </View>
  )
}

function Entry({ e, mine }: { e: LedgerEntryView; mine: boolean }) {
  const status = e.appeal ? APPEAL_STATUS_LABELS[e.appeal.status] : null
  return (
    <View className='points-entry'>
      <View className='points-entry__main'>
        <Text className='points-entry__reason'>{e.reason}</Text>
        <View className='points-entry__meta'>
          <Text className='faint'>{formatDateTime(e.eventAt)}</Text>
          <Text className='tag'>{e.reasonLabel}</Text>
          {e.corrects && <Text className='tag tag--blue'>冲正</Text>}
          {e.correctedBy && <Text className='tag tag--green'>已冲正</Text>}
          {status && (
            <Text className={`tag ${e.appeal?.status === 'granted' ? 'tag--green' : e.appeal?.status === 'upheld' ? 'tag--red' : 'tag--amber'}`}>{status}</Text>
          )}
        </View>
        {e.appeal?.decision && <Text className='faint'>处理意见：{e.appeal.decision.note}</Text>}
        <View className='points-entry__actions'>
          <Text className='points-link' {...AS_LINK} onClick={() => openTask(e.taskId)}>
            查看工单 {e.taskNo}
          </Text>
          {mine && e.appealable && (
            <Text
              className='points-link points-entry__appeal'
              {...AS_LINK}
              onClick={() => void Taro.navigateTo({ url: `${POINTS_PAGES.appeal}?entryId=${encodeURIComponent(e.id)}` })}
            >
              申诉
            </Text>
          )}
        </View>
      </View>
      <Delta value={e.delta} big kind={e.kind} />
    </View>
  )
}

function Points() {
  const { params } = useRouter()
  const userId = params.userId ? decodeURIComponent(params.userId) : undefined
  const [period, setPeriod] = useState<string | undefined>(params.period)
  const { data, error, loading, reload } = useLoad(() => (userId ? personPoints(userId, period) : myPoints(period)), `${userId}:${period}`)
  // reloads on coming back from an appeal, to show its status
  useRefreshOnShow(reload)
  if (loading && !data) return <Loading />
  if (error && !data) return <ErrorState message={error} onRetry={() => void reload()} />
  if (!data) return null
  const mine = !userId
  const byReason = data.total.byReason
  return (
    <View className='points'>
      <View className='points-head'>
        <PeriodPicker periods={data.periods} value={data.period.key} onChange={setPeriod} />
        <View className='points-links'>
          <Text className='points-link' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: `${POINTS_PAGES.leaderboard}?period=${data.period.key}` })}>
            积分排行
          </Text>
          <Text className='points-link' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: POINTS_PAGES.rules })}>
            考核规则
          </Text>
        </View>
      </View>
      <Summary data={data} />
      {byReason.length > 0 && (
        <View className='card points-reasons'>
          {byReason.map((r) => (
            <View key={r.code} className='points-reasons__row'>
              <Text className='muted'>{r.label}</Text>
              <Text>{signed(r.points)}</Text>
            </View>
          ))}
        </View>
      )}
      <Text className='section-title'>积分明细（{data.entries.length} 条）</Text>
      {data.entries.length === 0 ? (
        <EmptyState title='本期还没有积分记录' hint='工单验收通过、放弃认领、被驳回等都会在这里逐条记录原因' />
      ) : (
        <View className='card points-entries'>
          {data.entries.map((e) => (
            <Entry key={e.id} e={e} mine={mine} />
          ))}
        </View>
      )}
      {mine && <Text className='faint points__foot'>对扣分有异议，可在扣分后 30 天内点「申诉」；每条扣分可申诉一次。</Text>}
    </View>
  )
}

export default function PointsPage() {
  return (
    <PageShell>
      <Points />
    </PageShell>
  )
}
