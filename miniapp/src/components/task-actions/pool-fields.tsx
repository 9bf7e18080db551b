import { CLAIMANT_ROLES, ROLE_LABELS, type Role } from '@jqtb/shared/src/roles'
import { SPECIALTY_GROUPS } from '@jqtb/shared/src/tags'
import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { useLoad } from '../../hooks/useLoad'
import { getPoolSize, type PoolChoice } from '../../services/tasks'
import { Chips, Field, MultiChips } from '../form-fields'

const ROLE_OPTIONS = CLAIMANT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))

const keyOf = (p: PoolChoice) => `${p.territory}|${p.roles.join(',')}|${p.tags.join(',')}`

/**
 * 揭榜范围 of the publish sheet: 认领范围 (the task's territory or one above it), 可认领角色, 需具备专长（任一）,
 * and how many people that pool admits now, as the server counts them.
 */
export function PoolFields({
  task,
  pool,
  onChange,
  onSize,
}: {
  task: TaskView
  pool: PoolChoice
  onChange: (p: Partial<PoolChoice>) => void
  /** the count for the pool shown now (null while it is being counted or cannot be) */
  onSize?: (size: number | null) => void
}) {
  const key = keyOf(pool)
  const size = useLoad(async () => ({ key, view: await getPoolSize(task.id, pool) }), `${task.id}|${key}`)
  // a slow answer for an earlier choice must not be shown as the count of this one
  const view = size.data?.key === key && !size.loading ? size.data.view : null
  const shown = view ? view.size : null
  useEffect(() => onSize?.(shown), [shown, onSize])
  const scopes = size.data?.view.scopes ?? [{ code: task.territory.code, name: task.territory.name, level: '' }]
  const own = task.territory.code
  return (
    <>
      <Field label='认领范围' required hint='工单属地或其上级区域：范围内的人员（及负责更大区域的人员）可认领'>
        <Chips
          options={scopes.map((s) => ({ value: s.code, label: s.name }))}
          value={pool.territory || own}
          onChange={(code) => onChange({ territory: code === own ? '' : code })}
        />
      </Field>
      <Field label='可认领角色' required>
        <MultiChips<Role> label='可认领角色' options={ROLE_OPTIONS} value={pool.roles} onChange={(roles) => roles.length > 0 && onChange({ roles })} />
      </Field>
      <Field label='需具备专长（任一）' hint='不选则不限专长；选多项时具备其中任一项即可认领'>
        {SPECIALTY_GROUPS.map((g) => {
          const mine = (t: string) => (g.tags as readonly string[]).includes(t)
          return (
            <View key={g.label} className='pool-fields__group'>
              <Text className='pool-fields__group-label'>{g.label}</Text>
              <MultiChips
                label={g.label}
                options={g.tags.map((t) => ({ value: t as string, label: t }))}
                value={pool.tags.filter(mine)}
                onChange={(picked) => onChange({ tags: [...pool.tags.filter((t) => !mine(t)), ...picked] })}
              />
            </View>
          )
        })}
      </Field>
      <View className={`pool-fields__size${view && view.size === 0 ? ' pool-fields__size--none' : ''}`} aria-live='polite'>
        {size.error ? (
          <Text className='error-text'>{size.error}</Text>
        ) : !view ? (
          <Text>正在计算可认领人数…</Text>
        ) : view.size === 0 ? (
          <Text>没有人符合条件，请扩大认领范围、增加角色或减少专长要求</Text>
        ) : (
          <Text>
            {view.territory.name}范围内符合条件的共 <Text className='pool-fields__count'>{view.size}</Text> 人
          </Text>
        )}
      </View>
    </>
  )
}
