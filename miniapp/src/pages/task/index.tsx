import type { TaskDetailView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { Countdown } from '../../components/countdown'
import { PageShell } from '../../components/page-shell'
import { ErrorState, Loading } from '../../components/states'
import { TaskActions } from '../../components/task-actions'
import { RISK_TAG } from '../../components/task-card'
import { Timeline } from '../../components/timeline'
import { useLoad } from '../../hooks/useLoad'
import { useRefreshOnShow } from '../../hooks/useRefreshOnShow'
import { taskPoints } from '../../services/points'
import { riskCard } from '../../services/risk'
import { currentUser } from '../../services/session'
import { getTask, revealPhone } from '../../services/tasks'
import { goBackOr, PAGES } from '../../shell/navigation'
import { formatDateTime } from '../../utils/time'
import './index.scss'
import { TaskPointsCard } from './points-card'
import { RiskCard } from './risk-card'

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className='detail__row'>
      <Text className='detail__key'>{label}</Text>
      <View className='detail__value'>{children}</View>
    </View>
  )
}

function Parties({ task }: { task: TaskDetailView }) {
  const [revealed, setRevealed] = useState<Record<number, string>>({})
  const canReveal = task.actions.includes('reveal-phone')
  if (task.parties.length === 0) return null
  return (
    <View className='card'>
      <Text className='detail__section'>当事人</Text>
      {task.parties.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a party is addressed by its position (reveal-phone takes the index)
        <View key={i} className='detail__party'>
          <Text>
            {p.name}
            {p.role ? `（${p.role}）` : ''}
          </Text>
          <View className='detail__phone'>
            <Text className='muted'>{revealed[i] ?? p.phone ?? '未登记电话'}</Text>
            {canReveal && p.phone && !revealed[i] && (
              <Text
                className='detail__reveal'
                onClick={() =>
                  void revealPhone(task.id, i)
                    .then((r) => setRevealed((m) => ({ ...m, [i]: r.phone })))
                    .catch((e) => Taro.showToast({ title: (e as Error).message, icon: 'none' }))
                }
              >
                查看号码
              </Text>
            )}
          </View>
        </View>
      ))}
      {canReveal && <Text className='faint'>查看完整号码会记入工单日志</Text>}
    </View>
  )
}

function Detail({ id }: { id: string }) {
  const { data: task, error, loading, reload: reloadTask } = useLoad(() => getTask(id), id)
  // the 积分 card is extra: when it cannot load, the page goes on without it
  const points = useLoad(() => taskPoints(id), id)
  // 为什么是红色: extra too, and re-read with the task (a progress note may have changed the colour)
  const risk = useLoad(() => riskCard(id), id)
  const reload = () => Promise.all([reloadTask(), points.reload(), risk.reload()])
  // reloads on coming back from an appeal: its step is in the timeline and on the card
  useRefreshOnShow(reload)

  if (!task && loading) return <Loading />
  if (!task)
    return (
      <View>
        <ErrorState message={error ?? '工单不存在'} onRetry={() => void reload()} />
        <View className='detail__back'>
          <ActionButton onClick={() => goBackOr(PAGES.home)}>返回</ActionButton>
        </View>
      </View>
    )

  return (
    <View className='detail with-bottom-bar'>
      <View className={`card detail__head detail__head--${task.riskColour}`}>
        <View className='detail__tags'>
          <Text className='tag tag--blue detail__state'>{task.stateLabel}</Text>
          <Text className={`tag ${RISK_TAG[task.riskColour]}`}>{task.riskLabel}</Text>
          {task.overdue && <Text className='tag tag--red'>超期</Text>}
          {task.rewardPoints > 0 && <Text className='detail__points'>{task.rewardPoints} 积分</Text>}
        </View>
        <Text className='detail__title'>{task.title}</Text>
        <Text className='faint'>
          {task.taskNo} · {task.originLabel}
        </Text>
        <View className='detail__clocks'>
          {task.state === 'published' && task.claimDeadline && <Countdown to={task.claimDeadline} label='揭榜截止' passed='已截止' />}
          {!['closed', 'cancelled', 'submitted'].includes(task.state) && (
            <Countdown to={task.dueAt} label='办理剩余' passed='已超期' urgentMs={24 * 3_600_000} />
          )}
        </View>
      </View>

      {task.riskColour !== 'green' && <RiskCard card={risk.data} onChanged={() => void reload()} />}

      <View className='card'>
        <Row label='类型'>
          <Text>
            {task.categoryLabel} · {task.tierLabel}
          </Text>
        </Row>
        <Row label='属地'>
          <Text>{task.territory.name}</Text>
        </Row>
        <Row label='责任部门'>
          <Text>{task.department?.name ?? '社治中心'}</Text>
        </Row>
        {task.claimModeLabel && (
          <Row label='认领方式'>
            <Text>
              {task.claimModeLabel}
              {task.seats > 1 ? `（${task.seats} 席，空 ${task.openSeats}）` : ''}
            </Text>
          </Row>
        )}
        <Row label='办理时限'>
          <Text>{formatDateTime(task.dueAt)}</Text>
        </Row>
        {task.holders.map((h) => (
          <Row key={h.userId} label={task.seats > 1 ? `组员 ${h.seat + 1}` : '承办人'}>
            <Text>
              {h.name}
              {h.via === 'assign' ? '（指派）' : ''}
            </Text>
            {h.expiresAt && !h.startedAt && <Countdown to={h.expiresAt} label='认领剩余' passed='已超时' />}
          </Row>
        ))}
        {task.applicants.length > 0 && (
          <Row label='申请人'>
            <Text>{task.applicants.map((a) => a.name).join('、')}</Text>
          </Row>
        )}
        {task.location?.address && (
          <Row label='地址'>
            <Text>{task.location.address}</Text>
          </Row>
        )}
      </View>

      <View className='card'>
        <Text className='detail__section'>情况描述</Text>
        <Text className='detail__description'>{task.description}</Text>
      </View>

      <Parties task={task} />

      {task.riskColour === 'green' && <RiskCard card={risk.data} onChanged={() => void reload()} />}

      {((task.state === 'escalated' && task.escalation) || task.rating !== null) && (
        <View className='card'>
          {task.state === 'escalated' && task.escalation && (
            <Row label='上报原因'>
              <Text>
                {task.escalation.reason}
                {task.holders.length > 0 ? '（待社治中心答复，承办人继续负责）' : ''}
              </Text>
            </Row>
          )}
          {task.rating !== null && (
            <Row label='验收评分'>
              <Text className='detail__stars'>{'★'.repeat(task.rating)}</Text>
              {task.closureLabel && <Text className='muted'> {task.closureLabel}</Text>}
            </Row>
          )}
        </View>
      )}

      <TaskPointsCard points={points.data} viewerId={currentUser()?.id} />

      <View className='card'>
        <Text className='detail__section'>办理过程</Text>
        <Timeline entries={task.timeline} />
      </View>

      {task.actions.filter((a) => a !== 'reveal-phone').length > 0 && (
        <View className='bottom-bar'>
          <View className='bottom-bar__inner'>
            <TaskActions task={task} overflow onDone={() => void reload()} onStale={() => void reload()} />
          </View>
        </View>
      )}
    </View>
  )
}

/** 工单详情: everything about one task, its timeline, and exactly the buttons this person may use. */
export default function TaskPage() {
  const { params } = useRouter()
  return <PageShell>{params.id ? <Detail id={params.id} /> : <ErrorState message='缺少工单编号' />}</PageShell>
}
