// 积分 on the task page: the lines this task caused that the viewer may see, with 申诉 on their own deductions.
import { APPEAL_STATUS_LABELS } from '@jqtb/shared/src/points/constants'
import type { LedgerEntryView, TaskPointsView } from '@jqtb/shared/src/points/dto'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Delta, POINTS_PAGES } from '../points/parts'
import '../points/parts.scss'

const APPEAL_TAG = { pending: 'tag--amber', upheld: 'tag--red', granted: 'tag--green' } as const

function Line({ e, viewerId }: { e: LedgerEntryView; viewerId: string | undefined }) {
  const own = e.subject.kind === 'person' && e.subject.id === viewerId
  return (
    <View className='task-points__line'>
      <View className='task-points__main'>
        {!own && <Text className='muted'>{e.subject.name}</Text>}
        <Text>{e.reason}</Text>
        <View className='task-points__meta'>
          {e.corrects && <Text className='tag tag--blue'>冲正</Text>}
          {e.correctedBy && <Text className='tag tag--green'>已冲正</Text>}
          {e.appeal && <Text className={`tag ${APPEAL_TAG[e.appeal.status]}`}>{APPEAL_STATUS_LABELS[e.appeal.status]}</Text>}
          {own && e.appealable && (
            <Text
              className='points-link task-points__appeal'
              onClick={() => void Taro.navigateTo({ url: `${POINTS_PAGES.appeal}?entryId=${encodeURIComponent(e.id)}` })}
            >
              申诉
            </Text>
          )}
        </View>
      </View>
      <Delta value={e.delta} />
    </View>
  )
}

/** Nothing when the task has caused no points the viewer may see (the centre sees every line; others their own). */
export function TaskPointsCard({ points, viewerId }: { points: TaskPointsView | null; viewerId: string | undefined }) {
  if (!points?.items.length) return null
  return (
    <View className='card task-points'>
      <Text className='detail__section'>积分</Text>
      {points.items.map((e) => (
        <Line key={e.id} e={e} viewerId={viewerId} />
      ))}
    </View>
  )
}
