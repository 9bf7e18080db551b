import type { TaskDetailView } from '@jqtb/shared/src/tasks/dto'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { ActionButton } from '../../components/action-button'
import { Countdown } from '../../components/countdown'
import { PageShell } from '../../components/page-shell'
import { ErrorState, Loading, StaleNote } from '../../components/states'
import { TaskActions } from '../../components/task-actions'
import { RISK_TAG } from '../../components/task-card'
import { Timeline } from '../../components/timeline'
import { useLoad } from '../../hooks/useLoad'
import { useRefreshOnShow } from '../../hooks/useRefreshOnShow'
import { getPlatform } from '../../platform'
import { ApiError } from '../../services/http'
import { cachedTask, cacheTask } from '../../services/offline-cache'
import { taskPoints } from '../../services/points'
import { riskCard } from '../../services/risk'
import { currentUser } from '../../services/session'
import { getTask } from '../../services/tasks'
import { goBackOr, PAGES } from '../../shell/navigation'
import { formatDateTime } from '../../utils/time'
import './index.scss'
import { TaskMediationCard } from '../mediators/task-card'
import { Parties } from './parties'
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

/** The task, or — when the network fails — the copy the phone kept the last time it was opened here. */
async function loadTask(id: string): Promise<{ task: TaskDetailView; offline: { message: string; savedAt: number } | null }> {
  try {
    const task = await getTask(id)
    cacheTask(id, task)
    return { task, offline: null }
  } catch (e) {
    const kept = e instanceof ApiError && e.status === 0 ? cachedTask<TaskDetailView>(id) : null
    if (!kept) throw e
    return { task: kept.task, offline: { message: (e as Error).message, savedAt: kept.savedAt } }
  }
}

function Detail({ id }: { id: string }) {
  const { data: loaded, error, loading, reload: reloadTask } = useLoad(() => loadTask(id), id)
  const task = loaded?.task ?? null
  // shown from the phone's copy: the live task as soon as the network is back
  const offline = !!loaded?.offline
  useEffect(() => (offline ? getPlatform().watchConnectivity((online) => online && void reloadTask()) : undefined), [offline, reloadTask])
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
      {loaded?.offline && <StaleNote message={loaded.offline.message} savedAt={loaded.offline.savedAt} onRetry={() => void reload()} />}
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

      <Parties task={task} onRevealed={() => void reloadTask()} />

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

      <TaskMediationCard taskId={task.id} version={task.seq} />

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
