import type { TaskDetailView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { getPlatform } from '../../platform'
import { revealPhone } from '../../services/tasks'

/**
 * 当事人: masked numbers; whoever may (the centre, the department lead, the holders while they work on it)
 * reveals one — recorded in the timeline — and dials it through the platform (钉钉 dd.makePhoneCall, tel: in H5).
 */
export function Parties({ task, onRevealed }: { task: TaskDetailView; onRevealed?: () => void }) {
  const [revealed, setRevealed] = useState<Record<number, string>>({})
  const [busy, setBusy] = useState<number | null>(null)
  const canReveal = task.actions.includes('reveal-phone')
  if (task.parties.length === 0) return null
  const reveal = async (i: number) => {
    setBusy(i)
    try {
      const r = await revealPhone(task.id, i)
      setRevealed((m) => ({ ...m, [i]: r.phone }))
      onRevealed?.()
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none', duration: 3000 })
    } finally {
      setBusy(null)
    }
  }
  const dial = (phone: string) =>
    void getPlatform()
      .makePhoneCall(phone)
      .catch((e) => Taro.showToast({ title: (e as Error).message, icon: 'none' }))
  return (
    <View className='card parties'>
      <Text className='detail__section'>当事人</Text>
      {task.parties.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a party is addressed by its position (reveal-phone takes the index)
        <View key={i} className='detail__party'>
          <View className='detail__party-who'>
            <Text>
              {p.name}
              {p.role ? `（${p.role}）` : ''}
            </Text>
            <Text className={revealed[i] ? 'detail__phone-full' : 'muted'}>{revealed[i] ?? p.phone ?? '未登记电话'}</Text>
          </View>
          {revealed[i] ? (
            <ActionButton small kind='primary' onClick={() => dial(revealed[i])}>
              拨打
            </ActionButton>
          ) : (
            canReveal &&
            p.phone && (
              <ActionButton small kind='ghost' busy={busy === i} onClick={() => void reveal(i)}>
                查看号码
              </ActionButton>
            )
          )}
        </View>
      ))}
      {canReveal && <Text className='detail__hint'>查看完整号码会记入工单日志（每小时最多 30 次）</Text>}
    </View>
  )
}
