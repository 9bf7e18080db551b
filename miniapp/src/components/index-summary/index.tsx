import type { IndexCardView, QueueView, SummaryView } from '@jqtb/shared/src/indices/dto'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { casesUrl } from '../../services/indices'
import { PAGES, type PagePath, switchTab } from '../../shell/navigation'
import { AS_LINK } from '../a11y'
import { QueueList } from '../queue-list'
import './index.scss'

const ARROW = { up: '▲', down: '▼', flat: '' } as const

/** Small index cards (value, 环比), each opening the cases behind it. */
export function SummaryCards({ title, cards, period, scope }: { title: string; cards: IndexCardView[]; period: string; scope: string }) {
  return (
    <View className='card isum'>
      <Text className='isum__title'>{title}</Text>
      <View className='isum__cards'>
        {cards.map((c) => {
          const cmp = c.prev.comparison
          const none = c.value === null
          return (
            <View
              key={c.id}
              className='isum__card'
              data-index={c.id}
              {...(none ? {} : { ...AS_LINK, onClick: () => void Taro.navigateTo({ url: casesUrl(period, scope, c.id) }) })}
            >
              <Text className='isum__label'>{c.label}</Text>
              <Text className={`isum__value${none ? ' isum__value--none' : ''}`}>{c.display}</Text>
              {cmp && (
                <Text className={`isum__cmp isum__cmp--${cmp.tone}`}>
                  环比 {ARROW[cmp.arrow]} {cmp.text}
                </Text>
              )}
            </View>
          )
        })}
      </View>
    </View>
  )
}

const LIST_PAGE: Record<QueueView['list']['view'], PagePath> = {
  all: PAGES.all,
  department: PAGES.department,
  review: PAGES.review,
  mine: PAGES.mine,
  hall: PAGES.hall,
}

/** Where a queue opens: the tab of its list, on its filter. */
export function openQueue(q: QueueView) {
  const flag = q.list.overdue ? 'overdue' : q.list.riskColour === 'red' ? 'red' : ''
  switchTab(LIST_PAGE[q.list.view], `?state=${(q.list.state ?? []).join(',')}&flag=${flag}`)
}

/** A person's own part of the street: this month's indices, what waits for them, their points. */
export function IndexSummary({ summary, queues = true }: { summary: SummaryView; queues?: boolean }) {
  const scope = `${summary.scope.dim}:${summary.scope.key}`
  const today = summary.period.key && summary.today ? summary.today : null
  return (
    <View className='isum-wrap'>
      {today && <SummaryCards title='今日' cards={today} period={todayKey(summary.asOf)} scope={scope} />}
      <SummaryCards title={`${summary.scope.name} · ${summary.period.label}`} cards={summary.cards} period={summary.period.key} scope={scope} />
      {summary.points && (
        <View className='card isum' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: '/pages/points/index' })}>
          <Text className='isum__title'>我的积分 · {summary.points.periodLabel}</Text>
          <Text className='isum__value'>
            {summary.points.total} 分{summary.points.rank ? `（第 ${summary.points.rank} 名）` : ''}
          </Text>
        </View>
      )}
      {queues && summary.queues.length > 0 && (
        <QueueList
          title='等您处理'
          queues={summary.queues.map((q) => ({ label: q.label, hint: q.hint, count: q.count, urgent: q.urgent, open: () => openQueue(q) }))}
        />
      )}
      {summary.dashboard && process.env.TARO_ENV === 'h5' && (
        <View className='card isum__link' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: '/pages/dashboard/index' })}>
          <Text>一屏掌控（大屏）</Text>
          <Text className='muted'>趋势 · 热力 · 排行 ›</Text>
        </View>
      )}
    </View>
  )
}

/** The day key (CST) of an ISO instant. */
const todayKey = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
