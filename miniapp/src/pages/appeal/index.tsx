import type { AppealListView, AppealView, PersonPointsView } from '@jqtb/shared/src/points/dto'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { Chips, Field, TextArea } from '../../components/form-fields'
import { PageShell } from '../../components/page-shell'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { useAction } from '../../hooks/useAction'
import { useLoad } from '../../hooks/useLoad'
import { decideAppeal, fileAppeal, listAppeals, myPoints } from '../../services/points'
import { currentUser } from '../../services/session'
import { goBackOr, openTask } from '../../shell/navigation'
import { formatDateTime } from '../../utils/time'
import { Delta, POINTS_PAGES } from '../points/parts'
import '../points/parts.scss'
import './index.scss'
import { AS_LINK } from '../../components/a11y'

/** A worker contests one deduction (`?entryId=`). */
function FileAppeal({ entryId }: { entryId: string }) {
  const { data, error, loading } = useLoad<PersonPointsView>(async () => {
    // the deduction may be in an earlier month: look through the recent ones
    const now = await myPoints()
    if (now.entries.some((e) => e.id === entryId)) return now
    for (const p of now.periods.slice(1, 3)) {
      const older = await myPoints(p.key)
      if (older.entries.some((e) => e.id === entryId)) return older
    }
    return now
  }, entryId)
  const [reason, setReason] = useState('')
  const submit = useAction(() => fileAppeal(entryId, reason.trim()), { success: '申诉已提交' })
  if (loading) return <Loading />
  if (error) return <ErrorState message={error} />
  const entry = data?.entries.find((e) => e.id === entryId)
  if (!entry) return <EmptyState title='找不到这条积分记录' />
  return (
    <View className='appeal with-bottom-bar'>
      <View className='card appeal__entry'>
        <Text className='muted'>申诉的扣分</Text>
        <View className='appeal__line'>
          <Text className='appeal__reason'>{entry.reason}</Text>
          <Delta value={entry.delta} big kind={entry.kind} />
        </View>
        <Text className='faint'>
          {formatDateTime(entry.eventAt)} · 第 {entry.ruleVersion} 版规则
        </Text>
      </View>
      {entry.appeal ? (
        <View className='card'>
          <Text>{entry.appeal.statusLabel}</Text>
          {entry.appeal.decision && <Text className='muted'>处理意见：{entry.appeal.decision.note}</Text>}
        </View>
      ) : (
        <View className='card'>
          <Field label='申诉理由' required hint='写清楚当时的情况，如被临时抽调、系统原因等；管理员核实后处理。'>
            <TextArea name='appeal-reason' value={reason} onChange={setReason} maxLength={500} placeholder='请说明为什么这条扣分不合理' />
          </Field>
          {submit.error && <Text className='error-text'>{submit.error}</Text>}
        </View>
      )}
      {!entry.appeal && (
        <View className='bottom-bar'>
          <View className='bottom-bar__inner'>
            <ActionButton
              kind='primary'
              busy={submit.busy}
              disabled={reason.trim().length < 5}
              onClick={async () => {
                if (await submit.run()) goBackOr(POINTS_PAGES.points)
              }}
            >
              提交申诉
            </ActionButton>
          </View>
        </View>
      )}
    </View>
  )
}

function Decide({ a, onDone }: { a: AppealView; onDone: () => void }) {
  const [decision, setDecision] = useState<'uphold' | 'grant' | null>(null)
  const [note, setNote] = useState('')
  const run = useAction(() => decideAppeal(a.entryId, decision as 'uphold' | 'grant', note.trim()), {
    success: (r) => (r.status === 'granted' ? '已冲正' : '已维持原扣分'),
  })
  return (
    <View className='appeal__decide'>
      <Chips
        options={[
          { value: 'uphold', label: '维持原扣分' },
          { value: 'grant', label: '申诉成立，冲正' },
        ]}
        value={decision}
        onChange={setDecision}
      />
      {decision && (
        <>
          <TextArea name={`decide-note-${a.entryId}`} value={note} onChange={setNote} maxLength={500} placeholder='处理意见（会告知申诉人）' />
          <ActionButton
            kind={decision === 'grant' ? 'success' : 'primary'}
            busy={run.busy}
            disabled={note.trim().length < 2}
            onClick={async () => {
              if (await run.run()) onDone()
            }}
          >
            确认
          </ActionButton>
        </>
      )}
    </View>
  )
}

/** The list, newest first, a page at a time: admins decide pending appeals; everyone else follows their own. */
function AppealList() {
  const admin = currentUser()?.roles.includes('admin') ?? false
  const [status, setStatus] = useState<'pending' | 'decided' | 'all'>(admin ? 'pending' : 'all')
  const { data, error, loading, reload, setData } = useLoad<AppealListView>(() => listAppeals(status), status)
  const more = useAction(async () => {
    if (!data?.nextCursor) return
    const page = await listAppeals(status, data.nextCursor)
    const seen = new Set(data.items.map((a) => a.entryId))
    setData({ items: [...data.items, ...page.items.filter((a) => !seen.has(a.entryId))], nextCursor: page.nextCursor })
  })
  return (
    <View className='appeal'>
      <View className='appeal__tabs'>
        <Chips
          options={[
            { value: 'pending', label: '待处理' },
            { value: 'decided', label: '已处理' },
            { value: 'all', label: '全部' },
          ]}
          value={status}
          onChange={setStatus}
        />
      </View>
      {loading && !data ? (
        <Loading />
      ) : error && !data ? (
        <ErrorState message={error} onRetry={() => void reload()} />
      ) : !data?.items.length ? (
        <EmptyState title={status === 'pending' ? '没有待处理的申诉' : '没有申诉'} />
      ) : (
        data.items.map((a) => (
          <View key={a.entryId} className='card appeal__item'>
            <View className='appeal__line'>
              <Text className='appeal__reason'>{a.entry.reason}</Text>
              <Delta value={a.entry.delta} />
            </View>
            <Text className='muted'>
              {a.userName} 于 {formatDateTime(a.createdAt)} 申诉：{a.reason}
            </Text>
            <Text className={`tag ${a.status === 'granted' ? 'tag--green' : a.status === 'upheld' ? 'tag--red' : 'tag--amber'}`}>{a.statusLabel}</Text>
            {a.decision && (
              <Text className='faint'>
                {a.decision.by.name}：{a.decision.note}
              </Text>
            )}
            <Text className='points-link' {...AS_LINK} onClick={() => openTask(a.taskId)}>
              查看工单 {a.taskNo}
            </Text>
            {admin && a.status === 'pending' && <Decide a={a} onDone={() => void reload()} />}
          </View>
        ))
      )}
      {data?.nextCursor && (
        <View className='appeal__more' onClick={() => void more.run()}>
          <Text className='faint'>{more.busy ? '加载中…' : '点击加载更多'}</Text>
        </View>
      )}
    </View>
  )
}

export default function AppealPage() {
  const { params } = useRouter()
  const entryId = params.entryId ? decodeURIComponent(params.entryId) : null
  return <PageShell>{entryId ? <FileAppeal entryId={entryId} /> : <AppealList />}</PageShell>
}
