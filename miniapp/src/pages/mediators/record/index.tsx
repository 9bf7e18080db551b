// 调解记录: record one session (时间、地点、参加人员、情况、下一步), or the outcome (调解成功 / 部分成功 / 调解不成)
// with the agreement's terms or where the parties were guided.
import { GUIDANCE, GUIDANCE_LABELS, type Guidance, type MediationOutcome, OUTCOME_LABELS, OUTCOMES } from '@jqtb/shared/src/mediators/constants'
import type { TaskMediationView } from '@jqtb/shared/src/mediators/dto'
import { Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Chips, Field, MultiChips, TextArea, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { addSession, getTaskMediation, recordOutcome } from '../../../services/mediators'
import { goBackOr } from '../../../shell/navigation'
import { localDateTimeToIso, todayString } from '../../../utils/time'
import { teamUrl, uuid } from '../parts'
import '../parts.scss'
import './index.scss'

const nowTime = () => {
  const d = new Date()
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

function SessionForm({ view }: { view: TaskMediationView }) {
  const known = [...view.task.parties.map((p) => p.name), ...(view.team?.members.filter((m) => m.status === 'accepted').map((m) => m.name) ?? [])]
  const [date, setDate] = useState(todayString())
  const [time, setTime] = useState(nowTime())
  const [place, setPlace] = useState('')
  const [attendees, setAttendees] = useState<string[]>(known)
  const [others, setOthers] = useState('')
  const [summary, setSummary] = useState('')
  const [nextStep, setNextStep] = useState('')
  const [requestId] = useState(uuid)
  const all = [
    ...attendees,
    ...others
      .split(/[，,、\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ]
  const save = useAction(
    () =>
      addSession(view.team?.id as string, {
        requestId,
        at: localDateTimeToIso(date, time),
        place: place.trim(),
        attendees: [...new Set(all)],
        summary: summary.trim(),
        ...(nextStep.trim() ? { nextStep: nextStep.trim() } : {}),
      }),
    { success: '已记录' },
  )
  const problem =
    place.trim().length < 2 ? '请填写调解地点' : all.length === 0 ? '请选择参加人员' : summary.trim().length < 4 ? '请简要写下调解情况（至少 4 个字）' : null
  return (
    <View className='card record-form'>
      <Text className='med-title'>记录一次调解</Text>
      <Field label='调解时间' required>
        <View className='datetime'>
          <Picker mode='date' value={date} end={todayString()} onChange={(e) => setDate(e.detail.value)}>
            <View className='field__input datetime__part'>{date}</View>
          </Picker>
          <Picker mode='time' value={time} onChange={(e) => setTime(e.detail.value)}>
            <View className='field__input datetime__part'>{time}</View>
          </Picker>
        </View>
      </Field>
      <Field label='调解地点' required>
        <TextInput value={place} onChange={setPlace} placeholder='例如：新城社区调解室' maxLength={60} />
      </Field>
      <Field label='参加人员' required hint='点选当事人和小组成员；其他人写在下面'>
        <MultiChips options={known.map((n) => ({ value: n, label: n }))} value={attendees} onChange={setAttendees} label='参加人员' />
        <TextInput value={others} onChange={setOthers} placeholder='其他参加人，用逗号分开' maxLength={200} />
      </Field>
      <Field label='调解情况' required>
        <TextArea value={summary} onChange={setSummary} placeholder='双方诉求、达成的共识、分歧' maxLength={2000} />
      </Field>
      <Field label='下一步安排'>
        <TextArea value={nextStep} onChange={setNextStep} placeholder='例如：次日继续调解，起草协议' maxLength={500} />
      </Field>
      {(save.error || problem) && <Text className='error-text'>{save.error ?? problem}</Text>}
      <ActionButton
        kind='primary'
        block
        busy={save.busy}
        disabled={!!problem}
        onClick={() => void save.run().then((v) => v && goBackOr(teamUrl(view.task.id)))}
      >
        保存调解记录
      </ActionButton>
    </View>
  )
}

function OutcomeForm({ view }: { view: TaskMediationView }) {
  const [outcome, setOutcome] = useState<MediationOutcome>('success')
  const [facts, setFacts] = useState('')
  const [terms, setTerms] = useState('')
  const [performance, setPerformance] = useState('')
  const [guidedTo, setGuidedTo] = useState<Guidance[]>([])
  const [organisation, setOrganisation] = useState('古塘街道人民调解委员会')
  const termList = terms
    .split('\n')
    .map((t) => t.replace(/^\s*\d+[.、．]\s*/, '').trim())
    .filter(Boolean)
  const save = useAction(
    () =>
      recordOutcome(view.team?.id as string, {
        outcome,
        facts: facts.trim(),
        terms: outcome === 'failed' ? [] : termList,
        ...(performance.trim() && outcome !== 'failed' ? { performance: performance.trim() } : {}),
        guidedTo: outcome === 'success' ? [] : guidedTo,
        organisation: organisation.trim(),
      }),
    { success: '已登记' },
  )
  const problem =
    facts.trim().length < 4
      ? '请填写纠纷主要事实（至少 4 个字）'
      : outcome !== 'failed' && termList.length === 0
        ? '请填写达成的协议内容，每行一条'
        : outcome === 'failed' && guidedTo.length === 0
          ? '调解不成时，请选择已引导当事人的途径'
          : null
  return (
    <View className='card record-form'>
      <Text className='med-title'>登记调解结果</Text>
      <Field label='调解结果' required>
        <Chips options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} value={outcome} onChange={setOutcome} />
      </Field>
      <Field label='纠纷主要事实、争议事项' required>
        <TextArea value={facts} onChange={setFacts} placeholder='写入调解协议书' maxLength={2000} />
      </Field>
      {outcome !== 'failed' && (
        <>
          <Field label='协议内容' required hint='每行一条，会编号写入调解协议书'>
            <TextArea value={terms} onChange={setTerms} placeholder={'例如：\n王强向张丽赔礼道歉\n婚生子由张丽抚养'} maxLength={5000} />
          </Field>
          <Field label='履行方式、时限'>
            <TextArea value={performance} onChange={setPerformance} placeholder='例如：每月 5 日前支付抚养费' maxLength={500} />
          </Field>
        </>
      )}
      {outcome !== 'success' && (
        <Field label='已引导当事人' required={outcome === 'failed'} hint='诉调衔接：告知当事人可通过以下途径解决'>
          <MultiChips options={GUIDANCE.map((g) => ({ value: g, label: GUIDANCE_LABELS[g] }))} value={guidedTo} onChange={setGuidedTo} label='引导途径' />
        </Field>
      )}
      {outcome !== 'failed' && (
        <Field label='调解组织（协议书落款）'>
          <TextInput value={organisation} onChange={setOrganisation} maxLength={40} />
        </Field>
      )}
      {(save.error || problem) && <Text className='error-text'>{save.error ?? problem}</Text>}
      <ActionButton
        kind='primary'
        block
        busy={save.busy}
        disabled={!!problem}
        onClick={() => void save.run().then((v) => v && goBackOr(teamUrl(view.task.id)))}
      >
        {outcome === 'failed' ? '登记调解不成' : '登记并生成调解协议书'}
      </ActionButton>
    </View>
  )
}

function Record({ taskId, kind }: { taskId: string; kind: string }) {
  const { data: view, error, loading, reload } = useLoad(() => getTaskMediation(taskId), taskId)
  if (!view && loading) return <Loading />
  if (!view) return <ErrorState message={error ?? '加载失败'} onRetry={() => void reload()} />
  if (!view.canRecord) return <ErrorState message={view.outcome ? '调解结果已登记' : '只有已接受邀请的小组成员、组建人或社治中心可以填写调解记录'} />
  return (
    <View className='med-page'>
      <View className='card'>
        <Text className='med-muted'>{`${view.task.taskNo} · ${view.task.categoryLabel}`}</Text>
        <Text>{view.task.title}</Text>
      </View>
      {kind === 'outcome' ? <OutcomeForm view={view} /> : <SessionForm view={view} />}
    </View>
  )
}

export default function RecordPage() {
  const { task, kind } = useRouter().params
  return <PageShell>{task ? <Record taskId={decodeURIComponent(task)} kind={kind ?? 'session'} /> : <ErrorState message='缺少工单编号' />}</PageShell>
}
