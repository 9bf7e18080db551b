import { BOARD_KIND_LABELS, BOARD_KINDS, type BoardKind } from '@jqtb/shared/src/points/constants'
import type { BoardRowView, BoardView } from '@jqtb/shared/src/points/dto'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { Chips } from '../../components/form-fields'
import { PageShell } from '../../components/page-shell'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { useAction } from '../../hooks/useAction'
import { useLoad } from '../../hooks/useLoad'
import { downloadAssessmentSheet, leaderboard } from '../../services/points'
import { currentUser } from '../../services/session'
import { Delta, PeriodPicker, POINTS_PAGES } from '../points/parts'
import '../points/parts.scss'
import './index.scss'
import { AS_LINK } from '../../components/a11y'

/** A row opens that person's lines of the board's period when the server says the viewer may see them (the points policy). */
function Row({ r, board, me, period }: { r: BoardRowView; board: BoardKind; me: boolean; period: string }) {
  const medal = r.rank <= 3 ? ` leaderboard__rank--top${r.rank}` : ''
  const openable = board === 'people' && (me || r.canOpen)
  const open = () => {
    if (!openable) return
    const who = me ? '' : `userId=${encodeURIComponent(r.id)}&`
    void Taro.navigateTo({ url: `${POINTS_PAGES.points}?${who}period=${encodeURIComponent(period)}` })
  }
  return (
    <View className={`leaderboard__row${me ? ' leaderboard__row--me' : ''}${openable ? ' leaderboard__row--open' : ''}`} onClick={open}>
      <Text className={`leaderboard__rank${medal}`}>{r.rank}</Text>
      <View className='leaderboard__who'>
        <Text className='leaderboard__name'>
          {r.name}
          {me ? '（我）' : ''}
        </Text>
        <Text className='faint'>
          {[r.detail, board !== 'people' && `${r.memberCount} 人`, board !== 'people' && r.own !== 0 && `本级 ${r.own > 0 ? '+' : ''}${r.own}`]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {r.capNote && <Text className='leaderboard__cap'>{r.capNote}</Text>}
      </View>
      <View className='leaderboard__score'>
        <Text className='leaderboard__total'>{r.total}</Text>
        <Delta value={Math.round((r.total - r.startingScore) * 10) / 10} />
      </View>
    </View>
  )
}

function Board() {
  const { params } = useRouter()
  const [board, setBoard] = useState<BoardKind>((params.board as BoardKind) ?? 'people')
  const [period, setPeriod] = useState<string | undefined>(params.period)
  const { data, error, loading, reload } = useLoad<BoardView>(() => leaderboard(board, period), `${board}:${period}`)
  const exporting = useAction(() => downloadAssessmentSheet(data?.period.key ?? ''), { success: '考核表已导出' })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  const me = currentUser()
  return (
    <View className='leaderboard'>
      <View className='points-head'>
        {data ? <PeriodPicker periods={data.periods} value={data.period.key} onChange={setPeriod} /> : <View />}
        <Text className='points-link' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: POINTS_PAGES.rules })}>
          考核规则
        </Text>
      </View>
      <View className='leaderboard__tabs'>
        <Chips options={BOARD_KINDS.map((k) => ({ value: k, label: BOARD_KIND_LABELS[k] }))} value={board} onChange={setBoard} />
      </View>
      {data?.me && board === 'people' && (
        <View className='card leaderboard__mine'>
          <Text>
            我的排名：第 {data.me.rank} 名，{data.me.total} 分
          </Text>
        </View>
      )}
      {loading && !data ? (
        <Loading />
      ) : error && !data ? (
        <ErrorState message={error} onRetry={() => void reload()} />
      ) : data && data.rows.length === 0 ? (
        <EmptyState title='本期暂无排名' />
      ) : (
        data && (
          <View className='card leaderboard__list'>
            {data.rows.map((r) => (
              <Row key={r.id} r={r} board={board} me={board === 'people' && r.id === me?.id} period={data.period.key} />
            ))}
          </View>
        )
      )}
      {data && <Text className='faint leaderboard__foot'>按第 {data.ruleVersion} 版考核规则；期初分加本期得分，加分按上限计入。</Text>}
      {data?.canExport && (
        <View className='leaderboard__export'>
          <ActionButton block kind='primary' busy={exporting.busy} onClick={() => void exporting.run()}>
            导出{data.period.label}考核表（Excel）
          </ActionButton>
        </View>
      )}
    </View>
  )
}

export default function LeaderboardPage() {
  return (
    <PageShell>
      <Board />
    </PageShell>
  )
}
