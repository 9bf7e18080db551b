// One person or address of the watch list: why it is there, every case behind it and where it came
// from, the last contact, who follows it up; the weekly review and 销号 (with its quiet period).
import type { WatchDetailView } from '@jqtb/shared/src/risk/dto'
import { Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { FOCUSABLE } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Field, TextArea } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { PageTitle } from '../../../components/page-title'
import { Sheet } from '../../../components/sheet'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { useRefreshOnShow } from '../../../hooks/useRefreshOnShow'
import { closeWatch, reviewWatch, setWatchResponsible, watchDetail, watchKeepers } from '../../../services/risk'
import { goBackOr, openTask } from '../../../shell/navigation'
import { formatDateTime } from '../../../utils/time'
import { ColourTag, RISK_PAGES, SubjectSummary } from '../parts'
import '../parts.scss'
import './index.scss'

type Acting = null | 'review' | 'close'

function NoteSheet(props: {
  title: string
  label: string
  hint: string
  button: string
  open: boolean
  onClose: () => void
  onSave: (text: string) => Promise<unknown>
}) {
  const [text, setText] = useState('')
  const save = useAction(async () => {
    const r = await props.onSave(text.trim())
    props.onClose()
    return r
  })
  return (
    <Sheet
      title={props.title}
      open={props.open}
      onClose={props.onClose}
      footer={
        <ActionButton block kind='primary' busy={save.busy} disabled={text.trim().length < 2} onClick={() => void save.run()}>
          {props.button}
        </ActionButton>
      }
    >
      <Field label={props.label} required hint={props.hint}>
        <TextArea name='watch-note' value={text} onChange={setText} maxLength={200} />
      </Field>
      {save.error && <Text className='error-text'>{save.error}</Text>}
    </Sheet>
  )
}

function Responsible({ s, onDone }: { s: WatchDetailView; onDone: (d: WatchDetailView) => void }) {
  const keepers = useLoad(watchKeepers)
  const set = useAction(async (userId: string) => onDone(await setWatchResponsible(s.id, userId)), { success: '已指定跟进责任人' })
  const people = keepers.data?.items ?? []
  return (
    <View className='subject__row'>
      <Text>跟进责任人：{s.responsible ? `${s.responsible.name}${s.responsible.assigned ? '' : '（当前承办人，未指定）'}` : '未指定'}</Text>
      {people.length > 0 && (
        <Picker
          mode='selector'
          range={people.map((p) => `${p.name}${p.title ? ` · ${p.title}` : ''}`)}
          onChange={(e) => void set.run(people[Number(e.detail.value)].id)}
        >
          <View className='subject__pick' role='button' {...FOCUSABLE}>
            {s.responsible?.assigned ? '更换' : '指定'}
          </View>
        </Picker>
      )}
    </View>
  )
}

function Detail({ id }: { id: string }) {
  const { data, error, loading, reload, setData } = useLoad(() => watchDetail(id), id)
  const [acting, setActing] = useState<Acting>(null)
  useRefreshOnShow(reload)
  if (loading && !data) return <Loading />
  if (!data)
    return (
      <View>
        <ErrorState message={error ?? '对象不存在'} onRetry={() => void reload()} />
        <View className='subject__back'>
          <ActionButton onClick={() => goBackOr(RISK_PAGES.watch)}>返回名单</ActionButton>
        </View>
      </View>
    )
  const s = data
  return (
    <View className='subject with-bottom-bar'>
      <PageTitle>重点关注对象</PageTitle>
      <SubjectSummary s={s} />
      {!s.onList && <Text className='subject__off'>已不在重点关注名单上</Text>}
      <View className='card'>
        <Responsible s={s} onDone={setData} />
        <View className='subject__row'>
          <Text>上次复核：{s.reviewedAt ? formatDateTime(s.reviewedAt) : '尚未复核'}</Text>
        </View>
      </View>
      <View className='section-title'>关联案件（{s.cases.length}）</View>
      <View className='card'>
        {s.cases.map((c) => (
          <View key={c.id} className='subject__case' role='link' {...FOCUSABLE} onClick={() => c.taskId && openTask(c.taskId)}>
            <View className='subject__case-head'>
              <Text className='subject__case-title'>
                {c.ref} {c.title}
              </Text>
              <ColourTag colour={c.colour} />
            </View>
            <Text className='faint'>
              {formatDateTime(c.createdAt)} · 来源 {c.channels.join('、')} · 评分 {c.score}
              {c.open ? ' · 办理中' : ' · 已办结'}
            </Text>
            {c.lastContact && (
              <Text className='faint'>
                最近联系：{formatDateTime(c.lastContact.at)} {c.lastContact.by}
                {c.lastContact.what}
              </Text>
            )}
          </View>
        ))}
        {s.cases.length === 0 && <Text className='faint'>暂无关联案件（人工列入）</Text>}
      </View>
      {s.history.length > 0 && (
        <>
          <View className='section-title'>处理记录</View>
          <View className='card'>
            {s.history.map((h) => (
              <View key={h.seq} className='subject__event'>
                <Text>
                  {formatDateTime(h.at)} {h.by} {h.label}
                  {h.responsible ? `：${h.responsible}` : ''}
                </Text>
                {h.reason && <Text className='faint'>{h.reason}</Text>}
              </View>
            ))}
          </View>
        </>
      )}
      {s.onList && s.closeRefusal && <Text className='subject__hint'>暂不能销号：{s.closeRefusal}</Text>}
      {s.onList && (
        <View className='bottom-bar'>
          <View className='bottom-bar__inner'>
            <ActionButton kind='primary' onClick={() => setActing('review')}>
              记录复核
            </ActionButton>
            <ActionButton kind='danger' disabled={!!s.closeRefusal} onClick={() => setActing('close')}>
              销号
            </ActionButton>
          </View>
        </View>
      )}
      {acting === 'review' && (
        <NoteSheet
          title='每周复核'
          label='复核情况'
          hint='例如：已电话回访，近期无新矛盾'
          button='保存复核'
          open
          onClose={() => setActing(null)}
          onSave={async (note) => setData(await reviewWatch(s.id, note))}
        />
      )}
      {acting === 'close' && (
        <NoteSheet
          title='销号'
          label='销号理由'
          hint='销号后不再显示在名单上；之后再有报警会重新列入'
          button='确认销号'
          open
          onClose={() => setActing(null)}
          onSave={async (reason) => setData(await closeWatch(s.id, reason))}
        />
      )}
    </View>
  )
}

export default function SubjectPage() {
  const { params } = useRouter()
  return <PageShell>{params.id ? <Detail id={params.id} /> : <ErrorState message='缺少对象编号' />}</PageShell>
}
