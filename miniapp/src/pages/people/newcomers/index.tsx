import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { PageShell } from '../../../components/page-shell'
import { EmptyState, ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { useRefreshOnShow } from '../../../hooks/useRefreshOnShow'
import { type Newcomer, pendingNewcomers, type SyncReport, syncAddressBook } from '../../../services/people'
import { formatDateTime } from '../../../utils/time'
import { canManagePeople, PEOPLE_PAGES } from '../parts'
import '../parts.scss'
import './index.scss'
import { PageTitle } from '../../../components/page-title'

const PLATFORM = { dingtalk: '钉钉', zhezhengding: '浙政钉' } as const

const addUrl = (n: Newcomer) =>
  `${PEOPLE_PAGES.add}?provider=${n.provider}&externalId=${encodeURIComponent(n.externalId)}&name=${encodeURIComponent(n.name)}&title=${encodeURIComponent(n.title)}`

function SyncSummary({ report }: { report: SyncReport }) {
  return (
    <View className='card newcomers__summary' aria-live='polite'>
      <Text>
        已读取{PLATFORM[report.provider]}通讯录 {report.members} 人、{report.departments} 个部门：更新资料 {report.updated.length} 人，停用{' '}
        {report.deactivated.length} 人，新成员 {report.newcomers.length} 人。
      </Text>
      {report.kept.map((k) => (
        <Text key={k.userId} className='people-note people-note--inline'>
          {k.name}：{k.reason}
        </Text>
      ))}
    </View>
  )
}

/**
 * 通讯录新成员: the people the last address-book sync found who are not in our organisation yet. The
 * sync never adds anyone by itself — which role and territory a person gets is an admin's decision.
 */
function Newcomers() {
  const admin = canManagePeople()
  const { data, error, loading, reload } = useLoad(pendingNewcomers)
  const [report, setReport] = useState<SyncReport | null>(null)
  const sync = useAction(syncAddressBook, { success: '同步完成' })
  // reloads on coming back from adding one: they are no longer new
  useRefreshOnShow(reload)
  const runSync = async () => {
    const r = await sync.run()
    if (r) {
      setReport(r)
      await reload()
    }
  }
  return (
    <View className='newcomers'>
      <PageTitle>通讯录新成员</PageTitle>
      <Text className='faint newcomers__intro'>
        钉钉/浙政钉通讯录里有、本系统还没有的人。同步只更新已有人员的姓名、职务、手机号并停用已离开的人；新成员要由管理员确定角色和属地后「加入」。
      </Text>
      <View className='card newcomers__run'>
        <Text className='muted'>
          {data?.run
            ? `上次同步：${formatDateTime(data.run.at)} · ${PLATFORM[data.run.provider]} · ${data.run.by}`
            : loading
              ? '正在读取…'
              : '还没有同步过通讯录'}
        </Text>
        {admin && (
          <ActionButton kind='primary' block busy={sync.busy} onClick={() => void runSync()}>
            {sync.busy ? '正在读取通讯录…' : '立即同步通讯录'}
          </ActionButton>
        )}
        {sync.error && <Text className='error-text'>{sync.error}</Text>}
      </View>
      {report && <SyncSummary report={report} />}
      {loading && !data ? (
        <Loading />
      ) : error && !data ? (
        <ErrorState message={error} onRetry={() => void reload()} />
      ) : !data?.items.length ? (
        <EmptyState title={data?.run ? '没有待加入的新成员' : '先同步一次通讯录'} hint={data?.run ? '通讯录里的人都已在本系统中' : undefined} />
      ) : (
        <View className='newcomers__list'>
          {data.items.map((n) => (
            <View key={`${n.provider}:${n.externalId}`} className='card newcomers__item'>
              <View className='newcomers__who'>
                <Text className='people-card__name'>{n.name}</Text>
                <Text className='muted'>{n.title || '（无职务）'}</Text>
                <Text className='faint'>
                  {PLATFORM[n.provider]} {n.externalId}
                  {n.departments.length > 0 ? ` · ${n.departments.join('、')}` : ''}
                </Text>
              </View>
              {admin && (
                <ActionButton kind='ghost' small onClick={() => void Taro.navigateTo({ url: addUrl(n) })}>
                  加入
                </ActionButton>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

export default function NewcomersPage() {
  return (
    <PageShell>
      <Newcomers />
    </PageShell>
  )
}
