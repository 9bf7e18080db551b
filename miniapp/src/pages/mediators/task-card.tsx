// 多元化解 on the task page: the task's 攻坚小组 at a glance, and the way to propose one or to open it.
import type { TaskMediationView } from '@jqtb/shared/src/mediators/dto'
import { Text, View } from '@tarojs/components'
import { FOCUSABLE } from '../../components/a11y'
import { useLoad } from '../../hooks/useLoad'
import { getTaskMediation } from '../../services/mediators'
import { go, teamUrl } from './parts'
import './parts.scss'

/** Nothing for people who may not see the task's mediation, or when there is neither a team nor a way to propose one. */
export function TaskMediationCard({ taskId, version }: { taskId: string; version: number }) {
  const { data } = useLoad<TaskMediationView | null>(() => getTaskMediation(taskId).catch(() => null), `${taskId}:${version}`)
  if (!data || (!data.team && !data.canPropose && !data.preference)) return null
  const team = data.team
  const accepted = team?.members.filter((m) => m.status === 'accepted').length ?? 0
  return (
    <View className='card task-mediation' role='link' {...FOCUSABLE} onClick={() => go(teamUrl(taskId))}>
      <Text className='detail__section'>多元化解 · 攻坚小组</Text>
      {team ? (
        <Text>{`${team.statusLabel}：${team.members
          .filter((m) => m.status !== 'replaced' && m.status !== 'removed')
          .map((m) => `${m.name}（${m.statusLabel}）`)
          .join('、')}`}</Text>
      ) : (
        <Text className='med-muted'>{data.preference ? `当事人指定：${data.preference.name}` : '尚未组建'}</Text>
      )}
      {team && (
        <Text className='med-muted'>{`${accepted}/${team.seats} 人已接受 · 调解记录 ${data.sessions.length} 次${data.outcome ? ` · ${data.outcome.outcomeLabel}` : ''}`}</Text>
      )}
      <Text className='slot__toggle'>{team ? '打开攻坚小组 ›' : data.canPropose ? '推荐攻坚小组 ›' : '查看 ›'}</Text>
    </View>
  )
}
