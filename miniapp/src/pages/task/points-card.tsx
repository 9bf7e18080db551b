// 积分 on the task page: the lines this task caused that the viewer may see, with 申诉 on their own deductions.
import { APPEAL_STATUS_LABELS } from '@jqtb/shared/src/points/constants'
import type { LedgerEntryView, TaskPointsView } from '@jqtb/shared/src/points/dto'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Delta, POINTS_PAGES } from '../points/parts'
import '../points/parts.scss'
import { AS_LINK } from '../../components/a11y'

const APPEAL_TAG = { pending: 'tag--amber', upheld: 'tag--red', granted: 'tag--green' } as const

const isOwn = (e: LedgerEntryView, viewerId: string | undefined) => e.subject.kind === 'person' && e.subject.id === viewerId
const SUBJECT_WORD = { person: '', territory: '网格', department: '部门' } as const

function Line({ e, viewerId }: { e: LedgerEntryView; viewerId: string | undefined }) {
  const own = isOwn(e, viewerId)
  return (
    <View className='task-points__line'>
      <View className='task-points__main'>
        <Text>{e.reason}</Text>
        <View className='task-points__meta'>
          {e.corrects && <Text className='tag tag--blue'>冲正</Text>}
          {e.correctedBy && <Text className='tag tag--green'>已冲正</Text>}
          {e.appeal && <Text className={`tag ${APPEAL_TAG[e.appeal.status]}`}>{APPEAL_STATUS_LABELS[e.appeal.status]}</Text>}
          {own && e.appealable && (
            <Text
              className='points-link task-points__appeal'
              {...AS_LINK}
              onClick={() => void Taro.navigateTo({ url: `${POINTS_PAGES.appeal}?entryId=${encodeURIComponent(e.id)}` })}
            >
              申诉
            </Text>
          )}
        </View>
      </View>
      <Delta value={e.delta} kind={e.kind} />
    </View>
  )
}

/**
 * Nothing when the task has caused no points the viewer may see (the centre sees every line; others their own).
 * Lines are grouped by whom they count for, the viewer's own first under 「我的积分」, so nobody's lines sit under
 * someone else's heading.
 */
export function TaskPointsCard({ points, viewerId }: { points: TaskPointsView | null; viewerId: string | undefined }) {
  if (!points?.items.length) return null
  const groups = new Map<string, { title: string; own: boolean; lines: LedgerEntryView[] }>()
  for (const e of points.items) {
    const key = `${e.subject.kind}:${e.subject.id}`
    const own = isOwn(e, viewerId)
    const title = own
      ? '我的积分'
      : `${e.subject.name}${SUBJECT_WORD[e.subject.kind] && !e.subject.name.endsWith(SUBJECT_WORD[e.subject.kind]) ? `（${SUBJECT_WORD[e.subject.kind]}）` : ''}`
    const g = groups.get(key) ?? { title, own, lines: [] }
    g.lines.push(e)
    groups.set(key, g)
  }
  const ordered = [...groups.values()].sort((a, b) => Number(b.own) - Number(a.own))
  return (
    <View className='card task-points'>
      <Text className='detail__section'>积分</Text>
      {ordered.map((g) => (
        <View key={g.title} className='task-points__group'>
          <Text className='task-points__subject'>{g.title}</Text>
          {g.lines.map((e) => (
            <Line key={e.id} e={e} viewerId={viewerId} />
          ))}
        </View>
      ))}
    </View>
  )
}
