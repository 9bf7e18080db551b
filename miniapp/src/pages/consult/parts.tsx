// Pieces the 法律咨询 pages share: the time left on a question's 2-day SLA, in words and colour.
import { Text } from '@tarojs/components'
import { formatDuration } from '../../utils/time'
import './parts.scss'

/** 「还剩 1天3小时」, amber in the last 6 hours, 「已超时 5小时」 in red; 「已解答」 once answered. */
export function SlaLeft({ dueAt, answered, now = Date.now() }: { dueAt: string; answered: boolean; now?: number }) {
  if (answered) return <Text className='sla sla--done'>已解答</Text>
  const left = new Date(dueAt).getTime() - now
  if (Number.isNaN(left)) return null
  if (left <= 0) return <Text className='sla sla--over'>{`已超时 ${formatDuration(-left)}`}</Text>
  return <Text className={`sla${left < 6 * 3_600_000 ? ' sla--soon' : ''}`}>{`还剩 ${formatDuration(left)}`}</Text>
}
