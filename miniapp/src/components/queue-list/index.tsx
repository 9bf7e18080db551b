import { Text, View } from '@tarojs/components'
import { AS_LINK } from '../a11y'
import './index.scss'

/** One queue on a first page: what waits, how many, and where tapping it goes. */
export interface Queue {
  label: string
  hint: string
  count: number | null
  urgent?: boolean
  open: () => void
}

/**
 * 「等您处理」 — everything waiting for this person, with counts, each row opening its list. Rows with nothing
 * waiting stay (showing 0) so the person sees at a glance that nothing is forgotten.
 */
export function QueueList({ title, queues }: { title: string; queues: Queue[] }) {
  return (
    <View className='card queue-list'>
      <Text className='queue-list__title'>{title}</Text>
      {queues.map((q) => (
        <View key={q.label} className='queue-list__row' {...AS_LINK} onClick={q.open}>
          <View className='queue-list__what'>
            <Text className='queue-list__label'>{q.label}</Text>
            <Text className='muted'>{q.hint}</Text>
          </View>
          <Text className={`queue-list__count${q.count ? (q.urgent ? ' queue-list__count--urgent' : ' queue-list__count--some') : ''}`}>{q.count ?? '…'}</Text>
          <Text className='queue-list__go' aria-hidden='true'>
            ›
          </Text>
        </View>
      ))}
    </View>
  )
}
