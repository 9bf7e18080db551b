import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { CONSULT_PAGES, type ConsultQueue, consultQueue } from '../../services/consultations'
import { AS_LINK } from '../a11y'
import './index.scss'

/**
 * On the start page of a person tagged 专科医生: the 法律咨询 waiting for an answer (and how many are past
 * their 2 days), one tap to the queue. Shown even at 0, so the way to the queue is always there; a failed
 * count says 打开查看 instead of a number.
 */
export function ConsultEntry() {
  const [counts, setCounts] = useState<Pick<ConsultQueue, 'open' | 'overdue'> | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    consultQueue().then(
      (q) => setCounts({ open: q.open, overdue: q.overdue }),
      () => setFailed(true),
    )
  }, [])
  const note = counts ? (counts.overdue ? `${counts.open} 条待解答，${counts.overdue} 条已超时` : `${counts.open} 条待解答`) : failed ? '打开查看' : '…'
  return (
    <View
      className={`card consult-entry${counts?.overdue ? ' consult-entry--over' : ''}`}
      {...AS_LINK}
      onClick={() => void Taro.navigateTo({ url: CONSULT_PAGES.queue })}
    >
      <View className='consult-entry__what'>
        <Text className='consult-entry__title'>法律咨询</Text>
        <Text className='consult-entry__note'>{note}</Text>
      </View>
      <Text className='consult-entry__go' aria-hidden='true'>
        ›
      </Text>
    </View>
  )
}
