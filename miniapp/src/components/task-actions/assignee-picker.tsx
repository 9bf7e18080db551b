import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { useLoad } from '../../hooks/useLoad'
import { listAssignees, type PoolChoice } from '../../services/tasks'
import { FOCUSABLE } from '../a11y'
import { TextInput } from '../form-fields'
import { Loading } from '../states'

/**
 * Whom to 指派 to (single) or name for 定向揭榜 (multiple, from the people of the `pool` being published),
 * from the people the BFF says may take this task. Without that list (older BFF) the lead types the user id.
 */
export function AssigneePicker({
  taskId,
  value,
  onChange,
  multiple,
  pool,
  onCount,
}: {
  taskId: string
  value: string[]
  onChange: (ids: string[]) => void
  multiple?: boolean
  pool?: PoolChoice
  /** how many people there are to pick from (null while loading or unknown) */
  onCount?: (count: number | null) => void
}) {
  const poolKey = pool ? `${pool.territory}|${pool.roles.join(',')}|${pool.tags.join(',')}` : ''
  const { data, error, loading } = useLoad(() => listAssignees(taskId, pool), `${taskId}|${poolKey}`)
  const count = loading || !data ? null : data.items.length
  useEffect(() => onCount?.(count), [count, onCount])
  if (loading) return <Loading text='正在读取人员…' />
  if (error || !data) {
    return (
      <View>
        <TextInput value={value.join(',')} onChange={(v) => onChange(v.split(/[,，\s]+/).filter(Boolean))} placeholder='输入用户编号，如 u-wangli' />
        <Text className='field__hint'>
          暂时无法读取人员名单（{error ?? '无数据'}），请直接输入用户编号{multiple ? '，多人用逗号分隔' : ''}。
        </Text>
      </View>
    )
  }
  if (data.items.length === 0) return <Text className='muted'>{pool ? '揭榜范围内没有可选的人员' : '没有可指派的人员'}</Text>
  return (
    <View className='assignees'>
      {data.items.map((p) => {
        const on = value.includes(p.id)
        return (
          <View
            key={p.id}
            className={`assignees__item${on ? ' assignees__item--on' : ''}`}
            role={multiple ? 'checkbox' : 'radio'}
            {...FOCUSABLE}
            aria-checked={on ? 'true' : 'false'}
            onClick={() => onChange(multiple ? (on ? value.filter((id) => id !== p.id) : [...value, p.id]) : [p.id])}
          >
            <View className='assignees__check'>{on ? '✓' : ''}</View>
            <View className='assignees__who'>
              <Text>{p.name}</Text>
              <Text className='faint'>{[p.title, p.territoryName, p.tags?.length ? `专长：${p.tags.join('、')}` : ''].filter(Boolean).join(' · ')}</Text>
            </View>
          </View>
        )
      })}
    </View>
  )
}
