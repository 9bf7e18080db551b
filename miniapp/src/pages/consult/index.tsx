// 法律咨询 queue of the people tagged 专科医生 (lawyers, 司法所) and the centre: the questions waiting for an
// answer, the one due soonest first, with the time left on the 2-day limit (overdue in red); then the latest
// answered. Tapping one opens it to answer (the page a DingTalk work notice opens).
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { AS_LINK } from '../../components/a11y'
import { ActionButton } from '../../components/action-button'
import { PageShell } from '../../components/page-shell'
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states'
import { useLoad } from '../../hooks/useLoad'
import { useRefreshOnShow } from '../../hooks/useRefreshOnShow'
import { consultQueue, questionUrl, type StaffConsultation } from '../../services/consultations'
import { formatDateTime } from '../../utils/time'
import { SlaLeft } from './parts'
import './parts.scss'

function Item({ q }: { q: StaffConsultation }) {
  const answered = !!q.answer
  return (
    <View
      className={`card consult-item${q.overdue ? ' consult-item--over' : ''}${answered ? ' consult-item--done' : ''}`}
      {...AS_LINK}
      onClick={() => void Taro.navigateTo({ url: questionUrl(q.id) })}
    >
      <View className='consult-item__top'>
        <Text className='consult-item__topic'>{q.topicLabel}</Text>
        <SlaLeft dueAt={q.dueAt} answered={answered} />
      </View>
      <Text className='consult-item__text'>{q.question}</Text>
      <Text className='consult-item__meta'>
        {answered ? `${formatDateTime(q.answeredAt)} 已解答${q.caseCode ? ' · 已转为纠纷' : ''}` : `${formatDateTime(q.askedAt)} 提问`}
      </Text>
      <Text className='consult-item__go'>{answered ? '查看 ›' : '去解答 ›'}</Text>
    </View>
  )
}

function Queue() {
  const { data, error, loading, reload } = useLoad(consultQueue)
  useRefreshOnShow(reload)
  if (!data && loading) return <ListSkeleton />
  if (!data) return <ErrorState message={error ?? '加载失败'} onRetry={() => void reload()} />
  const open = data.items.filter((q) => !q.answer)
  const done = data.items.filter((q) => q.answer)
  return (
    <View className='consult'>
      <Text className='consult__intro'>群众在线提出的法律问题。每条只需一人解答，请在 2 天内答复；答复会以短信通知提问人。</Text>
      <View className='consult__summary'>
        <View className='consult__summary-box'>
          <Text className='consult__summary-count'>{data.open}</Text>
          <Text className='consult__summary-label'>待解答</Text>
        </View>
        <View className='consult__summary-box'>
          <Text className={`consult__summary-count${data.overdue ? ' consult__summary-count--over' : ''}`}>{data.overdue}</Text>
          <Text className='consult__summary-label'>已超时</Text>
        </View>
      </View>
      {open.length === 0 ? (
        <EmptyState title='没有待解答的咨询' hint='有新的咨询时，会收到钉钉工作通知。'>
          <ActionButton onClick={() => void reload()}>刷新</ActionButton>
        </EmptyState>
      ) : (
        open.map((q) => <Item key={q.id} q={q} />)
      )}
      {done.length > 0 && <Text className='section-title'>最近已解答</Text>}
      {done.map((q) => (
        <Item key={q.id} q={q} />
      ))}
    </View>
  )
}

export default function ConsultQueuePage() {
  return (
    <PageShell>
      <Queue />
    </PageShell>
  )
}
