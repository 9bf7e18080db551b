import type { TaskView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { currentUser } from '../../services/session'
import { openTask } from '../../shell/navigation'
import { formatDateTime } from '../../utils/time'
import { FOCUSABLE } from '../a11y'
import { Countdown } from '../countdown'
import './index.scss'

export const RISK_TAG: Record<string, string> = { red: 'tag--red', yellow: 'tag--amber', green: 'tag--green' }

/** The countdown that matters most for this task and this person right now. */
export function TaskClock({ task }: { task: TaskView }) {
  const me = currentUser()
  const mine = task.holders.find((h) => h.userId === me?.id)
  if (task.state === 'published' && task.claimDeadline) return <Countdown to={task.claimDeadline} label='揭榜截止' passed='已截止' />
  if (mine?.expiresAt && task.state === 'claimed') return <Countdown to={mine.expiresAt} label='认领剩余' passed='认领已超时' />
  if (['closed', 'cancelled'].includes(task.state)) return <Text className='faint'>{formatDateTime(task.closedAt ?? task.updatedAt)}</Text>
  if (task.state === 'submitted') return <Text className='faint'>提交于 {formatDateTime(task.submittedAt)}</Text>
  return <Countdown to={task.dueAt} label='办理剩余' passed='已超期' urgentMs={24 * 3_600_000} />
}

/** One task in a list: risk colour down the left edge, what it is, where, the reward and the clock. */
export function TaskCard({ task, children }: { task: TaskView; children?: ReactNode }) {
  return (
    <View className={`task-card task-card--${task.riskColour}`} data-task-id={task.id}>
      <View className='task-card__main' role='link' {...FOCUSABLE} onClick={() => openTask(task.id)}>
        <View className='task-card__top'>
          <Text className='task-card__title'>{task.title}</Text>
          {task.rewardPoints > 0 && <Text className='task-card__points'>{task.rewardPoints} 积分</Text>}
        </View>
        <View className='task-card__tags'>
          <Text className='tag tag--blue'>{task.stateLabel}</Text>
          {task.riskColour !== 'green' && <Text className={`tag ${RISK_TAG[task.riskColour]}`}>{task.riskLabel}</Text>}
          <Text className='tag'>{task.categoryLabel}</Text>
          {task.claimModeLabel && task.state === 'published' && <Text className='tag'>{task.claimModeLabel}</Text>}
          {task.overdue && <Text className='tag tag--red'>超期</Text>}
          {task.returnCount > 0 && task.state === 'returned' && <Text className='tag tag--amber'>已驳回 {task.returnCount} 次</Text>}
        </View>
        <Text className='task-card__where'>
          {task.territory.name}
          {task.department ? ` · ${task.department.name}` : ''}
        </Text>
        <View className='task-card__bottom'>
          <Text className='faint'>{task.taskNo}</Text>
          <TaskClock task={task} />
        </View>
        {task.holders.length > 0 && (
          <Text className='task-card__holders faint'>
            {task.seats > 1 ? `攻坚小组 ${task.holders.length}/${task.seats}：` : '承办人：'}
            {task.holders.map((h) => h.name).join('、')}
          </Text>
        )}
      </View>
      {children && <View className='task-card__actions'>{children}</View>}
    </View>
  )
}
