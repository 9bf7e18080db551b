// 发布: when the new version takes effect, and a note for the history.
import { nextPeriodKey, periodKeyOf } from '@jqtb/shared/src/points/period'
import { Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { todayString } from '../../utils/time'
import { ActionButton } from '../action-button'
import { Chips, Field, TextArea } from '../form-fields'
import { Sheet } from '../sheet'

type When = 'now' | 'next_month' | 'date'

export function PublishSheet(props: {
  open: boolean
  version: number
  changes: number
  busy: boolean
  error: string | null
  onClose: () => void
  onPublish: (effectiveFrom: string | undefined, note: string) => void
}) {
  const [when, setWhen] = useState<When>('now')
  const [date, setDate] = useState(todayString(1))
  const [note, setNote] = useState('')
  const nextMonth = `${nextPeriodKey(periodKeyOf(Date.now(), 'month'))}-01`
  const effectiveFrom = when === 'now' ? undefined : when === 'next_month' ? nextMonth : date
  return (
    <Sheet
      title={`发布为第 ${props.version} 版`}
      open={props.open}
      onClose={props.onClose}
      footer={
        <ActionButton block kind='primary' busy={props.busy} onClick={() => props.onPublish(effectiveFrom, note.trim())}>
          确认发布
        </ActionButton>
      }
    >
      <Text className='muted'>共修改 {props.changes} 项。发布后不能修改，只能再发布新版本；已发生的工单仍按当时的规则计分。</Text>
      <Field label='生效时间'>
        <Chips
          options={[
            { value: 'now', label: '立即（1 分钟后）' },
            { value: 'next_month', label: `${nextMonth.slice(0, 7).replace('-', '年')}月1日` },
            { value: 'date', label: '指定日期' },
          ]}
          value={when}
          onChange={(v) => setWhen(v as When)}
        />
        {when === 'date' && (
          <Picker mode='date' value={date} start={todayString(1)} onChange={(e) => setDate(e.detail.value)}>
            <View className='picker-value'>{date} 零时起生效</View>
          </Picker>
        )}
      </Field>
      <Field label='修改说明' hint='写给以后查看版本历史的人'>
        <TextArea name='publish-note' value={note} onChange={setNote} maxLength={200} placeholder='例如：提高一般工单基础分，鼓励揭榜' />
      </Field>
      {props.error && <Text className='error-text'>{props.error}</Text>}
    </Sheet>
  )
}
